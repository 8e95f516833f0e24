import { Inject, Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { caseTimelineCtes } from './case-timeline';
import type { AddressObject, ParsedMail } from 'mailparser';
import { createHash, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { REPLY_MAIL_CONFIG, type ReplyMailConfig } from '../../config/config-sections';
import { MailCatcher } from '../mail-transport/mail-catcher';
import { parseMail } from '../mail-transport/parse-mail';
import { normaliseEmail } from '../../common/validation/email';
import { joinCustomerOf, lockCustomersSql } from '../customers/customer-sql';
import { caseOfReplyAddress } from './reply-address';
import type { UnmatchedReason } from './unmatched-inbound-mail.entity';
import { UnmatchedMail } from './unmatched-mail';

/** What became of a received email. */
export type ReplyOutcome = 'recorded' | 'duplicate' | 'unmatched' | 'case_unavailable';

const MAX_BODY = 20_000;
const MAX_SUBJECT = 200;
/** Where a mail client starts quoting the message replied to ("On Tue, Ann wrote:"). */
const QUOTE_HEADERS = [
  /^On .{1,300}wrote:\s*$/,
  /^.{1,300} kirjoitti:?\s*$/,
  /^-{2,}\s*(Original Message|Alkuperäinen viesti)\s*-{2,}\s*$/i,
  /^_{10,}\s*$/,
];

/**
 * Customers' replies to case emails, into the case's dialogue and timeline. A reply finds its case
 * by the signed Reply-To address it was sent to, or else by the Message-ID of the case email it
 * answers (In-Reply-To, References) when it comes From the customer's own address: a Message-ID
 * travels in quotes and forwards, so anyone may know one. Anything else is kept aside as
 * unmatched (UnmatchedMail), never added to a case. Recorded once per Message-ID, however often
 * it is delivered; not recorded on a case whose consent was withdrawn. In development the mail catcher hands every
 * message it receives here; in production an MTA or mail provider posts them to
 * `POST /api/v1/inbound-mail`.
 */
@Injectable()
export class CaseReplies implements OnModuleInit {
  private readonly logger = new Logger(CaseReplies.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REPLY_MAIL_CONFIG) private readonly config: ReplyMailConfig,
    private readonly unmatched: UnmatchedMail,
    @Optional() private readonly catcher?: MailCatcher,
  ) {}

  onModuleInit(): void {
    const mailbox = this.config.replyToAddress;
    if (!this.catcher || !mailbox) return;
    // The catcher sees every email Candor sends: parse only those addressed to the replies mailbox
    // (a case's signed address, or the plain mailbox, as a mail client that drops the tag sends).
    const [local, domain] = mailbox.toLowerCase().split('@');
    const forReplies = (address: string) => {
      const lower = address.toLowerCase();
      return (
        lower === `${local}@${domain}` ||
        (lower.startsWith(`${local}+`) && lower.endsWith(`@${domain}`))
      );
    };
    this.catcher.onInbound(async (raw, recipients) => {
      if (recipients.some(forReplies)) await this.receive(raw, recipients);
    });
  }

  /** Records a received email on its case; `recipients` are the envelope's, when known. */
  async receive(raw: Buffer, recipients: string[] = []): Promise<ReplyOutcome> {
    const mail = await parseMail(raw, { skipImageLinks: true, skipTextToHtml: true });
    const match = await this.caseOf(mail, recipients);
    if ('unmatched' in match) {
      await this.unmatched.keepAside({
        reason: match.unmatched,
        sender: senderOf(mail),
        subject: subjectOf(mail),
        caseId: match.caseId ?? null,
      });
      this.logger.log({ reason: match.unmatched }, 'An inbound email was kept aside as unmatched');
      return 'unmatched';
    }
    const outcome = await this.record(match.caseId, mail, raw);
    this.logger.log({ caseId: match.caseId, outcome }, 'inbound email');
    return outcome;
  }

  /**
   * The case a reply belongs to: the one its signed Reply-To names, whoever sent it; or the one
   * whose email it answers, only when it comes From that case's customer.
   */
  private async caseOf(
    mail: ParsedMail,
    recipients: string[],
  ): Promise<{ caseId: string } | { unmatched: UnmatchedReason; caseId?: string }> {
    const mailbox = this.config.replyToAddress;
    if (mailbox) {
      const addressed = [...recipients, ...addressesOf(mail.to), ...addressesOf(mail.cc)];
      for (const address of addressed) {
        const caseId = caseOfReplyAddress(mailbox, this.config.tokenSecret, address);
        if (caseId) return { caseId };
      }
    }
    // A client that dropped the plus address still names the email it answers.
    const answered = [
      ...(mail.inReplyTo ? [mail.inReplyTo] : []),
      ...(typeof mail.references === 'string' ? [mail.references] : (mail.references ?? [])),
    ];
    if (answered.length === 0) return { unmatched: 'no_case' };
    // Customers' addresses are stored normalised; so is the sender before comparing.
    const sender = senderOf(mail);
    // Of the case emails named, the sender's own case first, then the one directly answered
    // (In-Reply-To), then the latest: a References list may name several.
    const [found] = await this.dataSource.query<{ case_id: string; email: string }[]>(
      `SELECT m.case_id, cu.email FROM case_messages m
       JOIN follow_up_cases c ON c.id = m.case_id ${joinCustomerOf('c.customer_id', 'cu')}
       WHERE m.direction = 'outbound' AND m.message_id = ANY($1::text[])
       ORDER BY (cu.email = $2) DESC, (m.message_id = $3) DESC, m.created_at DESC
       LIMIT 1`,
      [answered, sender ?? '', mail.inReplyTo ?? ''],
    );
    if (!found) return { unmatched: 'no_case' };
    if (sender === null || sender !== normaliseEmail(found.email)) {
      return { unmatched: 'sender_not_customer', caseId: found.case_id };
    }
    return { caseId: found.case_id };
  }

  private async record(caseId: string, mail: ParsedMail, raw: Buffer): Promise<ReplyOutcome> {
    // Without a Message-ID, the bytes themselves tell a redelivery from a new email.
    const messageId =
      mail.messageId ?? `<${createHash('sha256').update(raw).digest('hex')}@inbound.invalid>`;
    const subject = subjectOf(mail);
    const body = withoutQuote(mail.text ?? '').slice(0, MAX_BODY);
    return this.dataSource.transaction(async (manager) => {
      // The customer's row first, as every writer about a customer: a withdrawal waits or wins.
      await manager.query(
        lockCustomersSql(
          'id = (SELECT customer_id FROM follow_up_cases WHERE id = $1)',
          'KEY SHARE',
        ),
        [caseId],
      );
      const [result] = await manager.query<{ open: boolean; recorded: boolean }[]>(
        `WITH target AS (
           -- A case kept after its customer's erasure takes no new words: they would outlive them.
           SELECT id FROM follow_up_cases
           WHERE id = $1 AND status <> 'withdrawn' AND erased_at IS NULL
         ),
         message AS (
           INSERT INTO case_messages (id, case_id, direction, subject, body, message_id)
           SELECT $2, id, 'inbound', $3, $4, $5 FROM target
           ON CONFLICT (case_id, message_id) DO NOTHING
           RETURNING case_id
         ),
         ${caseTimelineCtes('timeline', "SELECT case_id, 'reply_received', NULL::uuid, $3 FROM message")},
         touched AS (
           -- Not the version: a reply must not turn an agent's pending edit into a conflict.
           UPDATE follow_up_cases SET updated_at = now() WHERE id = (SELECT case_id FROM message)
         )
         SELECT EXISTS (SELECT 1 FROM target) AS open, EXISTS (SELECT 1 FROM message) AS recorded`,
        [caseId, randomUUID(), subject, body, messageId],
      );
      if (!result.open) return 'case_unavailable';
      return result.recorded ? 'recorded' : 'duplicate';
    });
  }
}

function addressesOf(field: AddressObject | AddressObject[] | undefined): string[] {
  const objects = Array.isArray(field) ? field : field ? [field] : [];
  return objects.flatMap((object) => object.value.flatMap((entry) => entry.address ?? []));
}

/** The one From address, normalised; null when there is none or more than one. */
function senderOf(mail: ParsedMail): string | null {
  const addresses = addressesOf(mail.from);
  return addresses.length === 1 ? normaliseEmail(addresses[0]) : null;
}

function subjectOf(mail: ParsedMail): string {
  return oneLine(mail.subject ?? '').slice(0, MAX_SUBJECT) || '(no subject)';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The reply without the message it quotes: cut at the line where a mail client starts quoting,
 * then trailing `>` lines. A reply that is all quote is kept whole rather than lost.
 */
export function withoutQuote(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const cut = lines.findIndex((line) => QUOTE_HEADERS.some((header) => header.test(line.trim())));
  const kept = cut === -1 ? lines : lines.slice(0, cut);
  while (kept.length > 0 && (kept.at(-1)!.trim() === '' || kept.at(-1)!.startsWith('>'))) {
    kept.pop();
  }
  const reply = kept.join('\n').trim();
  return reply || text.trim();
}

import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { localeFor } from '../../common/i18n/locale';
import { joinCustomerOf } from '../customers/customer-sql';
import { leftJoinUserOf } from '../users/user-sql';
import {
  COMPANY_CONFIG,
  type CompanyConfig,
  REPLY_MAIL_CONFIG,
  type ReplyMailConfig,
} from '../../config/config-sections';
import type { ComposedEmail } from '../email/email-kinds';
import type { EmailMessage } from '../email/email-message.entity';
import { EmailRenderer } from '../email/email-renderer';
import { EmailSender } from '../email/email-sender';
import { Outbox } from '../email/outbox';
import { leftJoinEmailOf, outboxEmailSql } from '../email/outbox-sql';
import { SurveyLinks } from '../../common/links/survey-links';
import type { CaseMessageDirection } from './case-message.entity';
import { replyAddress } from './reply-address';

/** References carried by a message: enough for any mail client to thread it. */
const MAX_REFERENCES = 20;

/** A message of a case's dialogue, as the case view shows it. */
export interface CaseMessageDto {
  id: string;
  direction: CaseMessageDirection;
  subject: string;
  body: string;
  authorId: string | null;
  /** Outbound: the outbox's delivery status (queued, sent, failed, cancelled); inbound: null. */
  delivery: string | null;
  at: string;
}

interface ComposeRow {
  email_id: string;
  case_id: string;
  invitation_id: string;
  subject: string;
  body: string;
  status: string;
  locale: string;
  agent_name: string | null;
}

/**
 * The agent's emails to the customer of a case (`case_message`): written to the dialogue and the
 * outbox in the caller's transaction, composed when sent, threaded with the case's earlier
 * messages (In-Reply-To, References), and given a Reply-To that brings replies back to the case.
 */
@Injectable()
export class CaseMessages implements OnModuleInit {
  constructor(
    private readonly outbox: Outbox,
    private readonly sender: EmailSender,
    private readonly renderer: EmailRenderer,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(COMPANY_CONFIG) private readonly company: CompanyConfig,
    @Inject(REPLY_MAIL_CONFIG) private readonly replyMail: ReplyMailConfig,
    private readonly links: SurveyLinks,
  ) {}

  onModuleInit(): void {
    this.sender.registerKind('case_message', {
      compose: (emails) => this.compose(emails),
    });
  }

  /** Writes the message and queues its email, in the caller's transaction. */
  async queue(
    manager: EntityManager,
    target: { caseId: string; invitationId: string; customerId: string; email: string },
    authorId: string,
    message: { subject: string; body: string },
  ): Promise<void> {
    const emailId = await this.outbox.queueEmail(manager, {
      kind: 'case_message',
      recipient: target.email,
      customerId: target.customerId,
      invitationId: target.invitationId,
    });
    await manager.query(
      `INSERT INTO case_messages (id, case_id, direction, author_id, subject, body, email_id, message_id)
       SELECT $1, $2, 'outbound', $3, $4, $5, m.id, m.message_id FROM ${outboxEmailSql('$6')} m`,
      [randomUUID(), target.caseId, authorId, message.subject, message.body, emailId],
    );
  }

  /** A case's dialogue, oldest first. */
  async dialogue(caseId: string): Promise<CaseMessageDto[]> {
    const rows = await this.dataSource.query<
      {
        id: string;
        direction: CaseMessageDirection;
        subject: string;
        body: string;
        author_id: string | null;
        delivery: string | null;
        created_at: Date;
      }[]
    >(
      `SELECT m.id, m.direction, m.subject, m.body, m.author_id, e.status AS delivery, m.created_at
       FROM case_messages m ${leftJoinEmailOf('m.email_id', 'e')}
       WHERE m.case_id = $1 ORDER BY m.created_at, m.id`,
      [caseId],
    );
    return rows.map((row) => ({
      id: row.id,
      direction: row.direction,
      subject: row.subject,
      body: row.body,
      authorId: row.author_id,
      delivery: row.delivery,
      at: row.created_at.toISOString(),
    }));
  }

  private async compose(emails: EmailMessage[]): Promise<Map<string, ComposedEmail | null>> {
    const rows = await this.dataSource.query<ComposeRow[]>(
      `SELECT m.email_id, m.case_id, c.invitation_id, m.subject, m.body, c.status, cu.locale,
         u.name AS agent_name
       FROM case_messages m
       JOIN follow_up_cases c ON c.id = m.case_id
       ${joinCustomerOf('c.customer_id', 'cu')}
       ${leftJoinUserOf('m.author_id', 'u')}
       WHERE m.email_id = ANY($1::uuid[])`,
      [emails.map((email) => email.id)],
    );
    const threads = await this.threads([...new Set(rows.map((row) => row.case_id))]);
    const composed = new Map<string, ComposedEmail | null>();
    for (const email of emails) {
      const row = rows.find((candidate) => candidate.email_id === email.id);
      // A withdrawn consent (or an erased customer) ends the dialogue, queued emails included.
      if (!row || row.status === 'withdrawn') {
        composed.set(email.id, null);
        continue;
      }
      composed.set(email.id, this.render(row, email, threads.get(row.case_id) ?? []));
    }
    return composed;
  }

  private render(row: ComposeRow, email: EmailMessage, thread: string[]): ComposedEmail {
    const mailbox = this.replyMail.replyToAddress;
    const rendered = this.renderer.render('case-message', {
      locale: localeFor(row.locale),
      companyName: this.company.companyName,
      subject: row.subject,
      body: row.body,
      agentName: row.agent_name ?? this.company.companyName,
      replyable: mailbox !== undefined,
      ...this.links.customerEmailLinks(row.invitation_id),
    });
    const earlier = thread.slice(0, Math.max(0, thread.indexOf(email.messageId)));
    return {
      ...rendered,
      replyTo: mailbox && replyAddress(mailbox, this.replyMail.tokenSecret, row.case_id),
      inReplyTo: earlier.at(-1),
      references: earlier.length > 0 ? earlier.slice(-MAX_REFERENCES) : undefined,
    };
  }

  /** Each case's Message-IDs in the order of its dialogue. */
  private async threads(caseIds: string[]): Promise<Map<string, string[]>> {
    const rows = await this.dataSource.query<{ case_id: string; message_id: string }[]>(
      `SELECT case_id, message_id FROM case_messages WHERE case_id = ANY($1::uuid[])
       ORDER BY created_at, id`,
      [caseIds],
    );
    const threads = new Map<string, string[]>();
    for (const row of rows) {
      const thread = threads.get(row.case_id) ?? [];
      thread.push(row.message_id);
      threads.set(row.case_id, thread);
    }
    return threads;
  }
}

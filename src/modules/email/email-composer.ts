import type { DataSource } from 'typeorm';
import type { JobOutcome } from '../../common/jobs/job-types';
import type { SuppressionsService } from '../suppressions/suppressions.service';
import type { ComposedEmail, EmailKindHandler } from './email-kinds';
import type { EmailKind, EmailMessage } from './email-message.entity';

export type ReadyEmail = { email: EmailMessage; kind: EmailKindHandler; composed: ComposedEmail };

/**
 * Turns a batch of queued outbox rows into messages ready to send: one query for the suppressed
 * addresses, then each kind composes its own emails together (a kind may find one no longer
 * wanted, e.g. a withdrawn consent).
 */
export class EmailComposer {
  /** Registered by the modules that own each kind of email. */
  readonly kinds = new Map<EmailKind, EmailKindHandler>();

  constructor(
    private readonly suppressions: SuppressionsService,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * The queued emails still wanted, composed by their kinds together; the others (suppressed, or
   * no longer wanted by their kind) are cancelled, with their outcome set in `outcomes`.
   */
  async compose(
    queued: EmailMessage[],
    outcomes: Map<string, JobOutcome | Error>,
  ): Promise<ReadyEmail[]> {
    const suppressed = await this.suppressions.suppressionsFor(queued.map((e) => e.recipient));
    const cancelled: EmailMessage[] = [];
    const ready: ReadyEmail[] = [];
    for (const [kindName, emails] of groupBy(queued, (email) => email.kind)) {
      const kind = this.kinds.get(kindName);
      if (!kind) {
        const missing = new Error(`No handler is registered for ${kindName} emails`);
        for (const email of emails) outcomes.set(email.id, missing);
        continue;
      }
      const wanted = emails.filter((email) => !suppressed.has(email.recipient));
      const composed = wanted.length
        ? await kind.compose(wanted)
        : new Map<string, ComposedEmail | null>();
      for (const email of emails) {
        const mail = composed.get(email.id);
        const reason = suppressed.has(email.recipient) ? 'suppressed' : mail ? null : 'not_wanted';
        if (reason) {
          cancelled.push(Object.assign(email, { lastError: reason }));
          outcomes.set(email.id, { status: 'skipped', reason });
        } else {
          ready.push({ email, kind, composed: mail! });
        }
      }
    }
    await this.cancel(cancelled);
    return ready;
  }

  /** Emails no longer to be sent; `lastError` says why (a short code). */
  private async cancel(emails: EmailMessage[]): Promise<void> {
    if (emails.length === 0) return;
    await this.dataSource.query(
      `UPDATE email_messages AS m SET status = 'cancelled', last_error = t.reason
       FROM unnest($1::uuid[], $2::text[]) AS t(id, reason)
       WHERE m.id = t.id AND m.status = 'queued'`,
      [emails.map((email) => email.id), emails.map((email) => email.lastError)],
    );
  }
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

import type { DataSource } from 'typeorm';
import { isDatabaseUnavailable, retryThroughOutage } from '../../database/database-availability';
import type { EmailKindHandler } from './email-kinds';
import type { EmailMessage } from './email-message.entity';

interface SentEmail {
  email: EmailMessage;
  kind: EmailKindHandler;
  /** The relay's reply, e.g. `250 OK: queued as …`. */
  response: string;
}

interface Pending extends SentEmail {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Records each accepted email the moment the relay accepts it: its row marked sent and its kind's
 * `onSent`, in one transaction. Sends that finish while a write is under way are written together
 * by the next one (group commit), so concurrent sends do not queue up behind a transaction each.
 * A group that fails for any reason but an outage (a deadlock, one kind's `onSent` throwing for one
 * email) is written again one email at a time, so only the culprit's outcome is lost. A process
 * killed between the relay's 250 and this commit leaves the row queued: the only way an email goes
 * out twice, with the same Message-ID.
 */
export class SentLog {
  private pending: Pending[] = [];
  private writing = false;

  constructor(
    private readonly dataSource: DataSource,
    /**
     * How long an outcome is written again while the database is unreachable. The relay has the
     * email: giving up would leave the row queued and send it again. Keep it inside the row's claim.
     */
    private readonly outagePatienceMs = 30_000,
  ) {}

  /** Resolves once `sent` is committed. */
  record(sent: SentEmail): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ ...sent, resolve, reject });
      if (!this.writing) void this.writeAll();
    });
  }

  private async writeAll(): Promise<void> {
    this.writing = true;
    while (this.pending.length) {
      const items = this.pending;
      this.pending = [];
      await this.writeGroup(items);
    }
    this.writing = false;
  }

  /**
   * Writes `items` in one transaction. When that fails for a reason other than an outage, each is
   * written on its own, so only the culprit is rejected. An outage that outlasted the patience
   * rejects them all (one at a time, each would wait it out again).
   */
  private async writeGroup(items: Pending[]): Promise<void> {
    try {
      await retryThroughOutage(() => this.write(items), this.outagePatienceMs);
    } catch (error) {
      if (items.length === 1 || isDatabaseUnavailable(error)) {
        for (const item of items) item.reject(error);
      } else {
        for (const item of items) await this.writeGroup([item]);
      }
      return;
    }
    for (const item of items) item.resolve();
  }

  private async write(items: SentEmail[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE email_messages AS m SET status = 'sent', attempts = m.attempts + 1,
           provider_response = t.response, sent_at = now(), last_error = NULL, claimed_until = NULL
         FROM unnest($1::uuid[], $2::text[]) AS t(id, response)
         WHERE m.id = t.id`,
        [items.map(({ email }) => email.id), items.map(({ response }) => response.slice(0, 200))],
      );
      const byKind = new Map<EmailKindHandler, EmailMessage[]>();
      for (const { email, kind } of items) byKind.set(kind, [...(byKind.get(kind) ?? []), email]);
      for (const [kind, emails] of byKind) await kind.onSent?.(emails, manager);
    });
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { JobQueue } from '../../common/jobs/job-queue';
import { LINKS_CONFIG, type LinksConfig } from '../../config/config-sections';
import { EmailKind, EmailMessage, UNSOLICITED_KINDS } from './email-message.entity';

declare module '../../common/jobs/job-types' {
  interface JobPayloads {
    'email.send': { emailId: string };
  }
}

export interface QueuedEmail {
  kind: EmailKind;
  recipient: string;
  customerId?: string;
  invitationId?: string;
  /** Not before this time (a scheduled invitation, a preferred contact time). */
  sendAt?: Date;
}

/**
 * The first moment at or after `notBefore` that falls in the customer's preferred contact time;
 * `notBefore` itself when they stated none.
 */
export type PreferredTimeOf = (
  manager: EntityManager,
  customerId: string,
  notBefore: Date,
) => Promise<Date>;

/** Writes an email to the outbox and enqueues its send job, both in the caller's transaction. */
@Injectable()
export class Outbox {
  private readonly messageIdDomain: string;
  /** Set by the module that knows customers' preferences (they sit above the outbox). */
  private preferredTimeOf: PreferredTimeOf = (_manager, _customerId, notBefore) =>
    Promise.resolve(notBefore);

  constructor(
    private readonly jobs: JobQueue,
    @Inject(LINKS_CONFIG) config: LinksConfig,
  ) {
    this.messageIdDomain = new URL(config.publicBaseUrl).hostname;
  }

  usePreferredTimes(preferredTimeOf: PreferredTimeOf): void {
    this.preferredTimeOf = preferredTimeOf;
  }

  /**
   * When Candor's own email to a customer (a reminder, a recovery survey) should go out: the
   * first moment from `notBefore` in their preferred contact time; null when that is now.
   */
  async preferredSendAt(
    manager: EntityManager,
    customerId: string,
    notBefore: Date = new Date(),
  ): Promise<Date | null> {
    const at = await this.preferredTimeOf(manager, customerId, notBefore);
    return at.getTime() > Date.now() ? at : null;
  }

  async queueEmail(manager: EntityManager, email: QueuedEmail): Promise<string> {
    const [id] = await this.queueEmails(manager, [email]);
    return id;
  }

  /** Many emails in two statements (rows, then jobs); answers their ids in order. */
  async queueEmails(manager: EntityManager, emails: QueuedEmail[]): Promise<string[]> {
    if (emails.length === 0) return [];
    const ids = emails.map(() => randomUUID());
    await manager.query(
      `INSERT INTO email_messages
         (id, kind, recipient, customer_id, invitation_id, status, message_id, send_after)
       SELECT t.id, t.kind, t.recipient, t.customer_id, t.invitation_id, 'queued', t.message_id,
         t.send_after
       FROM unnest(
         $1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::uuid[], $6::text[], $7::timestamptz[]
       ) AS t(id, kind, recipient, customer_id, invitation_id, message_id, send_after)`,
      [
        ids,
        emails.map((email) => email.kind),
        emails.map((email) => email.recipient),
        emails.map((email) => email.customerId ?? null),
        emails.map((email) => email.invitationId ?? null),
        ids.map((id) => `<${id}@${this.messageIdDomain}>`),
        emails.map((email) => email.sendAt ?? null),
      ],
    );
    await this.jobs.enqueueMany(
      emails.map((email, i) => ({
        name: 'email.send',
        payload: { emailId: ids[i] },
        startAfter: email.sendAt,
      })),
      manager,
    );
    return ids;
  }

  /**
   * Unsolicited emails (invitations, reminders) queued or sent to a customer in the last `days`:
   * what the contact budget counts. The dialogue they asked for (thank-you, agent emails, the
   * recovery survey) is recorded like every email but never counted against it.
   */
  async recentMessageCount(
    manager: EntityManager,
    customerId: string,
    days: number,
  ): Promise<number> {
    return (await this.recentMessageCounts(manager, [customerId], days)).get(customerId) ?? 0;
  }

  /** `recentMessageCount` for many customers; customers without any are left out. */
  async recentMessageCounts(
    manager: EntityManager,
    customerIds: string[],
    days: number,
  ): Promise<Map<string, number>> {
    const rows = await manager.query<{ customer_id: string; n: number }[]>(
      `SELECT customer_id, count(*)::int AS n FROM email_messages
       WHERE customer_id = ANY($1::uuid[]) AND status IN ('queued', 'sent')
         AND kind = ANY($3::text[]) AND created_at > now() - make_interval(days => $2)
       GROUP BY customer_id`,
      [customerIds, days, UNSOLICITED_KINDS],
    );
    return new Map(rows.map((row) => [row.customer_id, row.n]));
  }

  /** Emails of a customer's that are still waiting (cancelled when they unsubscribe or are erased). */
  async cancelQueuedEmails(
    manager: EntityManager,
    where: { customerId?: string; invitationId?: string },
  ): Promise<void> {
    await manager.update(EmailMessage, { ...where, status: 'queued' }, { status: 'cancelled' });
  }

  /** A customer's emails of these kinds still waiting, cancelled as a withdrawn consent requires. */
  async cancelForWithdrawnConsent(
    manager: EntityManager,
    customerId: string,
    kinds: EmailKind[],
  ): Promise<void> {
    await manager.query(
      `UPDATE email_messages SET status = 'cancelled', last_error = 'consent_withdrawn'
       WHERE customer_id = $1 AND status = 'queued' AND kind = ANY($2::text[])`,
      [customerId, kinds],
    );
  }
}

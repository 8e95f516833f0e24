import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { JobQueue } from '../../common/jobs/job-queue';
import { LINKS_CONFIG, type LinksConfig } from '../../config/config-sections';
import { EmailKind, EmailMessage } from './email-message.entity';

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
  /** Not before this time (scheduled invitations). */
  sendAt?: Date;
}

/** Writes an email to the outbox and enqueues its send job, both in the caller's transaction. */
@Injectable()
export class Outbox {
  private readonly messageIdDomain: string;

  constructor(
    private readonly jobs: JobQueue,
    @Inject(LINKS_CONFIG) config: LinksConfig,
  ) {
    this.messageIdDomain = new URL(config.publicBaseUrl).hostname;
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
      `INSERT INTO email_messages (id, kind, recipient, customer_id, invitation_id, status, message_id)
       SELECT t.id, t.kind, t.recipient, t.customer_id, t.invitation_id, 'queued', t.message_id
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::uuid[], $6::text[])
         AS t(id, kind, recipient, customer_id, invitation_id, message_id)`,
      [
        ids,
        emails.map((email) => email.kind),
        emails.map((email) => email.recipient),
        emails.map((email) => email.customerId ?? null),
        emails.map((email) => email.invitationId ?? null),
        ids.map((id) => `<${id}@${this.messageIdDomain}>`),
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

  /** Emails of every kind queued or sent to a customer in the last `days` (the contact budget). */
  async recentMessageCount(
    manager: EntityManager,
    customerId: string,
    days: number,
  ): Promise<number> {
    return (await this.recentMessageCounts(manager, [customerId], days)).get(customerId) ?? 0;
  }

  /**
   * Emails of every kind queued or sent to each customer in the last `days` (the contact
   * budget); customers without any are left out.
   */
  async recentMessageCounts(
    manager: EntityManager,
    customerIds: string[],
    days: number,
  ): Promise<Map<string, number>> {
    const rows = await manager.query<{ customer_id: string; n: number }[]>(
      `SELECT customer_id, count(*)::int AS n FROM email_messages
       WHERE customer_id = ANY($1::uuid[]) AND status IN ('queued', 'sent')
         AND created_at > now() - make_interval(days => $2)
       GROUP BY customer_id`,
      [customerIds, days],
    );
    return new Map(rows.map((row) => [row.customer_id, row.n]));
  }

  /**
   * When one more email to a customer fits a budget of `maxMessages` per `days`: once the oldest
   * of the emails queued or sent that fill the window has left it; null when one fits now.
   */
  async budgetFreesAt(
    manager: EntityManager,
    customerId: string,
    days: number,
    maxMessages: number,
  ): Promise<Date | null> {
    const [filling] = await manager.query<{ frees_at: Date }[]>(
      `SELECT created_at + make_interval(days => $2) AS frees_at FROM email_messages
       WHERE customer_id = $1 AND status IN ('queued', 'sent')
         AND created_at > now() - make_interval(days => $2)
       ORDER BY created_at DESC OFFSET $3 - 1 LIMIT 1`,
      [customerId, days, maxMessages],
    );
    return filling ? filling.frees_at : null;
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

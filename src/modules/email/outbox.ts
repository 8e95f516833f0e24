import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { JobQueue } from '../../common/jobs/job-queue';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
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
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.messageIdDomain = new URL(config.publicBaseUrl).hostname;
  }

  async queueEmail(manager: EntityManager, email: QueuedEmail): Promise<EmailMessage> {
    const id = randomUUID();
    const row = await manager.save(
      manager.create(EmailMessage, {
        id,
        kind: email.kind,
        recipient: email.recipient,
        customerId: email.customerId ?? null,
        invitationId: email.invitationId ?? null,
        status: 'queued',
        messageId: `<${id}@${this.messageIdDomain}>`,
      }),
    );
    await this.jobs.enqueue('email.send', { emailId: id }, { manager, startAfter: email.sendAt });
    return row;
  }

  /** Emails of every kind queued or sent to a customer in the last `days` (the contact budget). */
  async recentMessageCount(
    manager: EntityManager,
    customerId: string,
    days: number,
  ): Promise<number> {
    const [row] = await manager.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM email_messages
       WHERE customer_id = $1 AND status IN ('queued', 'sent') AND created_at > now() - make_interval(days => $2)`,
      [customerId, days],
    );
    return row.n;
  }

  /** Emails of a customer's that are still waiting (cancelled when they unsubscribe or are erased). */
  async cancelQueuedEmails(
    manager: EntityManager,
    where: { customerId?: string; invitationId?: string },
  ): Promise<void> {
    await manager.update(EmailMessage, { ...where, status: 'queued' }, { status: 'cancelled' });
  }
}

import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { JobQueue } from '../../common/jobs/job-queue';
import type { JobOutcome } from '../../common/jobs/job-types';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { MailDeliveryError, MailTransport } from '../mail/mail-transport';
import { SuppressionsService } from '../suppressions/suppressions.service';
import type { EmailKindHandler } from './email-kinds';
import { EmailKind, EmailMessage } from './email-message.entity';

/** How long sending pauses after an authentication or TLS failure before it tries again. */
const CONFIGURATION_PAUSE_MS = 60_000;

/**
 * The `email.send` job: composes a queued outbox row through its kind's handler and hands it to
 * SMTP. 4xx and dropped connections are retried with backoff; 5xx bounces the message and
 * suppresses the address; an authentication or TLS failure pauses sending (and fails readiness)
 * instead of spending retries. A worker killed mid-send leaves the row queued, so the job runs
 * again with the same Message-ID: at least once, duplicates recognisable.
 */
@Injectable()
export class EmailSender implements OnModuleInit {
  private readonly logger = new Logger(EmailSender.name);
  private readonly kinds = new Map<EmailKind, EmailKindHandler>();
  private pausedUntil = 0;
  private pauseCause?: string;
  private nextSendAt = 0;

  constructor(
    private readonly jobs: JobQueue,
    private readonly mail: MailTransport,
    private readonly suppressions: SuppressionsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register('email.send', ({ emailId }) => this.sendEmail(emailId), {
      retryLimit: 8,
      retryDelaySeconds: 15,
      backoff: true,
      expireInSeconds: 120,
      // Sends wait on the network, not the CPU: fetch many and send them concurrently.
      batchSize: 50,
      workers: 4,
      pollingIntervalSeconds: 0.5,
    });
  }

  registerKind(kind: EmailKind, handler: EmailKindHandler): void {
    this.kinds.set(kind, handler);
  }

  /** Why sending is paused, if it is (shown by /health/ready). */
  get pauseReason(): string | undefined {
    return Date.now() < this.pausedUntil ? this.pauseCause : undefined;
  }

  async sendEmail(emailId: string): Promise<JobOutcome> {
    const emails = this.dataSource.getRepository(EmailMessage);
    const email = await emails.findOneBy({ id: emailId });
    if (!email || email.status !== 'queued') return { status: 'skipped', reason: 'not_queued' };
    if (this.pauseReason) return this.deferWhilePaused(email);

    const kind = this.kinds.get(email.kind);
    if (!kind) throw new Error(`No handler is registered for ${email.kind} emails`);
    if (await this.suppressions.suppressionFor(email.recipient))
      return this.cancel(email, 'suppressed');
    const composed = await kind.compose(email);
    if (!composed) return this.cancel(email, 'not_wanted');

    await this.waitForSendSlot();
    try {
      const result = await this.mail.send({
        ...composed,
        to: email.recipient,
        messageId: email.messageId,
      });
      await this.dataSource.transaction(async (manager) => {
        await manager.update(
          EmailMessage,
          { id: email.id },
          {
            status: 'sent',
            attempts: () => 'attempts + 1',
            providerResponse: result.response.slice(0, 200),
            sentAt: new Date(),
            lastError: null,
          },
        );
        await kind.onSent(email, manager);
      });
      return { status: 'success' };
    } catch (error) {
      if (!(error instanceof MailDeliveryError)) throw error;
      return this.deliveryFailed(email, kind, error);
    }
  }

  private async deliveryFailed(
    email: EmailMessage,
    kind: EmailKindHandler,
    error: MailDeliveryError,
  ): Promise<JobOutcome> {
    const code = `${error.kind}:${error.responseCode ?? error.errorCode ?? 'unknown'}`;
    if (error.kind === 'permanent') {
      await this.dataSource.transaction(async (manager) => {
        await manager.update(
          EmailMessage,
          { id: email.id },
          { status: 'failed', attempts: () => 'attempts + 1', lastError: code },
        );
        await this.suppressions.suppress(email.recipient, 'bounced', manager);
        await kind.onBounced(email, manager);
      });
      return { status: 'success', reason: 'bounced' };
    }
    await this.dataSource
      .getRepository(EmailMessage)
      .update({ id: email.id }, { attempts: () => 'attempts + 1', lastError: code });
    if (error.kind === 'configuration') {
      this.pausedUntil = Date.now() + CONFIGURATION_PAUSE_MS;
      this.pauseCause = `sending paused: the SMTP server refused Candor's credentials or TLS (${code})`;
      this.logger.error(this.pauseCause);
      return this.deferWhilePaused(email);
    }
    throw error; // transient: pg-boss retries with backoff
  }

  /** A fresh job after the pause, so a misconfigured server does not spend the email's retries. */
  private async deferWhilePaused(email: EmailMessage): Promise<JobOutcome> {
    await this.jobs.enqueue(
      'email.send',
      { emailId: email.id },
      { startAfter: new Date(this.pausedUntil) },
    );
    return { status: 'skipped', reason: 'paused' };
  }

  private async cancel(email: EmailMessage, reason: string): Promise<JobOutcome> {
    await this.dataSource
      .getRepository(EmailMessage)
      .update({ id: email.id, status: 'queued' }, { status: 'cancelled', lastError: reason });
    return { status: 'skipped', reason };
  }

  /** The configured global rate (per worker process): spaces sends evenly. */
  private async waitForSendSlot(): Promise<void> {
    const interval = 1000 / this.config.mailSendRatePerSecond;
    const now = Date.now();
    const slot = Math.max(now, this.nextSendAt);
    this.nextSendAt = slot + interval;
    if (slot > now) await sleep(slot - now);
  }
}

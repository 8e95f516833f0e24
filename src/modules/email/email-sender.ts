import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, In } from 'typeorm';
import { JobQueue } from '../../common/jobs/job-queue';
import type { JobOutcome } from '../../common/jobs/job-types';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { MailDeliveryError, MailTransport } from '../mail/mail-transport';
import { SuppressionsService } from '../suppressions/suppressions.service';
import type { ComposedEmail, EmailKindHandler } from './email-kinds';
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
    this.jobs.registerBatch(
      'email.send',
      (jobs) => this.sendEmails(jobs.map((job) => job.payload.emailId)),
      {
        retryLimit: 8,
        retryDelaySeconds: 15,
        backoff: true,
        expireInSeconds: 120,
        // Sends wait on the network, not the CPU: fetch many, write their outcomes set-wise,
        // and send them concurrently over the transport's pooled connections.
        batchSize: 100,
        workers: 2,
        pollingIntervalSeconds: 0.5,
      },
    );
  }

  registerKind(kind: EmailKind, handler: EmailKindHandler): void {
    this.kinds.set(kind, handler);
  }

  /** Why sending is paused, if it is (shown by /health/ready). */
  get pauseReason(): string | undefined {
    return Date.now() < this.pausedUntil ? this.pauseCause : undefined;
  }

  /** Sends one queued email now (what the job does for each of a batch). */
  async sendEmail(emailId: string): Promise<JobOutcome> {
    const [outcome] = await this.sendEmails([emailId]);
    if (outcome instanceof Error) throw outcome;
    return outcome;
  }

  /**
   * Sends a batch of queued emails: one query loads them, one checks suppressions, each kind
   * composes its emails together, the sends run concurrently, and the successes are recorded in
   * one transaction. Answers one outcome (or the Error to retry) per id, in order.
   */
  async sendEmails(emailIds: string[]): Promise<(JobOutcome | Error)[]> {
    const outcomes = new Map<string, JobOutcome | Error>();
    const rows = await this.dataSource.getRepository(EmailMessage).findBy({ id: In(emailIds) });
    const queued = rows.filter((email) => email.status === 'queued');
    if (this.pauseReason) {
      await this.deferWhilePaused(queued);
      for (const email of queued) outcomes.set(email.id, { status: 'skipped', reason: 'paused' });
    } else {
      await this.composeAndSend(queued, outcomes);
    }
    return emailIds.map((id) => outcomes.get(id) ?? { status: 'skipped', reason: 'not_queued' });
  }

  private async composeAndSend(
    queued: EmailMessage[],
    outcomes: Map<string, JobOutcome | Error>,
  ): Promise<void> {
    const suppressed = await this.suppressions.suppressionsFor(queued.map((e) => e.recipient));
    const cancelled: EmailMessage[] = [];
    const ready: { email: EmailMessage; kind: EmailKindHandler; composed: ComposedEmail }[] = [];
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

    const sent: { email: EmailMessage; kind: EmailKindHandler; response: string }[] = [];
    const deferred: EmailMessage[] = [];
    await Promise.all(
      ready.map(async ({ email, kind, composed }) => {
        await this.waitForSendSlot();
        // Another send of this batch may have hit an auth or TLS failure meanwhile: stop there
        // rather than hammer the server with logins it refuses.
        if (this.pauseReason) {
          deferred.push(email);
          outcomes.set(email.id, { status: 'skipped', reason: 'paused' });
          return;
        }
        try {
          const result = await this.mail.send({
            ...composed,
            to: email.recipient,
            messageId: email.messageId,
          });
          sent.push({ email, kind, response: result.response.slice(0, 200) });
        } catch (error) {
          outcomes.set(
            email.id,
            error instanceof MailDeliveryError
              ? await this.deliveryFailed(email, kind, error).catch((e: unknown) => asError(e))
              : asError(error),
          );
        }
      }),
    );
    await this.recordSent(sent);
    await this.deferWhilePaused(deferred);
    for (const { email } of sent) outcomes.set(email.id, { status: 'success' });
  }

  /**
   * Marks sent emails and lets their kinds record it, in one transaction. A crash before it
   * commits leaves them queued: their jobs run again, with the same Message-IDs.
   */
  private async recordSent(
    sent: { email: EmailMessage; kind: EmailKindHandler; response: string }[],
  ): Promise<void> {
    if (sent.length === 0) return;
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE email_messages AS m SET status = 'sent', attempts = m.attempts + 1,
           provider_response = t.response, sent_at = now(), last_error = NULL
         FROM unnest($1::uuid[], $2::text[]) AS t(id, response)
         WHERE m.id = t.id`,
        [sent.map(({ email }) => email.id), sent.map(({ response }) => response)],
      );
      for (const [kind, items] of groupBy(sent, (item) => item.kind)) {
        await kind.onSent?.(
          items.map((item) => item.email),
          manager,
        );
      }
    });
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
        await kind.onBounced?.(email, manager);
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
      await this.deferWhilePaused([email]);
      return { status: 'skipped', reason: 'paused' };
    }
    throw error; // transient: pg-boss retries with backoff
  }

  /** Fresh jobs after the pause, so a misconfigured server does not spend the emails' retries. */
  private async deferWhilePaused(emails: EmailMessage[]): Promise<void> {
    if (emails.length === 0) return;
    // A delay, not a time: the database's clock decides when a job is due.
    const startAfter = Math.max(1, Math.ceil((this.pausedUntil - Date.now()) / 1000));
    await this.dataSource.transaction((manager) =>
      this.jobs.enqueueMany(
        emails.map((email) => ({ name: 'email.send', payload: { emailId: email.id }, startAfter })),
        manager,
      ),
    );
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

  /** The configured global rate (per worker process): spaces sends evenly. */
  private async waitForSendSlot(): Promise<void> {
    const interval = 1000 / this.config.mailSendRatePerSecond;
    const now = Date.now();
    const slot = Math.max(now, this.nextSendAt);
    this.nextSendAt = slot + interval;
    if (slot > now) await sleep(slot - now);
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

const asError = (error: unknown): Error =>
  error instanceof Error ? error : new Error(String(error));

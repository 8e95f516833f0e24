import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, In } from 'typeorm';
import { JobQueue } from '../../common/jobs/job-queue';
import type { JobOutcome } from '../../common/jobs/job-types';
import { MAIL_CONFIG, type MailConfig } from '../../config/config-sections';
import {
  longestSendMs,
  MailDeliveryError,
  MailTransport,
  SENDING_JOB_SECONDS,
  sendingJobLimitMs,
} from '../mail-transport/mail-transport';
import { SuppressionsService } from '../suppressions/suppressions.service';
import { EmailComposer, type ReadyEmail } from './email-composer';
import type { EmailKindHandler } from './email-kinds';
import { EmailKind, EmailMessage } from './email-message.entity';
import { SendClaims } from './send-claims';
import { SendPause } from './send-pause';
import { SendSlots } from './send-slots';
import { SentLog } from './sent-log';

/** An email whose send is put off to a fresh job: `startAfter` in seconds (0: at once). */
type Deferral = { email: EmailMessage; startAfter: number };
/** Why a send was put off, and for how many seconds. */
type PutOff = {
  putOff: number;
  reason: 'paused' | 'out_of_time' | 'held_elsewhere' | 'shutting_down';
};

/**
 * The `email.send` job: composes a queued outbox row through its kind's handler and hands it to
 * SMTP, one message at a time per pooled connection. Before each send it checks that the job still
 * has time for one (else the rest go to a fresh job, so pg-boss never fails a run whose sends go
 * on) and claims the row (still queued, held by no other run); each outcome is written as the
 * relay answers. Failures by kind (see `classifySmtpFailure`): transient ones are retried with
 * backoff; a refused recipient bounces and is suppressed; a refused message fails; a relay that
 * refuses Candor itself pauses sending (and fails readiness) without spending retries or
 * suppressing anyone. Only a process killed between the relay's 250 and the outcome's commit
 * sends an email twice, with the same Message-ID.
 */
@Injectable()
export class EmailSender implements OnModuleInit {
  private readonly logger = new Logger(EmailSender.name);
  private readonly pause = new SendPause();
  private readonly sentLog: SentLog;
  private readonly composer: EmailComposer;
  private readonly connections: SendSlots;
  /** How long a job may run; a send's claim on its row lasts as long. */
  private readonly jobLimitMs: number;
  /** A send may start this long after its batch started, and still end inside the job's limit. */
  private readonly sendWindowMs: number;
  private nextSendAt = 0;

  constructor(
    private readonly jobs: JobQueue,
    private readonly mail: MailTransport,
    private readonly suppressions: SuppressionsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MAIL_CONFIG) private readonly config: MailConfig,
  ) {
    this.sentLog = new SentLog(dataSource);
    this.composer = new EmailComposer(suppressions, dataSource);
    this.connections = new SendSlots(mail.maxConnections);
    this.jobLimitMs = sendingJobLimitMs(config.maxRunSeconds);
    const margin = Math.max(1000, this.jobLimitMs / 10);
    this.sendWindowMs = Math.max(0, this.jobLimitMs - longestSendMs(mail.timeouts) - margin);
  }

  onModuleInit(): void {
    this.jobs.registerBatch(
      'email.send',
      (jobs, report) =>
        this.sendEmails(
          jobs.map((job) => job.payload.emailId),
          (emailId, outcome) => {
            for (const job of jobs) if (job.payload.emailId === emailId) report(job.id, outcome);
          },
        ),
      {
        retryLimit: 8,
        retryDelaySeconds: 15,
        backoff: true,
        expireInSeconds: SENDING_JOB_SECONDS,
        // Sends wait on the network, not the CPU: fetch many, and send them over every pooled
        // connection at once.
        batchSize: 100,
        workers: 2,
        pollingIntervalSeconds: 0.5,
      },
    );
  }

  registerKind(kind: EmailKind, handler: EmailKindHandler): void {
    this.composer.kinds.set(kind, handler);
  }

  /** Why sending is paused, if it is (shown by /health/ready). */
  get pauseReason(): string | undefined {
    return this.pause.reason;
  }

  /** Sends one queued email now (what the job does for each of a batch). */
  async sendEmail(emailId: string): Promise<JobOutcome> {
    const [outcome] = await this.sendEmails([emailId]);
    if (outcome instanceof Error) throw outcome;
    return outcome;
  }

  /**
   * Sends a batch of queued emails: one query loads them, one checks suppressions, each kind
   * composes its emails together, then as many sends run at once as the transport has connections,
   * each recorded as it ends. Answers one outcome (or the Error to retry) per id, in order; tells
   * `sent` each send's outcome as soon as it is recorded (not an email put off: its fresh job is
   * written with the batch's end).
   */
  async sendEmails(
    emailIds: string[],
    sent: (emailId: string, outcome: JobOutcome | Error) => void = () => undefined,
  ): Promise<(JobOutcome | Error)[]> {
    const lastStart = Date.now() + this.sendWindowMs;
    const outcomes = new Map<string, JobOutcome | Error>();
    const deferrals: Deferral[] = [];
    const rows = await this.dataSource.getRepository(EmailMessage).findBy({ id: In(emailIds) });
    const queued = rows.filter((email) => email.status === 'queued');
    const ready = this.pause.reason ? [] : await this.composer.compose(queued, outcomes);
    const lanes = 2 * this.mail.maxConnections;
    const claims = new SendClaims(
      this.dataSource,
      ready.map(({ email }) => email.id),
      lanes,
      this.jobLimitMs,
    );
    let next = 0;
    const lane = async () => {
      for (let index = next++; index < ready.length; index = next++) {
        const item = ready[index];
        const result = await this.sendOne(item, claims, index, lastStart);
        if ('putOff' in result) {
          deferrals.push({ email: item.email, startAfter: result.putOff });
          outcomes.set(item.email.id, { status: 'skipped', reason: result.reason });
        } else {
          outcomes.set(item.email.id, result);
          sent(item.email.id, result);
        }
      }
    };
    // Twice as many lanes as connections: while some send, the others claim their next rows or
    // commit their last outcome.
    await Promise.all(Array.from({ length: lanes }, lane));
    // Unreleased, they would lapse at the job's limit: a fresh job just waits longer for them.
    await claims
      .releaseUnsent()
      .catch((error: unknown) =>
        this.logger.warn(`Could not release unsent emails' claims: ${asError(error).message}`),
      );
    if (this.pause.reason) {
      for (const email of queued.filter((e) => !outcomes.has(e.id))) {
        deferrals.push({ email, startAfter: this.pause.remainingMs / 1000 });
        outcomes.set(email.id, { status: 'skipped', reason: 'paused' });
      }
    }
    await this.defer(deferrals);
    return emailIds.map((id) => outcomes.get(id) ?? { status: 'skipped', reason: 'not_queued' });
  }

  /**
   * One send on one pooled connection. Answers its outcome, or that it is put off to a fresh job
   * (paused, out of time, or held by another run). A sent email is answered once its outcome is
   * committed.
   */
  private async sendOne(
    { email, kind, composed }: ReadyEmail,
    claims: SendClaims,
    index: number,
    lastStart: number,
  ): Promise<JobOutcome | Error | PutOff> {
    let release: (() => void) | undefined;
    try {
      // Checked before the claim and again once a connection is free: the claim is a round trip,
      // made while other lanes' sends hold the connections.
      const early = this.wontStart(lastStart);
      if (early) return early;
      const claim = await claims.claim(index);
      if (claim === 'gone') return { status: 'skipped', reason: 'not_queued' };
      if (claim !== 'claimed') return { putOff: claim + 1, reason: 'held_elsewhere' };
      release = await this.connections.take();
      await this.waitForSendSlot();
      const late = this.wontStart(lastStart);
      if (late) return late; // its claim is released with the batch's unsent ones
      claims.sending(email.id);
      let response: string;
      try {
        ({ response } = await this.mail.send({
          ...composed,
          to: email.recipient,
          messageId: email.messageId,
        }));
      } catch (error) {
        if (!(error instanceof MailDeliveryError)) throw error;
        return await this.deliveryFailed(email, kind, error).catch(asError);
      }
      this.pause.accepted();
      // The connection is free for another lane's send while this one's outcome commits; this
      // lane sends nothing more until it has, so few sends are ever unrecorded.
      release();
      await this.sentLog.record({ email, kind, response });
      return { status: 'success' };
    } catch (error) {
      return asError(error);
    } finally {
      release?.();
    }
  }

  private wontStart(lastStart: number): PutOff | undefined {
    // A send begun now could be accepted after the pools close, its outcome lost: a fresh job
    // sends it (in this process's successor, or another worker).
    if (this.jobs.draining) return { putOff: 0, reason: 'shutting_down' };
    // Another send may have paused sending meanwhile: stop there rather than hammer the relay.
    if (this.pause.reason) return this.pausedFor();
    // Too late to start: the send might outlast the job, which pg-boss would retry meanwhile.
    if (Date.now() > lastStart) return { putOff: 0, reason: 'out_of_time' };
    return undefined;
  }

  private pausedFor(): PutOff {
    return { putOff: this.pause.remainingMs / 1000, reason: 'paused' };
  }

  private async deliveryFailed(
    email: EmailMessage,
    kind: EmailKindHandler,
    error: MailDeliveryError,
  ): Promise<JobOutcome | PutOff> {
    let failure = error.kind;
    if (failure === 'unclear') {
      // A bare 5xx: the relay's when several recipients get one; the address's when this one got
      // it before too while others went through; else unknown yet, so tried again.
      const culprit = this.pause.unclearRefusal(email.recipient);
      const before = email.lastError?.startsWith('unclear:') ?? false;
      failure = culprit === 'relay' ? 'relay' : before ? 'recipient' : 'transient';
    }
    const code = error.shortCode;
    if (failure === 'recipient' || failure === 'message') {
      await this.dataSource.transaction(async (manager) => {
        await manager.update(
          EmailMessage,
          { id: email.id },
          {
            status: 'failed',
            attempts: () => 'attempts + 1',
            lastError: code,
            claimedUntil: null,
          },
        );
        if (failure === 'recipient') {
          await this.suppressions.suppress(email.recipient, 'bounced', manager);
        }
        await kind.onBounced?.(email, manager);
      });
      return { status: 'success', reason: failure === 'recipient' ? 'bounced' : 'rejected' };
    }
    await this.dataSource
      .getRepository(EmailMessage)
      .update(
        { id: email.id },
        { attempts: () => 'attempts + 1', lastError: code, claimedUntil: null },
      );
    if (failure === 'configuration' || failure === 'relay') {
      // Named by what it was taken for: a bare 550 to several recipients is the relay's.
      const cause = `${failure}:${code.slice(code.indexOf(':') + 1)}`;
      if (!this.pause.reason) this.logger.error(this.pause.pause(failure, cause));
      return this.pausedFor();
    }
    throw error; // transient: pg-boss retries with backoff
  }

  /**
   * Fresh jobs for emails put off (after a pause, or when their job ran out of time), so neither
   * spends the emails' retries.
   */
  private async defer(deferrals: Deferral[]): Promise<void> {
    if (deferrals.length === 0) return;
    await this.dataSource.transaction((manager) =>
      this.jobs.enqueueMany(
        deferrals.map(({ email, startAfter }) => ({
          name: 'email.send',
          payload: { emailId: email.id },
          // A delay, not a time: the database's clock decides when a job is due.
          startAfter: Math.ceil(startAfter),
        })),
        manager,
      ),
    );
  }

  /** The configured global rate (per worker process): spaces sends evenly. */
  private async waitForSendSlot(): Promise<void> {
    const interval = 1000 / this.config.sendRatePerSecond;
    const now = Date.now();
    const slot = Math.max(now, this.nextSendAt);
    this.nextSendAt = slot + interval;
    if (slot > now) await sleep(slot - now);
  }
}

const asError = (error: unknown): Error =>
  error instanceof Error ? error : new Error(String(error));

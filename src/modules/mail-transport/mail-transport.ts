import { createTransport, type NodemailerError, type Transporter } from 'nodemailer';
import type { SMTPPoolSentMessageInfo } from 'nodemailer';
import { classifySmtpFailure, type DeliveryFailureKind } from './smtp-failures';
import { DEFAULT_SMTP_CONNECTIONS } from '../../config/environment';

export type { DeliveryFailureKind } from './smtp-failures';

export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** With angle brackets, e.g. `<id@candor.example>`; stored before sending to match replies. */
  messageId: string;
  headers?: Record<string, string>;
  replyTo?: string;
  inReplyTo?: string;
  references?: string[];
}

export interface SendResult {
  messageId: string;
  /** The server's final reply, e.g. `250 OK: queued as …`. */
  response: string;
  accepted: string[];
  rejected: string[];
}

/** A classified SMTP failure. Its message never holds an address, so it can be logged as is. */
export class MailDeliveryError extends Error {
  override readonly name = 'MailDeliveryError';

  constructor(
    readonly kind: DeliveryFailureKind,
    /** The SMTP reply code, when the server answered. */
    readonly responseCode: number | undefined,
    /** Nodemailer's error code, e.g. ECONNECTION or EAUTH. */
    readonly errorCode: string | undefined,
    message: string,
    /** The reply's RFC 3463 code, e.g. `5.1.1`, when it had one. */
    readonly enhancedCode?: string,
  ) {
    super(message);
  }

  /** A short code for the delivery log, e.g. `recipient:550 5.1.1` or `transient:ETIMEDOUT`. */
  get shortCode(): string {
    const reply = [this.responseCode, this.enhancedCode].filter(Boolean).join(' ');
    return `${this.kind}:${reply || this.errorCode || 'unknown'}`;
  }
}

/**
 * How long a job that sends mail may run (the `email.send` job's limit, lowered by
 * JOBS_MAX_RUN_SECONDS): the transport's timeouts keep any one send well inside it.
 */
export const SENDING_JOB_SECONDS = 120;

export const sendingJobLimitMs = (maxRunSeconds?: number): number =>
  Math.min(SENDING_JOB_SECONDS, maxRunSeconds ?? SENDING_JOB_SECONDS) * 1000;

/**
 * The timeouts of one send. nodemailer's: `connectionTimeout` covers connecting and the greeting;
 * `socketTimeout` is the longest wait for any one reply (the end of DATA included), and starts
 * again with each, so a relay that drips its replies never meets it. Hence `sendTimeout`: the
 * whole send, from the call to the relay's last reply, after which it fails and its connection is
 * destroyed (the relay cannot accept the message after the sender gave up on it).
 */
export interface SmtpTimeouts {
  connectionTimeout: number;
  greetingTimeout: number;
  socketTimeout: number;
  sendTimeout: number;
}

/**
 * Timeouts that end any one send within `limitMs`: a third each for connecting and for the
 * slowest reply, never longer than nodemailer's sensible defaults (10 s to connect, 60 s a reply),
 * and the two together for the whole send.
 */
export function smtpTimeoutsWithin(limitMs: number): SmtpTimeouts {
  const connect = Math.max(500, Math.min(10_000, Math.floor(limitMs / 3)));
  const reply = Math.max(500, Math.min(60_000, Math.floor(limitMs / 3)));
  return {
    connectionTimeout: connect,
    greetingTimeout: connect,
    socketTimeout: reply,
    sendTimeout: connect + reply,
  };
}

/** The longest one send can take under `timeouts`: its deadline, however the relay answers. */
export const longestSendMs = (timeouts: SmtpTimeouts): number => timeouts.sendTimeout;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The only class that talks SMTP: a pooled nodemailer transport that sends as MAIL_FROM and turns
 * every failure into a MailDeliveryError the caller can act on (retry, give up, alert). A send
 * ends within `timeouts.sendTimeout`, its wait for a pooled connection included.
 */
export class MailTransport {
  private readonly transporter: Transporter<SMTPPoolSentMessageInfo>;

  constructor(
    smtpUrl: string,
    private readonly from: string,
    /** Sends run in jobs with a time limit: each send must end well inside it. */
    readonly timeouts: SmtpTimeouts = smtpTimeoutsWithin(sendingJobLimitMs()),
    /** Pooled connections: more sends than these at once wait in the pool. */
    readonly maxConnections = DEFAULT_SMTP_CONNECTIONS,
  ) {
    const url = new URL(smtpUrl);
    const { connectionTimeout, greetingTimeout, socketTimeout } = timeouts;
    this.transporter = createTransport({
      url: smtpUrl,
      pool: true,
      maxConnections: this.maxConnections,
      // A connection lost mid-send fails the send instead of being retried here behind the
      // caller's back: retries (with their backoff and delivery log) belong to the sending job.
      maxRequeues: 0,
      // The catcher (or a local relay) speaks plain SMTP on loopback; nothing to protect there.
      ignoreTLS: url.protocol === 'smtp:' && LOOPBACK_HOSTS.has(url.hostname),
      // Sends run in jobs that retry; fail fast rather than hold a worker for minutes.
      connectionTimeout,
      greetingTimeout,
      socketTimeout,
      // A connection closed by us is destroyed at once, not half-closed while the relay finishes:
      // a send given up at its deadline must not be accepted afterwards.
      socketCloseTimeout: 0,
    });
  }

  async send(message: OutgoingMail): Promise<SendResult> {
    // Aborting makes the pool drop the message from its queue or close the connection sending it.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.timeouts.sendTimeout);
    try {
      const info = await this.transporter.sendMail({
        signal: deadline.signal,
        from: this.from,
        to: message.to,
        subject: message.subject,
        html: message.html,
        text: message.text,
        messageId: message.messageId,
        headers: message.headers,
        replyTo: message.replyTo,
        inReplyTo: message.inReplyTo,
        references: message.references,
      });
      return {
        messageId: info.messageId,
        response: info.response,
        accepted: info.accepted.map(String),
        rejected: info.rejected.map(String),
      };
    } catch (error) {
      if (deadline.signal.aborted) throw this.pastDeadline();
      throw toDeliveryError(error);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Connects (and authenticates, when the URL has credentials) without sending anything. */
  async verify(): Promise<void> {
    try {
      await this.transporter.verify();
    } catch (error) {
      throw toDeliveryError(error);
    }
  }

  /** Closes the pooled connections; messages still in flight are finished first. */
  close(): void {
    this.transporter.close();
  }

  private pastDeadline(): MailDeliveryError {
    const seconds = this.timeouts.sendTimeout / 1000;
    return new MailDeliveryError(
      'transient',
      undefined,
      'ETIMEDOUT',
      `Mail delivery failed (transient, ETIMEDOUT): the relay had not answered within ${seconds} s; ` +
        'the connection was closed',
    );
  }
}

function toDeliveryError(error: unknown): MailDeliveryError {
  // Not `instanceof Error`: errors from another realm (Node internals under Jest) would fail it.
  const failure: NodemailerError =
    typeof error === 'object' && error !== null
      ? (error as NodemailerError)
      : new Error(String(error));
  const { kind, enhancedCode } = classifySmtpFailure(failure);
  const parts = [
    kind,
    failure.responseCode && `SMTP ${failure.responseCode}`,
    failure.code,
    failure.command && `during ${failure.command}`,
  ].filter(Boolean);
  // Servers echo recipients in replies ("550 <ann@example.com>: no such user"): strip them.
  const message = `Mail delivery failed (${parts.join(', ')}): ${failure.response ?? failure.message}`;
  return new MailDeliveryError(
    kind,
    failure.responseCode,
    failure.code,
    withoutAddresses(message),
    enhancedCode,
  );
}

function withoutAddresses(text: string): string {
  return text.replace(/[^\s<>"',;:()]+@[^\s<>"',;:()]+/g, '[address]');
}

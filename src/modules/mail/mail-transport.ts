import { createTransport, type NodemailerError, type Transporter } from 'nodemailer';
import type { SMTPPoolSentMessageInfo } from 'nodemailer';

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

/**
 * What a failed send means for the sender: `transient` may succeed later (4xx, dropped or refused
 * connection), `permanent` will fail again for this message (5xx), `configuration` needs an
 * operator (credentials, TLS).
 */
export type DeliveryFailureKind = 'transient' | 'permanent' | 'configuration';

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
  ) {
    super(message);
  }
}

/** 530 auth required, 534 mechanism too weak, 535 credentials invalid, 538 encryption required. */
const AUTH_REPLIES = new Set([530, 534, 535, 538]);
const CONFIGURATION_CODES = new Set(['EAUTH', 'ENOAUTH', 'EOAUTH2', 'ETLS', 'EREQUIRETLS']);
const TRANSIENT_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'ECONNRESET',
  'ECONNREFUSED',
  'EDNS',
  'EPIPE',
]);
/** Node's codes for a certificate or TLS handshake the client refused. */
const TLS_FAILURE = /^(ERR_SSL_|ERR_TLS_)|CERT/;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The only class that talks SMTP: a pooled nodemailer transport that sends as MAIL_FROM and turns
 * every failure into a MailDeliveryError the caller can act on (retry, give up, alert).
 */
export class MailTransport {
  private readonly transporter: Transporter<SMTPPoolSentMessageInfo>;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    const url = new URL(smtpUrl);
    this.transporter = createTransport({
      url: smtpUrl,
      pool: true,
      maxConnections: 5,
      // A connection lost mid-send fails the send instead of being retried here behind the
      // caller's back: retries (with their backoff and delivery log) belong to the sending job.
      maxRequeues: 0,
      // The catcher (or a local relay) speaks plain SMTP on loopback; nothing to protect there.
      ignoreTLS: url.protocol === 'smtp:' && LOOPBACK_HOSTS.has(url.hostname),
      // Sends run in jobs that retry; fail fast rather than hold a worker for minutes.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 60_000,
    });
  }

  async send(message: OutgoingMail): Promise<SendResult> {
    try {
      const info = await this.transporter.sendMail({
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
      throw toDeliveryError(error);
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
}

export function classifyFailure(error: NodemailerError): DeliveryFailureKind {
  const codes = [error.code, error.originalCode].filter((code) => code !== undefined);
  if (codes.some((code) => CONFIGURATION_CODES.has(code) || TLS_FAILURE.test(code))) {
    return 'configuration';
  }
  const reply = error.responseCode;
  // Authentication or encryption required or refused: every message would fail alike until an
  // operator fixes the settings (a relay that wants a login answers 530 to MAIL FROM).
  if (reply !== undefined && AUTH_REPLIES.has(reply)) return 'configuration';
  // 503 (bad sequence of commands) is about the session, not the message: a new one may work.
  if (reply !== undefined && reply >= 500 && reply < 600 && reply !== 503) return 'permanent';
  if (reply !== undefined && reply >= 400) return 'transient';
  if (codes.some((code) => TRANSIENT_CODES.has(code))) return 'transient';
  // Anything else is about the message itself (no recipient, unreadable content): retrying the
  // same message would fail the same way.
  return 'permanent';
}

function toDeliveryError(error: unknown): MailDeliveryError {
  // Not `instanceof Error`: errors from another realm (Node internals under Jest) would fail it.
  const failure: NodemailerError =
    typeof error === 'object' && error !== null
      ? (error as NodemailerError)
      : new Error(String(error));
  const kind = classifyFailure(failure);
  const parts = [
    kind,
    failure.responseCode && `SMTP ${failure.responseCode}`,
    failure.code,
    failure.command && `during ${failure.command}`,
  ].filter(Boolean);
  // Servers echo recipients in replies ("550 <ann@example.com>: no such user"): strip them.
  const message = `Mail delivery failed (${parts.join(', ')}): ${failure.response ?? failure.message}`;
  return new MailDeliveryError(kind, failure.responseCode, failure.code, withoutAddresses(message));
}

function withoutAddresses(text: string): string {
  return text.replace(/[^\s<>"',;:()]+@[^\s<>"',;:()]+/g, '[address]');
}

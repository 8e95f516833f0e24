/**
 * What a failed send means for the sender, read from the SMTP reply (its basic code, its RFC 3463
 * enhanced code and the command it answered) or from the network error:
 *
 * - `transient`: may succeed later (4xx, a timeout, a refused or dropped connection); retried.
 * - `recipient`: this address will never take mail (5.1.x bad mailbox or domain, 5.2.1 disabled
 *   mailbox); the message bounces and the address is suppressed.
 * - `message`: this message will never go through (content, size), but the address is fine; it
 *   fails without suppressing anyone.
 * - `relay`: the relay refuses Candor, not the recipient (5.7.x policy, relay or authentication;
 *   5xx to the greeting, EHLO or MAIL FROM; 5.3.x and 5.5.x system and protocol); every message
 *   would fail alike, so sending pauses, nobody is suppressed and no retry is spent.
 * - `configuration`: credentials or TLS refused; sending pauses until an operator acts.
 * - `unclear`: a 5xx that does not say whose fault it is (a bare `550`, `5.0.0`, 5.4.x routing):
 *   the sender decides from what else is failing (several recipients at once: the relay's fault).
 */
export type DeliveryFailureKind =
  'transient' | 'recipient' | 'message' | 'relay' | 'configuration' | 'unclear';

/** The parts of a nodemailer error that classify it. */
export interface SmtpFailure {
  /** Nodemailer's error code, e.g. EENVELOPE, EMESSAGE, ECONNECTION, EAUTH. */
  code?: string;
  /** The system error's own code under nodemailer's, e.g. ECONNREFUSED or CERT_HAS_EXPIRED. */
  originalCode?: string;
  responseCode?: number;
  /** The server's reply line, e.g. `550 5.1.1 <ann@example.com>: no such user`. */
  response?: string;
  /** What the reply answered: CONN (greeting), EHLO, AUTH …, MAIL FROM, RCPT TO, DATA, API. */
  command?: string;
}

export interface ClassifiedFailure {
  kind: DeliveryFailureKind;
  /** The RFC 3463 code of the reply, when it had one (`5.1.1`). */
  enhancedCode?: string;
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
/** Replies before any message is named: a refusal there is the relay's, whatever its code. */
const SESSION_COMMANDS = /^(CONN|EHLO|HELO|LHLO|MAIL FROM)$/;
/** `550 5.1.1 …` or `550-5.1.1 …`: the enhanced code repeats the basic code's class. */
const ENHANCED_CODE = /^([245])\d\d[ -]([245]\.\d{1,3}\.\d{1,3})\b/;

export function enhancedCodeOf(response: string | undefined): string | undefined {
  const match = response ? ENHANCED_CODE.exec(response.trim()) : null;
  return match && match[1] === match[2][0] ? match[2] : undefined;
}

export function classifySmtpFailure(failure: SmtpFailure): ClassifiedFailure {
  const enhancedCode = enhancedCodeOf(failure.response);
  const kind = (k: DeliveryFailureKind): ClassifiedFailure =>
    enhancedCode ? { kind: k, enhancedCode } : { kind: k };
  const codes = [failure.code, failure.originalCode].filter((code) => code !== undefined);
  if (codes.some((code) => CONFIGURATION_CODES.has(code) || TLS_FAILURE.test(code))) {
    return kind('configuration');
  }
  const reply = failure.responseCode;
  // Authentication or encryption required or refused: every message would fail alike until an
  // operator fixes the settings (a relay that wants a login answers 530 to MAIL FROM).
  if (reply !== undefined && AUTH_REPLIES.has(reply)) return kind('configuration');
  if (reply !== undefined && reply >= 400 && reply < 500) return kind('transient');
  if (reply !== undefined && reply >= 500 && reply < 600) {
    // 503 (bad sequence of commands) is about the session, not the message: a new one may work.
    if (reply === 503) return kind('transient');
    if (SESSION_COMMANDS.test(failure.command ?? '')) return kind('relay');
    if (enhancedCode) return kind(byEnhancedCode(enhancedCode));
    // 552 (storage exceeded) and 554 after the envelope (transaction failed) name the message.
    if (reply === 552 || reply === 554) return kind('message');
    return kind('unclear');
  }
  if (codes.some((code) => TRANSIENT_CODES.has(code))) return kind('transient');
  // A protocol error without a 5xx (a garbled or unexpected reply): a new session may work.
  if (codes.includes('EPROTOCOL')) return kind('transient');
  // Anything else is about the message itself (no recipient, unreadable content): retrying the
  // same message would fail the same way.
  return kind('message');
}

/** Permanent failures by RFC 3463 subject (the middle digit) and detail. */
function byEnhancedCode(code: string): DeliveryFailureKind {
  const [, subject, detail] = code.split('.').map(Number);
  switch (subject) {
    case 1:
      // 5.1.7 and 5.1.8 are about the sender's address: Candor's MAIL_FROM, not the recipient.
      return detail === 7 || detail === 8 ? 'relay' : 'recipient';
    case 2:
      // 5.2.1 mailbox disabled; 5.2.2 full and 5.2.3 too large for it may change, or not.
      return detail === 1 ? 'recipient' : 'message';
    case 3:
      return detail === 4 ? 'message' : 'relay';
    case 5:
    case 7:
      return 'relay';
    case 6:
      return 'message';
    default:
      // 5.0.0 (other) and 5.4.x (routing) say nothing about whose fault it is.
      return 'unclear';
  }
}

import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Replies to case emails find their case by the Reply-To address: `replies+{case}.{mac}@domain`,
 * the case id in hex and 64 bits of an HMAC over it, so nobody can post into a case by guessing
 * an address. Lower-case hex throughout: some mail servers lower-case the local part.
 */
export function replyAddress(mailbox: string, secret: string, caseId: string): string {
  const [local, domain] = splitAddress(mailbox);
  const hex = caseId.replace(/-/g, '').toLowerCase();
  return `${local}+${hex}.${mac(secret, hex)}@${domain}`;
}

/** The case an address replies to, or null when it is not a genuine reply address of `mailbox`. */
export function caseOfReplyAddress(
  mailbox: string,
  secret: string,
  address: string,
): string | null {
  const [local, domain] = splitAddress(mailbox);
  const match = /^([^@]+)\+([0-9a-f]{32})\.([0-9a-f]{16})@(.+)$/.exec(address.trim().toLowerCase());
  if (!match || match[1] !== local.toLowerCase() || match[4] !== domain.toLowerCase()) return null;
  const [, , hex, given] = match;
  if (!timingSafeEqual(Buffer.from(given), Buffer.from(mac(secret, hex)))) return null;
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20),
  ].join('-');
}

function mac(secret: string, hex: string): string {
  return createHmac('sha256', secret).update(`case-reply:${hex}`).digest('hex').slice(0, 16);
}

function splitAddress(mailbox: string): [string, string] {
  const at = mailbox.lastIndexOf('@');
  return [mailbox.slice(0, at), mailbox.slice(at + 1)];
}

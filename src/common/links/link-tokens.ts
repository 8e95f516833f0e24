import { createHash, createHmac } from 'node:crypto';

/** What a personal link opens: an invitation's pages (survey, privacy center, unsubscribe), or a recovery survey. */
export type LinkSubject = 'invitation' | 'recovery';

/**
 * The token in a personal link: 192 bits from an HMAC of what it opens, so every email about it
 * (and a resend) carries the same link, and nothing but its SHA-256 is stored.
 */
export function linkToken(secret: string, subject: LinkSubject, id: string): string {
  return createHmac('sha256', secret)
    .update(`${subject}:${id}`)
    .digest()
    .subarray(0, 24)
    .toString('base64url');
}

/** The token of an invitation's links. */
export function invitationToken(secret: string, invitationId: string): string {
  return linkToken(secret, 'invitation', invitationId);
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Tokens have one shape; anything else is refused before touching the database. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;

/**
 * The hash to look a link's token up by. A malformed token gets the hash of a string no token can
 * be, so it costs the same lookup (and time) as an unknown one and finds nothing.
 */
export function lookupHash(token: string): string {
  return tokenHash(TOKEN_PATTERN.test(token) ? token : '-');
}

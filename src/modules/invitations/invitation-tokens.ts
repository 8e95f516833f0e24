import { createHash, createHmac } from 'node:crypto';

/**
 * The token in an invitation's links: 192 bits from an HMAC of the invitation id, so every email
 * about the invitation (and a resend) carries the same link, and nothing but its SHA-256 is stored.
 */
export function invitationToken(secret: string, invitationId: string): string {
  return createHmac('sha256', secret)
    .update(`invitation:${invitationId}`)
    .digest()
    .subarray(0, 24)
    .toString('base64url');
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

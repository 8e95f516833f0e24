import { invitationToken, tokenHash, TOKEN_PATTERN } from './link-tokens';

describe('invitation tokens', () => {
  const secret = 's'.repeat(32);

  it('are the same for the same invitation (a resend carries the same link)', () => {
    expect(invitationToken(secret, 'a')).toBe(invitationToken(secret, 'a'));
  });

  it('differ between invitations and between secrets', () => {
    expect(invitationToken(secret, 'a')).not.toBe(invitationToken(secret, 'b'));
    expect(invitationToken(secret, 'a')).not.toBe(invitationToken('t'.repeat(32), 'a'));
  });

  it('carry at least 128 bits in URL-safe characters', () => {
    const token = invitationToken(secret, 'a');
    expect(token).toMatch(TOKEN_PATTERN);
    expect(Buffer.from(token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
  });

  it('are stored as a SHA-256 that does not contain the token', () => {
    const token = invitationToken(secret, 'a');
    expect(tokenHash(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenHash(token)).not.toContain(token);
  });
});

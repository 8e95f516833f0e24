import { randomBytes } from 'node:crypto';
import { secretWeakness } from './secret-strength';

describe('secretWeakness', () => {
  it('accepts what openssl rand and the development generator print', () => {
    for (let i = 0; i < 50; i++) {
      expect(secretWeakness(randomBytes(32).toString('base64'))).toBeNull();
      expect(secretWeakness(randomBytes(32).toString('hex'))).toBeNull();
      expect(secretWeakness(randomBytes(48).toString('base64url'))).toBeNull();
    }
  });

  it.each([
    ['a'.repeat(32), 'repeats'],
    ['a'.repeat(64), 'repeats'],
    ['changemechangemechangemechangeme', 'obvious'],
    ['Password-Password-Password-Password', 'obvious'],
    ['secret'.repeat(8), 'obvious'],
    ['12345678901234567890123456789012', 'repeats'],
    ['abcd1234'.repeat(8), 'repeats'],
    ['ab'.repeat(20) + 'cdcdcdcdcd', 'distinct'],
    // 32 random bytes as hex are 64 digits: 32 digits are only 16 bytes.
    [randomBytes(16).toString('hex'), 'bytes of randomness'],
    ['thisismysupersecretpasswordforcandorprod123', 'bytes of randomness'],
  ])('refuses %s', (secret, reason) => {
    expect(secretWeakness(secret)).toContain(reason);
  });
});

import { isDeliverableAddress, normaliseEmail } from './email';

describe('email addresses', () => {
  it('normalises case and surrounding space', () => {
    expect(normaliseEmail('  Ann.Smith@Example.COM ')).toBe('ann.smith@example.com');
  });

  it.each(['ann@example.com', 'ann+tag@mail.example.co.uk', "o'neil@example.fi"])(
    'accepts %s',
    (email) => {
      expect(isDeliverableAddress(email)).toBe(true);
    },
  );

  it.each([
    'ann@example',
    'ann example@example.com',
    'ann@example.com\r\nBcc: eve@example.com',
    'Ann <ann@example.com>',
    'ann@example.com, eve@example.com',
    'ann@@example.com',
    'ann..smith@example.com',
    '@example.com',
    `${'a'.repeat(250)}@example.com`,
  ])('refuses %j', (email) => {
    expect(isDeliverableAddress(email)).toBe(false);
  });
});

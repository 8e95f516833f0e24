import { normalizeHost, parseWebhookAllowance } from './webhook-allowance';

describe('parseWebhookAllowance (WEBHOOK_ALLOW_PRIVATE)', () => {
  it('is empty when unset or blank', () => {
    expect(parseWebhookAllowance(undefined)).toEqual([]);
    expect(parseWebhookAllowance('')).toEqual([]);
    expect(parseWebhookAllowance(' , ')).toEqual([]);
  });

  it('reads host names and IP addresses, normalized as URLs give them', () => {
    expect(parseWebhookAllowance(' 127.0.0.1, LocalHost ,[::1],crm.internal., 127.0.0.1')).toEqual([
      '127.0.0.1',
      'localhost',
      '::1',
      'crm.internal',
    ]);
  });

  it.each(['10.0.0.0/8', '*.internal', 'localhost:3000', 'http://localhost', 'a b'])(
    'refuses %s with a sentence naming it',
    (entry) => {
      expect(() => parseWebhookAllowance(`localhost,${entry}`)).toThrow(
        `must be a comma-separated list of host names or IP addresses ("${entry}" is not one)`,
      );
    },
  );
});

describe('normalizeHost', () => {
  it('compares hosts as URL host names: lower case, no IPv6 brackets, no trailing dot', () => {
    expect(normalizeHost(new URL('http://[::1]:3000/').hostname)).toBe('::1');
    expect(normalizeHost('LOCALHOST.')).toBe('localhost');
  });
});

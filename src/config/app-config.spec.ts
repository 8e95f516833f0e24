import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, loadConfig, senderOf } from './app-config';

const secrets = { TOKEN_SECRET: 'a'.repeat(32), SESSION_SECRET: 'b'.repeat(32) };
/** What `openssl rand -base64 32` prints: secrets production accepts. */
const strong = () => randomBytes(32).toString('base64');
const production = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://candor@db:5432/candor',
  SMTP_URL: 'smtp://mail:587',
  PUBLIC_BASE_URL: 'https://feedback.example.com',
  TOKEN_SECRET: strong(),
  SESSION_SECRET: strong(),
};

function failure(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('expected loadConfig to fail');
}

describe('loadConfig', () => {
  it('names the variable and what it expects, on one line', () => {
    const message = failure({ ...secrets, PORT: 'eighty' });
    expect(message).toBe('PORT must be a whole number between 1 and 65535 (got "eighty")');
    expect(failure({ ...secrets, ROLE: 'cron' })).toMatch(/^ROLE must be one of all, api, worker/);
    expect(failure({ ...secrets, DATABASE_URL: 'mysql://x' })).toMatch(
      /^DATABASE_URL must be a PostgreSQL URL/,
    );
    expect(failure({ ...secrets, SMTP_URL: 'http://mail' })).toMatch(
      /^SMTP_URL must be an SMTP URL/,
    );
    expect(failure({ ...secrets, PUBLIC_BASE_URL: 'feedback.example.com' })).toMatch(
      /^PUBLIC_BASE_URL must be an http\(s\) URL/,
    );
    expect(failure({ TOKEN_SECRET: 'short', SESSION_SECRET: 'b'.repeat(32) })).toMatch(
      /^TOKEN_SECRET must be at least 32/,
    );
    expect(failure({ ...secrets, MAIL_FROM: 'not an address' })).toMatch(
      /^MAIL_FROM must be an address/,
    );
    expect(failure({ ...secrets, TRUST_PROXY: 'true' })).toMatch(
      /^TRUST_PROXY must be the number of proxies/,
    );
    expect(
      failure({ TOKEN_SECRET: 'short-but-secret', SESSION_SECRET: 'b'.repeat(32) }),
    ).not.toContain('short-but-secret');
    expect(failure({ ...secrets, DATABASE_URL: 'mysql://root:pw123@db/x' })).not.toContain('pw123');
    expect(message).not.toContain('\n');
  });

  it('accepts a complete production configuration', () => {
    const config = loadConfig(production);
    expect(config).toMatchObject({
      isProduction: true,
      secureCookies: true,
      runsHttp: true,
      runsWorkers: true,
    });
  });

  it.each(['DATABASE_URL', 'SMTP_URL', 'PUBLIC_BASE_URL', 'TOKEN_SECRET', 'SESSION_SECRET'])(
    'refuses production without %s (no embedded defaults, no generated secrets)',
    (name) => {
      const env: Record<string, string> = { ...production };
      delete env[name];
      expect(failure(env)).toMatch(new RegExp(`^${name} is required when NODE_ENV=production`));
    },
  );

  it.each([
    [
      'TOKEN_SECRET',
      'a'.repeat(32),
      /^TOKEN_SECRET repeats a short pattern: when NODE_ENV=production/,
    ],
    ['SESSION_SECRET', 'changeme'.repeat(4), /^SESSION_SECRET is an obvious placeholder value/],
    ['SESSION_SECRET', 'password-password-password-password', /^SESSION_SECRET is an obvious/],
    ['TOKEN_SECRET', randomBytes(16).toString('hex'), /^TOKEN_SECRET carries about 16 bytes/],
    ['INBOUND_MAIL_SECRET', 'secret'.repeat(6), /^INBOUND_MAIL_SECRET is an obvious/],
    ['METRICS_TOKEN', 'x'.repeat(40), /^METRICS_TOKEN repeats a short pattern/],
  ])('refuses a weak %s in production, on one line without the value', (name, value, message) => {
    const line = failure({ ...production, [name]: value });
    expect(line).toMatch(message);
    expect(line).not.toContain(value);
    expect(line).not.toContain('\n');
    // Development takes it: the rule is for production.
    expect(() => loadConfig({ ...secrets, [name]: value })).not.toThrow();
  });

  it('refuses equal secrets in production', () => {
    const same = strong();
    expect(failure({ ...production, TOKEN_SECRET: same, SESSION_SECRET: same })).toBe(
      'SESSION_SECRET must differ from TOKEN_SECRET: each secret needs its own random value when NODE_ENV=production',
    );
    expect(failure({ ...production, METRICS_TOKEN: production.SESSION_SECRET })).toMatch(
      /^METRICS_TOKEN must differ from SESSION_SECRET/,
    );
  });

  it('keeps metrics and docs open in development and closed by default in production', () => {
    expect(loadConfig({ ...secrets })).toMatchObject({
      metrics: { access: 'open' },
      apiDocs: 'public',
    });
    expect(loadConfig(production)).toMatchObject({
      metrics: { access: 'off' },
      apiDocs: 'private',
    });
    const token = strong();
    expect(loadConfig({ ...production, METRICS_TOKEN: token, API_DOCS: 'off' })).toMatchObject({
      metrics: { access: 'token', token },
      apiDocs: 'off',
    });
    expect(failure({ ...secrets, API_DOCS: 'hidden' })).toBe(
      'API_DOCS must be one of public, private, off (got "hidden")',
    );
    expect(failure({ ...secrets, METRICS_TOKEN: 'short-token' })).toBe(
      'METRICS_TOKEN must be at least 32 characters of random text',
    );
  });

  it('reads TRUST_PROXY as a number of hops', () => {
    expect(loadConfig({ ...secrets }).trustProxy).toBe(0);
    expect(loadConfig({ ...secrets, TRUST_PROXY: '2' }).trustProxy).toBe(2);
  });

  it('pools ten SMTP connections unless SMTP_CONNECTIONS says otherwise (1 to 100)', () => {
    expect(loadConfig({ ...secrets }).smtpConnections).toBe(10);
    expect(loadConfig({ ...secrets, SMTP_CONNECTIONS: '3' }).smtpConnections).toBe(3);
    expect(failure({ ...secrets, SMTP_CONNECTIONS: '0' })).toMatch(
      /^SMTP_CONNECTIONS must be a whole number of SMTP connections, 1 to 100/,
    );
  });

  it('listens on loopback in development and on every interface in production', () => {
    expect(loadConfig({ ...secrets }).host).toBe('127.0.0.1');
    expect(loadConfig(production).host).toBe('0.0.0.0');
  });

  it('explains a corrupt development secrets file', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'candor-config-'));
    writeFileSync(join(dataDir, 'secrets.json'), '{not json');
    expect(failure({ DATA_DIR: dataDir })).toMatch(/secrets\.json cannot be read/);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('splits work by ROLE', () => {
    expect(loadConfig({ ...secrets, ROLE: 'api' })).toMatchObject({
      runsHttp: true,
      runsWorkers: false,
    });
    expect(loadConfig({ ...secrets, ROLE: 'worker' })).toMatchObject({
      runsHttp: false,
      runsWorkers: true,
    });
  });

  it('generates development secrets once and keeps them under the data directory', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'candor-config-'));
    const first = loadConfig({ DATA_DIR: dataDir });
    const second = loadConfig({ DATA_DIR: dataDir });
    expect(first.tokenSecret).toHaveLength(43);
    expect(second.tokenSecret).toBe(first.tokenSecret);
    expect(second.sessionSecret).toBe(first.sessionSecret);
    expect(JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8'))).toMatchObject({
      tokenSecret: first.tokenSecret,
    });
    expect(first.publicBaseUrl).toBe('http://localhost:3000');
    expect(first.secureCookies).toBe(false);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends as the company unless MAIL_FROM names the sender', () => {
    expect(loadConfig({ ...secrets }).mailFrom).toBe(
      '"Candor Demo Hotel" <feedback@candor.localhost>',
    );
    expect(loadConfig({ ...secrets, COMPANY_NAME: 'Hotelli Äijä' }).mailFrom).toBe(
      '"Hotelli Äijä" <feedback@candor.localhost>',
    );
    expect(loadConfig({ ...secrets, MAIL_FROM: 'care@example.com' }).mailFrom).toBe(
      '"Candor Demo Hotel" <care@example.com>',
    );
    expect(loadConfig({ ...secrets, MAIL_FROM: 'Care Team <care@example.com>' }).mailFrom).toBe(
      'Care Team <care@example.com>',
    );
    // A comma or a quote in the name stays inside the quoted name.
    expect(senderOf(undefined, 'Smith, "Jones" & Co')).toBe(
      '"Smith, \\"Jones\\" & Co" <feedback@candor.localhost>',
    );
  });

  it('ranks a leaderboard group from 10 CSAT answers unless REPORTS_LEADERBOARD_MIN_ANSWERS says', () => {
    expect(loadConfig({ ...secrets }).reports.leaderboardMinAnswers).toBe(10);
    const three = loadConfig({ ...secrets, REPORTS_LEADERBOARD_MIN_ANSWERS: '3' });
    expect(three.reports.leaderboardMinAnswers).toBe(3);
    expect(failure({ ...secrets, REPORTS_LEADERBOARD_MIN_ANSWERS: '0' })).toBe(
      'REPORTS_LEADERBOARD_MIN_ANSWERS must be a whole number of answers, 1 to 100000 (got "0")',
    );
  });
});

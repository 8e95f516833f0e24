import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, loadConfig } from './app-config';

const secrets = { TOKEN_SECRET: 'a'.repeat(32), SESSION_SECRET: 'b'.repeat(32) };
const production = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://candor@db:5432/candor',
  SMTP_URL: 'smtp://mail:587',
  PUBLIC_BASE_URL: 'https://feedback.example.com',
  ...secrets,
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

  it('reads TRUST_PROXY as a number of hops', () => {
    expect(loadConfig({ ...secrets }).trustProxy).toBe(0);
    expect(loadConfig({ ...secrets, TRUST_PROXY: '2' }).trustProxy).toBe(2);
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
});

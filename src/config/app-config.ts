import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { resolve } from 'node:path';
import {
  ApiDocsAccess,
  EnvironmentVariables,
  LOG_LEVELS,
  NodeEnv,
  ProcessRole,
} from './environment';
import { ConfigurationError } from './configuration-error';
import { loadOrCreateDevelopmentSecrets } from './development-secrets';
import { secretWeakness } from './secret-strength';

export { ConfigurationError };

/** Validated, resolved configuration. Built once at boot and injected as `AppConfig`. */
export interface AppConfig {
  nodeEnv: NodeEnv;
  isProduction: boolean;
  role: ProcessRole;
  runsHttp: boolean;
  runsWorkers: boolean;
  host: string;
  port: number;
  /** Absent: the embedded PostgreSQL under `dataDir` is used. */
  databaseUrl?: string;
  /** Absent: the in-process mail catcher is used. */
  smtpUrl?: string;
  mailFrom: string;
  /**
   * The mailbox replies to case emails go to, as `local+tag@domain` (the tag names the case).
   * Absent: case emails carry no Reply-To and replies do not reach the case.
   */
  replyToAddress?: string;
  /** Enables `POST /api/v1/inbound-mail` for a mail provider or MTA that forwards the replies. */
  inboundMailSecret?: string;
  publicBaseUrl: string;
  secureCookies: boolean;
  tokenSecret: string;
  sessionSecret: string;
  /**
   * `/metrics`: `open` to anyone (development without METRICS_TOKEN), `token` (the Bearer token
   * METRICS_TOKEN), or `off`, 404 (production without METRICS_TOKEN: nobody could present one).
   */
  metrics: { access: 'open' | 'token' | 'off'; token?: string };
  /** `/api/docs` and `/api/docs-json`: to anyone, to people signed in to the console, or 404. */
  apiDocs: ApiDocsAccess;
  logLevel: (typeof LOG_LEVELS)[number];
  dataDir: string;
  session: { idleMinutes: number; absoluteHours: number };
  /**
   * Sign-in attempts: per client address, failures of any account, `perIp` per window, then 429
   * until it ends; per account and address, an exponential slowdown (slowdown.ts) after
   * `freeAttempts`, never a lockout, so a stranger elsewhere cannot keep the owner out. Per
   * account from any address, `perAccount`: after its free failures every attempt is held (not
   * refused) for an exponential delay of at most its `maxDelaySeconds`, the owner's too.
   */
  loginLimits: {
    perIp: number;
    windowMinutes: number;
    freeAttempts: number;
    maxDelaySeconds: number;
    perAccount: { freeAttempts: number; maxDelaySeconds: number };
  };
  bodyLimitBytes: number;
  /** How many proxies' X-Forwarded-For entries to believe for the client IP (0: none). */
  trustProxy: number;
  /** Webhook delivery: hosts allowed although private, HTTPS required (production), retries. */
  webhooks: {
    /** WEBHOOK_ALLOW_PRIVATE as given; the webhooks module parses it (`parseWebhookAllowance`). */
    allowPrivate: string;
    requireHttps: boolean;
    retryBaseMs: number;
    /**
     * How long a sender's claim on a delivery lasts (a killed worker's deliveries are sent again
     * after it) and how long one sending job runs: within JOBS_MAX_RUN_SECONDS, as every job.
     */
    leaseSeconds: number;
    runSeconds: number;
  };
  /** Emails per second per worker process. */
  mailSendRatePerSecond: number;
  /** Pooled SMTP connections per worker process: at most this many sends at once. */
  smtpConnections: number;
  /**
   * How soon the jobs of a killed worker come back: once they have run longer than `maxRunSeconds`
   * (absent: each job's own limit), the next maintenance (every `maintenanceIntervalSeconds`, in
   * worker processes) fails them, and they retry after their job's retry delay.
   */
  jobs: { maintenanceIntervalSeconds: number; maxRunSeconds?: number };
  /** The company customers are asked about, shown in emails and pages. */
  companyName: string;
  /** Whether a "not made right" recovery answer reopens the case (else it closes, not recovered). */
  recoveryReopens: boolean;
  /** The reports: the fewest CSAT answers a group needs to be ranked on the leaderboard. */
  reports: { leaderboardMinAnswers: number };
}

type Env = Record<string, string | undefined>;

/**
 * Validates the environment and fills in development defaults. Throws a ConfigurationError whose
 * message is a single line naming the variable and what it expects.
 */
export function loadConfig(env: Env = process.env): AppConfig {
  const vars = validatedEnvironment(env);
  const isProduction = vars.NODE_ENV === 'production';
  if (isProduction) refuseDevelopmentDefaults(vars);

  const dataDir = resolve(vars.DATA_DIR);
  const secrets =
    vars.TOKEN_SECRET && vars.SESSION_SECRET
      ? { tokenSecret: vars.TOKEN_SECRET, sessionSecret: vars.SESSION_SECRET }
      : { ...loadOrCreateDevelopmentSecrets(dataDir), ...definedSecrets(vars) };
  const publicBaseUrl = (vars.PUBLIC_BASE_URL ?? `http://localhost:${vars.PORT}`).replace(
    /\/+$/,
    '',
  );

  return {
    nodeEnv: vars.NODE_ENV,
    isProduction,
    role: vars.ROLE,
    runsHttp: vars.ROLE !== 'worker',
    runsWorkers: vars.ROLE !== 'api',
    host: vars.HOST ?? (isProduction ? '0.0.0.0' : '127.0.0.1'),
    port: vars.PORT,
    databaseUrl: vars.DATABASE_URL,
    smtpUrl: vars.SMTP_URL,
    mailFrom: senderOf(vars.MAIL_FROM, vars.COMPANY_NAME.trim()),
    // The mail catcher receives every address, so development needs no mailbox of its own.
    replyToAddress:
      vars.REPLY_TO_ADDRESS ?? (vars.SMTP_URL ? undefined : 'replies@candor.localhost'),
    inboundMailSecret: vars.INBOUND_MAIL_SECRET,
    publicBaseUrl,
    secureCookies: publicBaseUrl.startsWith('https://'),
    tokenSecret: secrets.tokenSecret,
    sessionSecret: secrets.sessionSecret,
    metrics: vars.METRICS_TOKEN
      ? { access: 'token', token: vars.METRICS_TOKEN }
      : { access: isProduction ? 'off' : 'open' },
    apiDocs: vars.API_DOCS ?? (isProduction ? 'private' : 'public'),
    logLevel: vars.LOG_LEVEL ?? (vars.NODE_ENV === 'test' ? 'warn' : 'info'),
    dataDir,
    ...builtInLimits(),
    mailSendRatePerSecond: vars.MAIL_SEND_RATE,
    smtpConnections: vars.SMTP_CONNECTIONS,
    jobs: {
      maintenanceIntervalSeconds: vars.JOBS_MAINTENANCE_SECONDS,
      maxRunSeconds: vars.JOBS_MAX_RUN_SECONDS,
    },
    companyName: vars.COMPANY_NAME.trim(),
    recoveryReopens: vars.RECOVERY_REOPENS === 'true',
    reports: { leaderboardMinAnswers: vars.REPORTS_LEADERBOARD_MIN_ANSWERS },
    trustProxy: vars.TRUST_PROXY,
    webhooks: {
      allowPrivate: vars.WEBHOOK_ALLOW_PRIVATE,
      requireHttps: isProduction,
      retryBaseMs: vars.WEBHOOK_RETRY_BASE_MS,
      // Above an attempt's 10 s, so that only a dead sender's claim runs out.
      leaseSeconds: Math.min(60, Math.max(15, vars.JOBS_MAX_RUN_SECONDS ?? 60)),
      runSeconds: Math.min(20, (vars.JOBS_MAX_RUN_SECONDS ?? 120) / 2),
    },
  };
}

/** Where emails come from when MAIL_FROM does not say. */
const DEFAULT_SENDER_ADDRESS = 'feedback@candor.localhost';

/**
 * The sender of every email: MAIL_FROM as given when it names the sender, else its address (or
 * the default one) under the company's name, which is who the customer dealt with. The name is a
 * quoted string, so a comma or a quote in it cannot split the address.
 */
export function senderOf(mailFrom: string | undefined, companyName: string): string {
  const address = mailFrom?.trim() || DEFAULT_SENDER_ADDRESS;
  if (address.includes('<')) return address;
  return `"${companyName.replace(/[\\"]/g, '\\$&')}" <${address}>`;
}

/** The variables set (an empty one counts as unset), checked and typed, defaults filled in. */
function validatedEnvironment(env: Env): EnvironmentVariables {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const vars = plainToInstance(EnvironmentVariables, present, { exposeDefaultValues: true });
  const [firstError] = validateSync(vars, { skipMissingProperties: false });
  if (firstError) {
    const message = Object.values(firstError.constraints ?? {})[0] ?? 'is invalid';
    throw new ConfigurationError(
      `${firstError.property} ${message}${shown(firstError.property, present[firstError.property])}`,
    );
  }
  return vars;
}

/** Variables production must set itself: without them development's defaults would be used. */
const REQUIRED_IN_PRODUCTION = [
  'DATABASE_URL',
  'SMTP_URL',
  'PUBLIC_BASE_URL',
  'TOKEN_SECRET',
  'SESSION_SECRET',
] as const;

/** In production: no embedded database, mail catcher or generated secret, and no weak secret. */
function refuseDevelopmentDefaults(vars: EnvironmentVariables): void {
  for (const name of REQUIRED_IN_PRODUCTION) {
    if (!vars[name]) {
      throw new ConfigurationError(
        `${name} is required when NODE_ENV=production (embedded defaults and generated secrets are for development only)`,
      );
    }
  }
  refuseWeakSecrets(vars);
}

/** Limits no variable sets: sessions, sign-in attempts, request bodies. */
function builtInLimits(): Pick<AppConfig, 'session' | 'loginLimits' | 'bodyLimitBytes'> {
  return {
    session: { idleMinutes: 30, absoluteHours: 12 },
    loginLimits: {
      perIp: 100,
      windowMinutes: 15,
      freeAttempts: 5,
      maxDelaySeconds: 300,
      perAccount: { freeAttempts: 10, maxDelaySeconds: 8 },
    },
    bodyLimitBytes: 1024 * 1024,
  };
}

/** Secrets production checks: each must look like 32 random bytes, and no two may be equal. */
const SECRET_VARIABLES = [
  'TOKEN_SECRET',
  'SESSION_SECRET',
  'INBOUND_MAIL_SECRET',
  'METRICS_TOKEN',
] as const;

function refuseWeakSecrets(vars: EnvironmentVariables): void {
  const seen = new Map<string, string>();
  for (const name of SECRET_VARIABLES) {
    const value = vars[name];
    if (!value) continue;
    const weakness = secretWeakness(value);
    if (weakness) {
      throw new ConfigurationError(
        `${name} ${weakness}: when NODE_ENV=production it must be 32 random bytes, such as the output of "openssl rand -base64 32"`,
      );
    }
    const same = seen.get(value);
    if (same) {
      throw new ConfigurationError(
        `${name} must differ from ${same}: each secret needs its own random value when NODE_ENV=production`,
      );
    }
    seen.set(value, name);
  }
}

function definedSecrets(
  vars: EnvironmentVariables,
): Partial<Record<'tokenSecret' | 'sessionSecret', string>> {
  return {
    ...(vars.TOKEN_SECRET ? { tokenSecret: vars.TOKEN_SECRET } : {}),
    ...(vars.SESSION_SECRET ? { sessionSecret: vars.SESSION_SECRET } : {}),
  };
}

/** The rejected value for the error line, unless it is a secret; URLs lose their credentials. */
function shown(name: string, value: string | undefined): string {
  if (value === undefined || /_(SECRET|TOKEN)$/.test(name)) return '';
  const redacted = value.replace(/^([a-z]+:\/\/)[^@/\s]*@/i, '$1***@');
  return ` (got ${JSON.stringify(redacted)})`;
}

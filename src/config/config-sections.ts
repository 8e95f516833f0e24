import type { AppConfig } from './app-config';

/**
 * Sections of the configuration, each injected where it is needed instead of the whole
 * `AppConfig` (which holds every secret): the mail transport never sees the session secret, a page
 * that shows the company's name sees nothing else. `ConfigModule` provides them all.
 */

/** Sending email: the relay, the sender, how fast and how many at once. */
export interface MailConfig {
  /** Absent: the in-process mail catcher is used. */
  smtpUrl?: string;
  mailFrom: string;
  smtpConnections: number;
  /** Emails per second per worker process. */
  sendRatePerSecond: number;
  /** The `email.send` job's time limit when set (JOBS_MAX_RUN_SECONDS); sends fit inside it. */
  maxRunSeconds?: number;
}
export const MAIL_CONFIG = Symbol('MAIL_CONFIG');

/** Personal links: the secret their tokens derive from, and the public address they start with. */
export interface LinksConfig {
  tokenSecret: string;
  publicBaseUrl: string;
}
export const LINKS_CONFIG = Symbol('LINKS_CONFIG');

/** The company customers are asked about, named in emails and pages. */
export interface CompanyConfig {
  companyName: string;
}
export const COMPANY_CONFIG = Symbol('COMPANY_CONFIG');

/** The address people reach the app at, for links that carry no token (a console page). */
export interface PublicUrlConfig {
  publicBaseUrl: string;
}
export const PUBLIC_URL_CONFIG = Symbol('PUBLIC_URL_CONFIG');

/** Replies to case emails: the mailbox they go to, the secret its per-case tags are signed with. */
export interface ReplyMailConfig {
  /** Absent: case emails carry no Reply-To and replies do not reach the case. */
  replyToAddress?: string;
  tokenSecret: string;
}
export const REPLY_MAIL_CONFIG = Symbol('REPLY_MAIL_CONFIG');

/** `POST /api/v1/inbound-mail`: the forwarder's shared secret. */
export interface InboundMailConfig {
  /** Absent: the endpoint is off (404). */
  secret?: string;
}
export const INBOUND_MAIL_CONFIG = Symbol('INBOUND_MAIL_CONFIG');

/** Unmatched inbound mail: the key its senders' addresses are hashed with. */
export interface UnmatchedMailConfig {
  senderHashSecret: string;
}
export const UNMATCHED_MAIL_CONFIG = Symbol('UNMATCHED_MAIL_CONFIG');

/** The recovery survey's answers. */
export interface RecoveryConfig {
  /** Whether a "not made right" answer reopens the case (else it closes, not recovered). */
  reopens: boolean;
}
export const RECOVERY_CONFIG = Symbol('RECOVERY_CONFIG');

/** The reports: how many CSAT answers a location or member of staff needs to be ranked. */
export interface ReportsConfig {
  leaderboardMinAnswers: number;
}
export const REPORTS_CONFIG = Symbol('REPORTS_CONFIG');

/** Console sessions: the secret their ids are keyed with, the cookie, the timeouts. */
export interface SessionConfig {
  secret: string;
  /** Secure, `__Host-` cookies: the public address is https. */
  secureCookies: boolean;
  idleMinutes: number;
  absoluteHours: number;
}
export const SESSION_CONFIG = Symbol('SESSION_CONFIG');

/** Sign-in attempts: how many, how slowed (AppConfig's `loginLimits` says how they apply). */
export interface LoginLimitsConfig {
  perIp: number;
  windowMinutes: number;
  freeAttempts: number;
  maxDelaySeconds: number;
  perAccount: { freeAttempts: number; maxDelaySeconds: number };
}
export const LOGIN_LIMITS_CONFIG = Symbol('LOGIN_LIMITS_CONFIG');

/** Rate-limit counters: the key their subjects (addresses, accounts) are hashed with. */
export interface RateLimitConfig {
  keySecret: string;
}
export const RATE_LIMIT_CONFIG = Symbol('RATE_LIMIT_CONFIG');

/** `/metrics`: open, behind the Bearer token METRICS_TOKEN, or off (404). */
export interface MetricsConfig {
  access: 'open' | 'token' | 'off';
  token?: string;
}
export const METRICS_CONFIG = Symbol('METRICS_CONFIG');

/** What this process runs: a worker sends email, so its readiness needs the relay. */
export interface ProcessRoleConfig {
  runsWorkers: boolean;
}
export const PROCESS_ROLE_CONFIG = Symbol('PROCESS_ROLE_CONFIG');

/** What kind of installation this is, for the landing page's pointers (no secret, no address). */
export interface InstallationConfig {
  isProduction: boolean;
  /** No SMTP_URL: emails go to the in-process mail catcher (`/dev/mail`). */
  catchesMail: boolean;
}
export const INSTALLATION_CONFIG = Symbol('INSTALLATION_CONFIG');

/** Where webhooks may go and how often a failed one is tried again (WEBHOOK_* variables). */
export type WebhooksConfig = AppConfig['webhooks'];
export const WEBHOOKS_CONFIG = Symbol('WEBHOOKS_CONFIG');

export function mailConfig(config: AppConfig): MailConfig {
  return {
    smtpUrl: config.smtpUrl,
    mailFrom: config.mailFrom,
    smtpConnections: config.smtpConnections,
    sendRatePerSecond: config.mailSendRatePerSecond,
    maxRunSeconds: config.jobs.maxRunSeconds,
  };
}

export function linksConfig(config: AppConfig): LinksConfig {
  return { tokenSecret: config.tokenSecret, publicBaseUrl: config.publicBaseUrl };
}

export function companyConfig(config: AppConfig): CompanyConfig {
  return { companyName: config.companyName };
}

export function publicUrlConfig(config: AppConfig): PublicUrlConfig {
  return { publicBaseUrl: config.publicBaseUrl };
}

export function replyMailConfig(config: AppConfig): ReplyMailConfig {
  return { replyToAddress: config.replyToAddress, tokenSecret: config.tokenSecret };
}

export function inboundMailConfig(config: AppConfig): InboundMailConfig {
  return { secret: config.inboundMailSecret };
}

export function unmatchedMailConfig(config: AppConfig): UnmatchedMailConfig {
  return { senderHashSecret: config.tokenSecret };
}

export function recoveryConfig(config: AppConfig): RecoveryConfig {
  return { reopens: config.recoveryReopens };
}

export function reportsConfig(config: AppConfig): ReportsConfig {
  return { leaderboardMinAnswers: config.reports.leaderboardMinAnswers };
}

export function sessionConfig(config: AppConfig): SessionConfig {
  return {
    secret: config.sessionSecret,
    secureCookies: config.secureCookies,
    idleMinutes: config.session.idleMinutes,
    absoluteHours: config.session.absoluteHours,
  };
}

export function loginLimitsConfig(config: AppConfig): LoginLimitsConfig {
  const { perIp, windowMinutes, freeAttempts, maxDelaySeconds, perAccount } = config.loginLimits;
  return { perIp, windowMinutes, freeAttempts, maxDelaySeconds, perAccount: { ...perAccount } };
}

/** Keyed with SESSION_SECRET: another key would orphan every counter under way. */
export function rateLimitConfig(config: AppConfig): RateLimitConfig {
  return { keySecret: config.sessionSecret };
}

export function metricsConfig(config: AppConfig): MetricsConfig {
  return { access: config.metrics.access, token: config.metrics.token };
}

export function processRoleConfig(config: AppConfig): ProcessRoleConfig {
  return { runsWorkers: config.runsWorkers };
}

export function webhooksConfig(config: AppConfig): WebhooksConfig {
  return { ...config.webhooks };
}

export function installationConfig(config: AppConfig): InstallationConfig {
  return { isProduction: config.isProduction, catchesMail: !config.smtpUrl };
}

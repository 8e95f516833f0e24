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

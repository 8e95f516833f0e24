import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';

export const ROLES = ['all', 'api', 'worker'] as const;
export type ProcessRole = (typeof ROLES)[number];

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

/** Who may read the OpenAPI document and its UI (`/api/docs`, `/api/docs-json`). */
export const API_DOCS_ACCESS = ['public', 'private', 'off'] as const;
export type ApiDocsAccess = (typeof API_DOCS_ACCESS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Pooled SMTP connections per worker process. Sends wait on the relay's replies, not the CPU: ten
 * keep up with 100 emails a second against a relay on the same machine, where five fell behind.
 */
export const DEFAULT_SMTP_CONNECTIONS = 10;

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;

/**
 * The environment variables Candor reads. Each message says what the variable expects; the loader
 * prefixes it with the variable's name so start-up fails with one readable line.
 */
export class EnvironmentVariables {
  @IsOptional()
  @IsIn(NODE_ENVS, { message: 'must be one of development, production, test' })
  NODE_ENV: NodeEnv = 'development';

  @IsOptional()
  @IsIn(ROLES, { message: 'must be one of all, api, worker' })
  ROLE: ProcessRole = 'all';

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number between 1 and 65535' })
  @Min(1, { message: 'must be a whole number between 1 and 65535' })
  @Max(65535, { message: 'must be a whole number between 1 and 65535' })
  PORT: number = 3000;

  /** Default: loopback in development (captured mail stays private), all interfaces in production. */
  @IsOptional()
  @IsString()
  HOST?: string;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message: 'must be a PostgreSQL URL such as postgres://user:password@host:5432/candor',
  })
  DATABASE_URL?: string;

  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, {
    message: 'must be an SMTP URL such as smtp://user:password@mail.example.com:587',
  })
  SMTP_URL?: string;

  @IsOptional()
  @Matches(/^(.+<\s*[^<>\s@]+@[^<>\s@]+\s*>|[^<>\s@]+@[^<>\s@]+)$/, {
    message: 'must be an address such as "Candor Demo Hotel <feedback@example.com>"',
  })
  MAIL_FROM?: string;

  @IsOptional()
  @Matches(/^[^<>\s@+]+@[^<>\s@]+$/, {
    message: 'must be a plain address without "+", such as replies@example.com',
  })
  REPLY_TO_ADDRESS?: string;

  @IsOptional()
  @MinLength(32, { message: 'must be at least 32 characters of random text' })
  INBOUND_MAIL_SECRET?: string;

  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'must be an http(s) URL such as https://feedback.example.com' },
  )
  PUBLIC_BASE_URL?: string;

  @IsOptional()
  @MinLength(32, { message: 'must be at least 32 characters of random text' })
  TOKEN_SECRET?: string;

  @IsOptional()
  @MinLength(32, { message: 'must be at least 32 characters of random text' })
  SESSION_SECRET?: string;

  /** Bearer token `/metrics` requires. Unset: open in development, off (404) in production. */
  @IsOptional()
  @MinLength(32, { message: 'must be at least 32 characters of random text' })
  METRICS_TOKEN?: string;

  /** Default: public in development, private (console sign-in) in production. */
  @IsOptional()
  @IsIn(API_DOCS_ACCESS, { message: 'must be one of public, private, off' })
  API_DOCS?: ApiDocsAccess;

  @IsOptional()
  @IsIn(LOG_LEVELS, { message: 'must be one of fatal, error, warn, info, debug, trace, silent' })
  LOG_LEVEL?: (typeof LOG_LEVELS)[number];

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be the number of proxies in front of Candor (0 to 10)' })
  @Min(0, { message: 'must be the number of proxies in front of Candor (0 to 10)' })
  @Max(10, { message: 'must be the number of proxies in front of Candor (0 to 10)' })
  TRUST_PROXY: number = 0;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of emails per second, 1 to 10000' })
  @Min(1, { message: 'must be a whole number of emails per second, 1 to 10000' })
  @Max(10000, { message: 'must be a whole number of emails per second, 1 to 10000' })
  MAIL_SEND_RATE: number = 50;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of SMTP connections, 1 to 100' })
  @Min(1, { message: 'must be a whole number of SMTP connections, 1 to 100' })
  @Max(100, { message: 'must be a whole number of SMTP connections, 1 to 100' })
  SMTP_CONNECTIONS: number = DEFAULT_SMTP_CONNECTIONS;

  /** How often a worker process runs job maintenance (retrying the jobs of a vanished worker). */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds, 1 to 3600' })
  @Min(1, { message: 'must be a whole number of seconds, 1 to 3600' })
  @Max(3600, { message: 'must be a whole number of seconds, 1 to 3600' })
  JOBS_MAINTENANCE_SECONDS: number = 120;

  /** Caps every job's run time; unset, each job keeps its own (email.send: 120 s). */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds, 1 to 3600' })
  @Min(1, { message: 'must be a whole number of seconds, 1 to 3600' })
  @Max(3600, { message: 'must be a whole number of seconds, 1 to 3600' })
  JOBS_MAX_RUN_SECONDS?: number;

  @IsOptional()
  @IsString()
  @Length(1, 100, { message: 'must be 1 to 100 characters' })
  COMPANY_NAME: string = 'Candor Demo Hotel';

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  RECOVERY_REOPENS: 'true' | 'false' = 'true';

  /**
   * Hosts webhooks may reach although they are loopback or private (comma-separated names or
   * addresses, `127.0.0.1,localhost`): for development and tests; none by default.
   */
  @IsOptional()
  @IsString()
  WEBHOOK_ALLOW_PRIVATE: string = '';

  /** The first retry of a failed webhook delivery waits this long, each next one twice as long. */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of milliseconds between 10 and 600000' })
  @Min(10, { message: 'must be a whole number of milliseconds between 10 and 600000' })
  @Max(600_000, { message: 'must be a whole number of milliseconds between 10 and 600000' })
  WEBHOOK_RETRY_BASE_MS: number = 5000;

  /** The fewest CSAT answers a location or a member of staff needs to be ranked on the leaderboard. */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of answers, 1 to 100000' })
  @Min(1, { message: 'must be a whole number of answers, 1 to 100000' })
  @Max(100000, { message: 'must be a whole number of answers, 1 to 100000' })
  REPORTS_LEADERBOARD_MIN_ANSWERS: number = 10;

  @IsOptional()
  @IsString()
  DATA_DIR: string = '.data';
}

import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

/**
 * One pino logger for the process: JSON lines with ids, never personal data. Request lines carry
 * the route pattern rather than the URL, so tokens in paths (`/s/{token}`) never reach a log.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'candor' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'password',
        '*.password',
        'token',
        '*.token',
        'email',
        '*.email',
        'authorization',
        '*.authorization',
      ],
      censor: '[redacted]',
    },
  });
}

// Nest's start-up chatter (one line per module and route) is useful only when debugging.
const BOOT_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

/** Adapts pino to Nest's logger interface so framework messages share the same JSON lines. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    if (context && BOOT_CONTEXTS.has(context)) this.logger.debug({ context }, stringify(message));
    else this.logger.info({ context }, stringify(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, stringify(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, stringify(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, stringify(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, stringify(message));
  }
}

/**
 * What of an error may be logged: its name, message and stack. Driver errors also carry the SQL
 * parameters and the row that failed (`parameters`, `detail`), which can hold personal data.
 */
export function loggableError(error: unknown): { name: string; message: string; stack?: string } {
  if (!(error instanceof Error)) return { name: typeof error, message: 'non-Error thrown' };
  // PostgreSQL messages can quote the input ("invalid input syntax for type uuid: …"): keep codes.
  // TypeORM wraps the driver's error; a query through pg itself (preparedQuery) throws it bare.
  type DriverError = { code?: string; table?: string; constraint?: string; severity?: string };
  const wrapped = (error as { driverError?: DriverError }).driverError;
  const bare = error as DriverError;
  const driver =
    wrapped ??
    (typeof bare.code === 'string' && typeof bare.severity === 'string' ? bare : undefined);
  const message = driver
    ? `database error ${driver.code ?? 'unknown'}${driver.table ? ` on ${driver.table}` : ''}${driver.constraint ? ` (${driver.constraint})` : ''}`
    : error.message;
  // The stack's first line repeats the message.
  return { name: error.name, message, stack: error.stack?.split('\n').slice(1).join('\n') };
}

function stringify(message: unknown): string {
  return typeof message === 'string' ? message : JSON.stringify(message);
}

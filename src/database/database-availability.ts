import { setTimeout as sleep } from 'node:timers/promises';
import { QueryFailedError } from 'typeorm';
import { DatabaseClient, raisedByDatabaseSocket } from './database-client';

/**
 * SQLSTATEs that mean "the database cannot be reached just now", not "this query is wrong":
 * connection exceptions (class 08), an administrator or a crash ending the session (57P01–57P03),
 * too many connections (53300).
 */
const OUTAGE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
/**
 * Node's codes for a socket that could not connect or was lost. Any socket has them (SMTP, HTTP):
 * they mean an outage only on the database's (see `DatabaseClient`), or wrapped by TypeORM.
 */
const OUTAGE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** What node-postgres and pg-pool say, without a code, when a connection dies or never comes. */
const OUTAGE_MESSAGES = [
  /^Connection terminated/,
  /not queryable/,
  /Connection ended unexpectedly/,
  /is not currently accepting connections/, // ALTER DATABASE … ALLOW_CONNECTIONS false (55000)
];
/**
 * TypeORM's, when a transaction's connection died under it: the pool took the connection back,
 * and the transaction's next query finds it gone.
 */
const RELEASED_RUNNER = new Set([
  'QueryRunnerProviderAlreadyReleasedError',
  'QueryRunnerAlreadyReleasedError',
]);

/**
 * Whether `error` (or what it wraps) says the database is unreachable rather than the query wrong:
 * a connection SQLSTATE, what pg says of a lost connection, or a refused or lost socket that was
 * the database's. The same socket failure from SMTP or HTTP is not an outage.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return unavailable(error, 0, false);
}

/** `databaseSocket`: `error` is known to come from a database connection (TypeORM, pg's socket). */
function unavailable(error: unknown, depth: number, databaseSocket: boolean): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const { code, message, name } = error as { code?: unknown; message?: unknown; name?: unknown };
  if (typeof name === 'string' && RELEASED_RUNNER.has(name)) return true;
  const fromDatabase = databaseSocket || raisedByDatabaseSocket(error);
  if (typeof code === 'string') {
    if (code.startsWith('08') || OUTAGE_SQLSTATES.has(code)) return true;
    if (fromDatabase && OUTAGE_NODE_CODES.has(code)) return true;
  }
  if (typeof message === 'string' && OUTAGE_MESSAGES.some((pattern) => pattern.test(message))) {
    return true;
  }
  if (error instanceof QueryFailedError && unavailable(error.driverError, depth + 1, true)) {
    return true;
  }
  // Node's connect to a name with several addresses fails with each address's error in one.
  if (
    error instanceof AggregateError &&
    error.errors.some((e) => unavailable(e, depth + 1, fromDatabase))
  ) {
    return true;
  }
  return unavailable((error as { cause?: unknown }).cause, depth + 1, fromDatabase);
}

/**
 * pg-pool's answer when every pooled connection stayed busy for `connectionTimeoutMillis`: this
 * process is overloaded, the database may be fine. Worth a 503 and a retry, not an outage (it
 * neither fails readiness nor makes workers back off as from a lost database).
 */
export function isPoolExhausted(error: unknown): boolean {
  const cause: unknown = error instanceof QueryFailedError ? error.driverError : error;
  return cause instanceof Error && cause.message === 'timeout exceeded when trying to connect';
}

/**
 * Runs `write` again while the database is unreachable (from a quarter second, doubling, to two),
 * for at most `patienceMs`; any other error, or the outage outlasting it, is thrown. For writes
 * that record something already done elsewhere (an email the relay accepted, a change that
 * committed), which must not be lost to a dropped connection.
 */
export async function retryThroughOutage<T>(
  write: () => Promise<T>,
  patienceMs: number,
): Promise<T> {
  const deadline = Date.now() + patienceMs;
  for (let waitMs = 250; ; waitMs = Math.min(2000, waitMs * 2)) {
    try {
      return await write();
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() + waitMs > deadline) throw error;
      await sleep(waitMs);
    }
  }
}

/**
 * After a connection failure, how long the database counts as unavailable with no further
 * failure: a terminated connection shows at once, a recovery within this plus a probe.
 */
const FAILURE_MEMORY_MS = 1000;
/** A probe result is reused this long, so a busy health endpoint does not open a connection each time. */
const PROBE_CACHE_MS = 500;
const PROBE_TIMEOUT_MS = 1500;

/**
 * What this process knows about reaching its database. Every pool and the job workers report the
 * connection failures they meet; readiness asks `check()`, which also opens a fresh connection
 * (an open pooled connection keeps working after the server stops accepting new ones).
 */
export class DatabaseAvailability {
  private lastFailureAt = 0;
  private lastFailure?: string;
  private probe?: { at: number; result: Promise<void> };

  constructor(private readonly url: string) {}

  /** Notes `error` if it is an outage; answers whether it was. */
  noteFailure(error: unknown): boolean {
    if (!isDatabaseUnavailable(error)) return false;
    this.lastFailureAt = Date.now();
    this.lastFailure = error instanceof Error ? error.message : String(error);
    return true;
  }

  /** Whether a connection failed in the last moment: callers back off rather than pile on. */
  get failingRecently(): boolean {
    return Date.now() - this.lastFailureAt < FAILURE_MEMORY_MS;
  }

  /** Resolves when the database can be reached now; rejects with the reason otherwise. */
  async check(): Promise<void> {
    if (this.failingRecently) {
      throw new Error(`The database is unreachable: ${this.lastFailure ?? 'connections fail'}.`);
    }
    const now = Date.now();
    if (!this.probe || now - this.probe.at > PROBE_CACHE_MS) {
      this.probe = { at: now, result: this.connectOnce() };
    }
    return this.probe.result;
  }

  private async connectOnce(): Promise<void> {
    const client = new DatabaseClient({
      connectionString: this.url,
      connectionTimeoutMillis: PROBE_TIMEOUT_MS,
      query_timeout: PROBE_TIMEOUT_MS,
      application_name: 'candor-probe',
    });
    client.on('error', () => undefined); // a probe that dies is answered by its rejection
    try {
      await client.connect();
      await client.query('SELECT 1');
    } catch (error) {
      this.noteFailure(error);
      throw new Error(
        `The database is unreachable: ${error instanceof Error ? error.message : String(error)}.`,
        { cause: error },
      );
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

import { Client, type ClientConfig } from 'pg';

/** Errors raised by the socket of a connection to the database (see `DatabaseClient`). */
const raisedByDatabaseSockets = new WeakSet<object>();

const markRaisedByDatabase = (error: unknown): void => {
  if (typeof error === 'object' && error !== null) raisedByDatabaseSockets.add(error);
};

/**
 * pg's Client, noting every error its connection's socket raises (refused, reset, timed out, host
 * unknown) as the database's: a bare `ECONNRESET` says nothing of where it came from, and one from
 * an SMTP or HTTP socket is no database outage. pg hands these very error objects on, from
 * `connect()` (a pool's connect included) and to the queries under way. Every pool and client of
 * the application's database is made with it (pools through their `Client` option).
 */
export class DatabaseClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    // Before pg's own listener, which passes the error on to whoever waits.
    this.connection.prependListener('error', markRaisedByDatabase);
  }
}

/** Whether `error` was raised by the socket of a `DatabaseClient`'s connection. */
export const raisedByDatabaseSocket = (error: object): boolean =>
  raisedByDatabaseSockets.has(error);

import { Client } from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Breaks one test database the way an operator's outage would, from a control connection to the
 * server's maintenance database (so the control connection itself survives what it does).
 */
export class DatabaseFaults {
  private readonly control: Client;
  readonly database: string;

  constructor(databaseUrl: string) {
    const url = new URL(databaseUrl);
    this.database = decodeURIComponent(url.pathname.slice(1));
    url.pathname = '/postgres';
    this.control = new Client({ connectionString: url.toString() });
  }

  async connect(): Promise<void> {
    await this.control.connect();
  }

  /** Ends every connection to the database, as `pg_terminate_backend` does; answers how many. */
  async terminateConnections(): Promise<number> {
    const { rows } = await this.control.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (
         SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = $1 AND pid <> pg_backend_pid()) AS killed`,
      [this.database],
    );
    return rows[0].n;
  }

  /** Terminates every connection every `everyMs` for `durationMs`; answers how many it ended. */
  async terminateRepeatedly(durationMs: number, everyMs = 200): Promise<number> {
    const until = Date.now() + durationMs;
    let ended = 0;
    while (Date.now() < until) {
      ended += await this.terminateConnections();
      await sleep(everyMs);
    }
    return ended;
  }

  /** `ALTER DATABASE … ALLOW_CONNECTIONS`: refusing also ends the connections already open. */
  async refuseConnections(refuse: boolean): Promise<void> {
    const name = this.control.escapeIdentifier(this.database);
    await this.control.query(
      `ALTER DATABASE ${name} ALLOW_CONNECTIONS ${refuse ? 'false' : 'true'}`,
    );
    if (refuse) await this.terminateConnections();
  }

  async close(): Promise<void> {
    await this.refuseConnections(false).catch(() => undefined);
    await this.control.end();
  }
}

import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { Client } from 'pg';

/** Drops this run's databases on an external server, or stops and removes the embedded one. */
export default async function globalTeardown(): Promise<void> {
  const embedded = (
    globalThis as { __candorTestPostgres?: { server: { stop(): Promise<void> }; dataDir: string } }
  ).__candorTestPostgres;
  if (embedded) {
    await embedded.server.stop();
    rmSync(dirname(embedded.dataDir), { recursive: true, force: true });
    return;
  }
  const client = new Client({ connectionString: process.env.CANDOR_TEST_SERVER_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`candor\\_%\\_${process.env.CANDOR_TEST_RUN_ID}%`],
    );
    for (const { datname } of rows) {
      await client.query(
        `DROP DATABASE IF EXISTS ${client.escapeIdentifier(datname)} WITH (FORCE)`,
      );
    }
  } finally {
    await client.end();
  }
}

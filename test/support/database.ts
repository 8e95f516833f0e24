import { Client } from 'pg';

let workerUrl: Promise<string> | undefined;

/**
 * This Jest worker's own database, cloned from the migrated template on first use. Test files in
 * one worker run one after another, so they share it and clean up with `truncateAll`.
 */
export function workerDatabaseUrl(): Promise<string> {
  // Jest loads this module afresh for every test file, so an earlier file may have made it already.
  workerUrl ??= cloneTemplate(`candor_w${process.env.JEST_WORKER_ID ?? '1'}_${runId()}`, {
    reuse: true,
  });
  return workerUrl;
}

/** A fresh database of its own, for tests that need an untouched schema (migrations, say). */
export function freshDatabaseUrl(label: string): Promise<string> {
  return cloneTemplate(`candor_${label}_${runId()}_${Date.now().toString(36)}`);
}

/** Empties every application table (and pg-boss's jobs) between tests. */
export async function truncateAll(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'`,
    );
    if (rows.length) await client.query(`TRUNCATE ${rows.map((r) => r.name).join(', ')} CASCADE`);
    await client.query(`DELETE FROM pgboss.job`);
  } finally {
    await client.end();
  }
}

function runId(): string {
  const id = process.env.CANDOR_TEST_RUN_ID;
  if (!id) throw new Error('The Jest global setup did not run (CANDOR_TEST_RUN_ID is unset).');
  return id;
}

async function cloneTemplate(name: string, { reuse = false } = {}): Promise<string> {
  const serverUrl = process.env.CANDOR_TEST_SERVER_URL as string;
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(
      `CREATE DATABASE ${client.escapeIdentifier(name)} TEMPLATE ${client.escapeIdentifier(process.env.CANDOR_TEST_TEMPLATE as string)}`,
    );
  } catch (error) {
    if (!(reuse && (error as { code?: string }).code === '42P04')) throw error;
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Moves `table`'s id sequence so that its next two ids cross a power of ten (…99, …100), where
 * ids compared as text sort the wrong way round: a list "newest first" must still be.
 */
export async function nextIdsCrossAPowerOfTen(db: Client, table: string): Promise<void> {
  await db.query(
    `SELECT setval(seq, (10 ^ length(nextval(seq)::text))::bigint - 2)
     FROM pg_get_serial_sequence($1, 'id') AS seq`,
    [table],
  );
}

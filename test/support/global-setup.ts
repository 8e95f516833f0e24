import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { ensureDatabase } from '../../src/database/database-url';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { startJobBoss } from './pg-boss-schema';

/**
 * One PostgreSQL for the whole run: TEST_DATABASE_URL or DATABASE_URL when set, else a throwaway
 * embedded server. A template database is migrated once; each Jest worker clones it (see
 * database.ts), which is far quicker than migrating per worker on two cores.
 */
export default async function globalSetup(): Promise<void> {
  const external = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  let serverUrl: string;
  if (external) {
    serverUrl = external;
  } else {
    const root = mkdtempSync(join(tmpdir(), 'candor-test-'));
    chmodSync(root, 0o755); // as root, PostgreSQL runs as the postgres user and must reach it
    const dataDir = join(root, 'postgres');
    const server = await startEmbeddedPostgres({
      dataDir,
      password: 'candor-test',
      preferredPort: 0,
      // Two Jest workers may each run a spec with three or four app processes of their own.
      maxConnections: 300,
    });
    (globalThis as { __candorTestPostgres?: unknown }).__candorTestPostgres = { server, dataDir };
    serverUrl = server.url;
  }

  const runId = `${process.pid}_${Date.now().toString(36)}`;
  const templateName = `candor_tpl_${runId}`;
  const templateUrl = await ensureDatabase(serverUrl, templateName);
  const dataSource = new DataSource(dataSourceOptions(templateUrl, 1));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
  await startJobBoss(templateUrl);

  process.env.CANDOR_TEST_SERVER_URL = serverUrl;
  process.env.CANDOR_TEST_TEMPLATE = templateName;
  process.env.CANDOR_TEST_RUN_ID = runId;
}

import type { AppConfig } from '../config/app-config';
import { loadOrCreateDevelopmentSecrets } from '../config/development-secrets';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgresOptions } from './embedded-postgres';

export interface DatabaseHandle {
  url: string;
  /** Set when this process started the embedded server and must stop it on shutdown. */
  stop?: () => Promise<void>;
  /** Set with `stop`: resolves, with how it ended, if that server ends while still wanted. */
  lost?: Promise<string>;
  embedded: boolean;
}

/**
 * `DATABASE_URL` when set; otherwise the embedded PostgreSQL under the data directory, with a
 * `candor` database created on first use.
 */
export async function resolveDatabase(
  config: AppConfig,
  options: Pick<
    EmbeddedPostgresOptions,
    'onLog' | 'ownProcessGroup' | 'orphanedSince' | 'onLaunched'
  > = {},
): Promise<DatabaseHandle> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: false };
  const { databasePassword } = loadOrCreateDevelopmentSecrets(config.dataDir);
  const server = await startEmbeddedPostgres({
    dataDir: join(config.dataDir, 'postgres'),
    password: databasePassword,
    ...options,
  });
  const url = await ensureDatabase(server.url, 'candor');
  if (!server.owned) return { url, embedded: true };
  return { url, embedded: true, stop: () => server.stop(), lost: server.lost };
}

/** Creates `name` on the server behind `serverUrl` if missing, and returns its URL. */
export async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0)
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } catch (error) {
    // A concurrent start may have created it between the check and the create.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

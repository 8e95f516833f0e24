import type { AppConfig } from '../config/app-config';
import { loadOrCreateDevelopmentSecrets } from '../config/development-secrets';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgresOptions } from './embedded-postgres';

/** PostgreSQL's codes: no such database; the database exists already. */
const INVALID_CATALOG_NAME = '3D000';
const DUPLICATE_DATABASE = '42P04';

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
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  // Usually it exists: one connection to it says so, and leaves the server's caches for that
  // database warm for the connections that follow (a first one costs tens of milliseconds).
  const probe = new Client({ connectionString: url.toString() });
  try {
    await probe.connect();
    return url.toString();
  } catch (error) {
    if ((error as { code?: string }).code !== INVALID_CATALOG_NAME) throw error;
  } finally {
    await probe.end().catch(() => undefined);
  }
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } catch (error) {
    // A concurrent start may have created it meanwhile.
    if ((error as { code?: string }).code !== DUPLICATE_DATABASE) throw error;
  } finally {
    await client.end();
  }
  return url.toString();
}

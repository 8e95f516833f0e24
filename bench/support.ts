import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../src/app.factory';
import { createLogger } from '../src/common/logging/logger';
import { loadConfig, type AppConfig } from '../src/config/app-config';
import { ensureDatabase } from '../src/database/database-url';
import { runPendingMigrations } from '../src/database/migrations';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { invitationToken } from '../src/common/links/link-tokens';
import { Pool } from 'pg';

/** What a benchmark gets: a PostgreSQL server and a scratch folder, both gone afterwards. */
export interface BenchPlace {
  /** `DATABASE_URL` when set, else an embedded PostgreSQL's. */
  serverUrl: string;
  dataDir: string;
  /** The highest RSS of this process so far, in MiB. */
  peakRssMiB: () => number;
}

/**
 * Runs a benchmark on a PostgreSQL of its own (embedded, unless `DATABASE_URL` names a server)
 * while sampling this process's memory; exits non-zero with the error if it fails.
 */
export function runBench(bench: (place: BenchPlace) => Promise<void>): void {
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const main = async () => {
    const root = mkdtempSync(join(tmpdir(), 'candor-bench-'));
    chmodSync(root, 0o755);
    const external = process.env.DATABASE_URL;
    const server = external
      ? undefined
      : await startEmbeddedPostgres({
          dataDir: join(root, 'postgres'),
          password: 'bench',
          preferredPort: 0,
        });
    try {
      await bench({
        serverUrl: external ?? server!.url,
        dataDir: root,
        peakRssMiB: () => Math.round(peakRss / 1024 / 1024),
      });
    } finally {
      clearInterval(sampler);
      await server?.stop();
      rmSync(root, { recursive: true, force: true });
    }
  };
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

const RUN = Date.now().toString(36);

/**
 * A database of this run's own on the benchmark's server (on a server named by DATABASE_URL, a
 * later run must not meet an earlier run's rows; drop `candor_bench_*` there when done).
 */
export function benchDatabase(serverUrl: string, name: string): Promise<string> {
  return ensureDatabase(serverUrl, `candor_bench_${name}_${RUN}`);
}

/**
 * The whole app on a migrated database of this run's own, in development mode with warnings only
 * logged; `env` adds to (or overrides) that environment, e.g. `{ ROLE: 'api' }`.
 */
export async function startBenchApp(
  place: BenchPlace,
  name: string,
  env: Record<string, string> = {},
): Promise<{ app: NestFastifyApplication; config: AppConfig; databaseUrl: string }> {
  const databaseUrl = await benchDatabase(place.serverUrl, name);
  await runPendingMigrations(databaseUrl);
  const config = loadConfig({
    NODE_ENV: 'development',
    DATABASE_URL: databaseUrl,
    DATA_DIR: place.dataDir,
    LOG_LEVEL: 'warn',
    ...env,
  });
  const app = await createApp({ config, databaseUrl }, createLogger('warn'));
  return { app, config, databaseUrl };
}

/**
 * `count` invitations to the demo survey for distinct customers (`<prefix>-<i>`,
 * `answer<i>@example.com`), through the batch API; answers their ids and link tokens, in order.
 */
export async function inviteCustomers(
  base: string,
  apiKey: string,
  tokenSecret: string,
  count: number,
  prefix: string,
): Promise<{ id: string; token: string }[]> {
  const invited: { id: string; token: string }[] = [];
  for (let offset = 0; offset < count; offset += 1000) {
    const items = Array.from({ length: Math.min(1000, count - offset) }, (_, i) => ({
      survey: 'stay',
      customer: { externalId: `${prefix}-${offset + i}`, email: `answer${offset + i}@example.com` },
    }));
    const response = await fetch(`${base}/api/v1/invitations/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items }),
    });
    const { results } = (await response.json()) as { results: { id: string; status: string }[] };
    for (const result of results) {
      if (result.status !== 'queued') throw new Error(`invitation ${result.status}`);
      invited.push({ id: result.id, token: invitationToken(tokenSecret, result.id) });
    }
  }
  return invited;
}

/** The id of the current English consent text for identified feedback (what a page shows). */
export async function currentConsentText(databaseUrl: string): Promise<string> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const { rows } = await pool.query<{ id: string }>(
      `SELECT id FROM consent_texts WHERE purpose = 'identified_feedback' AND locale = 'en'
       ORDER BY version DESC LIMIT 1`,
    );
    return rows[0].id;
  } finally {
    await pool.end();
  }
}

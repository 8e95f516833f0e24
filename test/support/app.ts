import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { createLogger } from '../../src/common/logging/logger';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { truncateAll, workerDatabaseUrl } from './database';

/** A supertest agent bound to the app's HTTP server. */
export type Http = ReturnType<typeof request>;

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  databaseUrl: string;
  http: () => Http;
  close: () => Promise<void>;
}

/** The whole application on this worker's database, with the embedded mail catcher as SMTP sink. */
export async function startTestApp(
  env: Record<string, string> = {},
  { truncate = true }: { truncate?: boolean } = {},
): Promise<TestApp> {
  const databaseUrl = await workerDatabaseUrl();
  if (truncate) await truncateAll(databaseUrl);
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    TOKEN_SECRET: 'test-token-secret-0123456789abcdef0123',
    SESSION_SECRET: 'test-session-secret-0123456789abcdef01',
    // Never written: the secrets are given and the database is not embedded.
    DATA_DIR: join(tmpdir(), 'candor-test-data'),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
  const app = await createApp({ config, databaseUrl }, createLogger(config.logLevel));
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    config,
    databaseUrl,
    http: () => request(app.getHttpServer()),
    close: () => app.close(),
  };
}

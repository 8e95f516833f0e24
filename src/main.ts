import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from './app.factory';
import { createLogger, loggableError } from './common/logging/logger';
import { installProcessGuards } from './common/process-guards';
import { AppConfig, ConfigurationError, loadConfig } from './config/app-config';
import { DatabaseHandle, resolveDatabase } from './database/database-url';
import { EmbeddedPostgresError } from './database/embedded-postgres';
import { acquireInstanceLock, InstanceLockError } from './database/instance-lock';
import { hasPendingMigrations, runPendingMigrations } from './database/migrations';
import { DemoCredentials, seedDemoData } from './modules/demo/demo-seed';

let database: DatabaseHandle | undefined;

async function main(): Promise<void> {
  const startedAt = Date.now();
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  installProcessGuards(logger);
  // The embedded database is one app's: a second one on the same DATA_DIR refuses to start.
  const lock = config.databaseUrl
    ? undefined
    : acquireInstanceLock(config.dataDir, { port: config.port, url: config.publicBaseUrl });
  process.once('exit', () => lock?.release());
  // Ctrl+C reaches this process alone; it stops the embedded database after closing its pools.
  database = await resolveDatabase(config, {
    ownProcessGroup: true,
    orphanedSince: lock?.takenOver && new Date(lock.takenOver.startedAt),
  });
  const db = database;

  const running: { app?: NestFastifyApplication } = {};
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await running.app
      ?.close()
      .catch((error: unknown) => logger.error({ err: loggableError(error) }, 'shutdown failed'));
    await db.stop?.();
    process.exit(0);
  };
  process.on('SIGINT', (signal) => void shutdown(signal));
  process.on('SIGTERM', (signal) => void shutdown(signal));
  // Without the database it started, this process would only answer 503: exit for a restart.
  void db.lost?.then((how) => {
    if (stopping) return;
    console.error(`Candor stops: its embedded PostgreSQL ended (${how}); run npm start again.`);
    process.exit(1);
  });

  await prepareSchema(config, db);
  const app = await createApp({ config, databaseUrl: db.url }, logger);
  running.app = app;
  const demo =
    !config.isProduction && db.embedded ? await seedDemoData(app, config.dataDir) : undefined;
  await app.listen({ port: config.port, host: config.host });
  logger.info({ role: config.role, port: config.port, ms: Date.now() - startedAt }, 'ready');
  if (config.metrics.access === 'off') {
    logger.warn('METRICS_TOKEN is not set: /metrics answers 404 until it is');
  }
  if (!config.isProduction) printBanner(config, demo, Date.now() - startedAt);
}

/** Development applies pending migrations itself; production expects `npm run migrate` first. */
async function prepareSchema(config: AppConfig, database: DatabaseHandle): Promise<void> {
  if (!config.isProduction) {
    await runPendingMigrations(database.url);
  } else if (await hasPendingMigrations(database.url)) {
    throw new ConfigurationError(
      'The database has pending migrations: run `npm run migrate` before starting.',
    );
  }
}

function printBanner(config: AppConfig, demo: DemoCredentials | undefined, ms: number): void {
  const base = config.publicBaseUrl;
  const lines = [
    '',
    `  Candor is running (${config.role}, ${config.nodeEnv}) — ready in ${(ms / 1000).toFixed(1)} s`,
    '',
    `  App            ${base}/`,
    `  Console        ${base}/console`,
    ...(config.apiDocs === 'off' ? [] : [`  API docs       ${base}/api/docs`]),
    ...(config.smtpUrl ? [] : [`  Captured mail  ${base}/dev/mail`]),
    `  Health         ${base}/health/ready`,
  ];
  if (demo) {
    lines.push('', '  Demo sign-in (development only):');
    const width = Math.max(...demo.users.map((u) => u.email.length));
    for (const user of demo.users) {
      lines.push(
        `    ${user.role.padEnd(8)} ${user.email.padEnd(width)}  ${user.password}  (${user.team})`,
      );
    }
    lines.push('', `  Demo API key   ${demo.apiKey}`);
  }
  lines.push('', '  Stop with Ctrl+C.', '');
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch(async (error: unknown) => {
  const known =
    error instanceof ConfigurationError ||
    error instanceof EmbeddedPostgresError ||
    error instanceof InstanceLockError;
  const listenFailure = (error as NodeJS.ErrnoException)?.code === 'EADDRINUSE';
  if (known) console.error(`Candor cannot start: ${(error as Error).message}`);
  else if (listenFailure)
    console.error(
      `Candor cannot start: port ${process.env.PORT ?? 3000} is in use; set PORT to a free port.`,
    );
  else {
    const { name, message, stack } = loggableError(error);
    console.error(`Candor cannot start: ${name}: ${message}\n${stack ?? ''}`);
  }
  // Do not leave an embedded PostgreSQL we started running behind us.
  await database?.stop?.().catch(() => undefined);
  process.exit(1);
});

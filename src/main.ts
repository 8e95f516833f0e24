import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger, loggableError } from './common/logging/logger';
import { AppConfig, ConfigurationError, loadConfig } from './config/app-config';
import { DatabaseHandle, resolveDatabase } from './database/database-url';
import { EmbeddedPostgresError } from './database/embedded-postgres';
import { acquireInstanceLock, InstanceLockError } from './database/instance-lock';
import type { DemoCredentials } from './modules/demo/demo-seed';

let database: DatabaseHandle | undefined;

async function main(): Promise<void> {
  const startedAt = Date.now();
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  // The embedded database is one app's: a second one on the same DATA_DIR refuses to start.
  const lock = config.databaseUrl
    ? undefined
    : acquireInstanceLock(config.dataDir, { port: config.port, url: config.publicBaseUrl });
  process.once('exit', () => lock?.release());
  let launched = () => {};
  const databaseLaunched = new Promise<void>((resolve) => (launched = resolve));
  const databaseReady = resolveDatabase(config, {
    // Ctrl+C reaches this process alone; it stops the embedded database after closing its pools.
    ownProcessGroup: true,
    orphanedSince: lock?.takenOver && new Date(lock.takenOver.startedAt),
    onLaunched: launched,
  });
  // The embedded PostgreSQL takes a few hundred milliseconds to accept connections once its
  // process runs: the application's modules (a second of loading) load meanwhile.
  await Promise.race([databaseLaunched, databaseReady]);
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded late on purpose, see above */
  const { installProcessGuards } =
    require('./common/process-guards') as typeof import('./common/process-guards');
  const { createApp } = require('./app.factory') as typeof import('./app.factory');
  const migrations = require('./database/migrations') as typeof import('./database/migrations');
  const { seedDemoData } =
    require('./modules/demo/demo-seed') as typeof import('./modules/demo/demo-seed');
  /* eslint-enable @typescript-eslint/no-require-imports */
  installProcessGuards(logger);
  database = await databaseReady;
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

  await prepareSchema(config, db, migrations);
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
async function prepareSchema(
  config: AppConfig,
  database: DatabaseHandle,
  migrations: typeof import('./database/migrations'),
): Promise<void> {
  if (!config.isProduction) {
    await migrations.runPendingMigrations(database.url);
  } else if (await migrations.hasPendingMigrations(database.url)) {
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

import { join } from 'node:path';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { DatabaseClient } from './database-client';
import { ENTITIES } from './entities';

/**
 * Options shared by the app, the migration CLI and the tests. Migrations are compiled beside the
 * sources, so the glob finds `.js` under dist and `.ts` under ts-jest.
 */
export function dataSourceOptions(
  url: string,
  poolSize = 10,
  /** Told when an idle pooled connection fails (the server ended it): the pool replaces it. */
  onPoolError?: (error: Error) => void,
): PostgresDataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: [join(__dirname, '..', '..', 'migrations', '*.{js,ts}')],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logging: false,
    ...(onPoolError && { poolErrorHandler: onPoolError }),
    // A database that does not answer at all (a dropped network) fails a request, not hangs it.
    extra: {
      max: poolSize,
      application_name: 'candor',
      connectionTimeoutMillis: 5000,
      // No JIT: the reports' statements unfold answers with jsonb functions PostgreSQL reckons at
      // 100 rows each, so a 14 ms read is costed as a big one and compiled first, 0.5 s on two
      // cores (bench:reports, the per-question results over a year). Nothing here runs long
      // enough to repay compiling.
      options: '-c jit=off',
      // Its socket's errors are known for the database's (a lost database, not any ECONNRESET).
      Client: DatabaseClient,
    },
  };
}

import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

/** Any fixed number: it names the lock every Candor process takes while it migrates. */
const MIGRATION_LOCK = 7_100_221;

/**
 * Applies pending migrations (development start, the CLI, benchmarks). An advisory lock makes a
 * second process (the CLI while the app starts, two replicas) wait instead of migrating twice.
 */
export async function runPendingMigrations(url: string): Promise<string[]> {
  return withDataSource(url, async (dataSource) => {
    const runner = dataSource.createQueryRunner();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      await runner.release();
    }
  });
}

/** Whether the database lacks migrations this build has (production refuses to start then). */
export function hasPendingMigrations(url: string): Promise<boolean> {
  return withDataSource(url, (dataSource) => dataSource.showMigrations());
}

async function withDataSource<T>(
  url: string,
  work: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  // Migrations are SQL: the entities' metadata, which the app builds anyway, is not needed here.
  const dataSource = new DataSource({ ...dataSourceOptions(url, 2), entities: [] });
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { freshDatabaseUrl } from '../support/database';

describe('migrations', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = new DataSource(dataSourceOptions(await freshDatabaseUrl('migrations'), 1));
    await dataSource.initialize();
  });
  afterAll(() => dataSource.destroy());

  const tables = async () =>
    (
      await dataSource.query<{ tablename: string }[]>(
        `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
      )
    ).map((r) => r.tablename);

  it('go up, all the way down, and up again, matching the entities', async () => {
    const applied = await dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM migrations`,
    );
    expect(applied[0].n).toBe(dataSource.migrations.length);
    expect(await tables()).toEqual(
      expect.arrayContaining(['users', 'teams', 'sessions', 'api_keys', 'rate_limit_counters']),
    );

    for (let i = 0; i < dataSource.migrations.length; i++)
      await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual(['migrations']);

    await dataSource.runMigrations({ transaction: 'each' });
    expect(await tables()).toEqual(
      expect.arrayContaining(['users', 'teams', 'sessions', 'api_keys', 'rate_limit_counters']),
    );
    // Nothing left for migration:generate to find: the migrations describe the entities exactly.
    const drift = await dataSource.driver.createSchemaBuilder().log();
    expect(drift.upQueries.map((q) => q.query)).toEqual([]);
  });
});

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

  it('bring a database that ran the first ReportRollups to the current report_rollup_state', async () => {
    const columns = async () =>
      (
        await dataSource.query<{ column_name: string }[]>(
          `SELECT column_name FROM information_schema.columns
           WHERE table_name = 'report_rollup_state' ORDER BY 1`,
        )
      ).map((r) => r.column_name);
    const current = await columns();
    // The state table as the first version of ReportRollups made it, before the fix-forward ran.
    await dataSource.query(
      `ALTER TABLE report_rollup_state DROP COLUMN covered_through,
         ADD COLUMN covered_until date NOT NULL DEFAULT '1970-01-01',
         ADD COLUMN refreshed_at timestamptz NOT NULL DEFAULT '-infinity'`,
    );
    await dataSource.query(
      `DELETE FROM migrations WHERE name = 'ReportRollupStateFixForward1796470000000'`,
    );

    expect(await dataSource.runMigrations({ transaction: 'each' })).toHaveLength(1);
    expect(await columns()).toEqual(current);
    expect(current).toContain('covered_through');
  });
});

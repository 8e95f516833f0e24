import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { workerDatabaseUrl } from '../support/database';

describe('test database', () => {
  it('is migrated', async () => {
    const client = new Client({ connectionString: await workerDatabaseUrl() });
    await client.connect();
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM migrations`);
    await client.end();
    expect(rows[0].n).toBeGreaterThan(0);
  });

  it("is asked by the app's connections to compile nothing (jit off)", async () => {
    const dataSource = new DataSource(dataSourceOptions(await workerDatabaseUrl(), 1));
    await dataSource.initialize();
    try {
      const [row] = await dataSource.query<{ jit: string }[]>(
        `SELECT current_setting('jit') AS jit`,
      );
      expect(row.jit).toBe('off');
    } finally {
      await dataSource.destroy();
    }
  });
});

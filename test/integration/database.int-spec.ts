import { Client } from 'pg';
import { workerDatabaseUrl } from '../support/database';

describe('test database', () => {
  it('is migrated', async () => {
    const client = new Client({ connectionString: await workerDatabaseUrl() });
    await client.connect();
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM migrations`);
    await client.end();
    expect(rows[0].n).toBeGreaterThan(0);
  });
});

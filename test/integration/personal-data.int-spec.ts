import { DataSource } from 'typeorm';
import { PersonalDataRegistry } from '../../src/common/privacy/personal-data';
import { startTestApp, type TestApp } from '../support/app';

/**
 * Tables that hold a person's details (a `customer_id`, an `email` or a `name` column) and yet
 * need no contributor to the export and the erasure, each with the reason. Anything else with
 * such a column must be registered by its module: a new table is never missed by an erasure.
 */
const NOT_A_CUSTOMERS_DATA: Record<string, string> = {
  users: 'staff accounts, not customers',
  api_keys: "an integration's name",
  teams: "a team's name",
  surveys: "a survey's name",
  survey_versions: "a survey's name",
  migrations: "a migration's name",
  audit_events:
    'append-only by design (rows cannot change); it keeps the customer id only, which points to ' +
    'nobody once the customer row is erased',
};

describe('personal data registry', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('has a contributor for every table that holds customer data', async () => {
    const covered = new Set(
      t.app
        .get(PersonalDataRegistry, { strict: false })
        .registered.flatMap((contributor) => contributor.tables),
    );
    const tables = await t.app.get(DataSource).query<{ table_name: string }[]>(
      `SELECT DISTINCT table_name FROM information_schema.columns
       WHERE table_schema = 'public' AND column_name IN ('customer_id', 'email', 'name')
       ORDER BY 1`,
    );
    const missing = tables
      .map((row) => row.table_name)
      .filter((table) => !covered.has(table) && !(table in NOT_A_CUSTOMERS_DATA));
    expect(missing).toEqual([]);
  });

  it('names only tables that exist, each once', async () => {
    const named = t.app
      .get(PersonalDataRegistry, { strict: false })
      .registered.flatMap((contributor) => contributor.tables);
    const rows = await t.app
      .get(DataSource)
      .query<{ table_name: string }[]>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
      );
    const existing = new Set(rows.map((row) => row.table_name));
    expect(named.filter((table) => !existing.has(table))).toEqual([]);
    expect(new Set(named).size).toBe(named.length);
  });
});

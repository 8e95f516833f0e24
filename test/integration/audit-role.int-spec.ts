import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { runPendingMigrations } from '../../src/database/migrations';

/**
 * As in production, a role that is no superuser runs the migrations and then the application: it
 * can add to the audit trail and read it, but cannot update, delete or truncate a row.
 */
describe('the application role and the audit trail', () => {
  const role = `candor_app_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  const database = `${role}_db`;
  let admin: Client;
  let app: Client;

  beforeAll(async () => {
    admin = new Client({ connectionString: process.env.CANDOR_TEST_SERVER_URL });
    await admin.connect();
    await admin.query(`CREATE ROLE ${role} LOGIN NOSUPERUSER PASSWORD '${password}'`);
    await admin.query(`CREATE DATABASE ${database} OWNER ${role}`);
    const url = new URL(process.env.CANDOR_TEST_SERVER_URL as string);
    url.username = role;
    url.password = password;
    url.pathname = `/${database}`;
    await runPendingMigrations(url.toString());
    app = new Client({ connectionString: url.toString() });
    await app.connect();
  });
  afterAll(async () => {
    await app?.end();
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  });

  it('adds and reads rows, never changes or removes one', async () => {
    await app.query(
      `INSERT INTO audit_events (action, subject_type, subject_id) VALUES ('test.recorded', 'test', '1')`,
    );
    const { rows } = await app.query(`SELECT action FROM audit_events`);
    expect(rows).toEqual([{ action: 'test.recorded' }]);
    for (const change of [
      `UPDATE audit_events SET action = 'test.rewritten'`,
      `DELETE FROM audit_events`,
      `TRUNCATE audit_events`,
    ]) {
      await expect(app.query(change)).rejects.toThrow(/permission denied/);
    }
    expect((await app.query(`SELECT action FROM audit_events`)).rows).toEqual(rows);
  });
});

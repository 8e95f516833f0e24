import { Client } from 'pg';
import { DEMO_SURVEY } from '../../src/modules/demo/demo-survey';
import { EmailSender } from '../../src/modules/email/email-sender';
import { MailCatcher } from '../../src/modules/mail-transport/mail-catcher';
import { SurveysService } from '../../src/modules/surveys/surveys.service';
import { startTestApp, type TestApp } from '../support/app';
import { eventually } from '../support/eventually';
import { createApiKey } from '../support/factories';
import {
  expectDeliveredOnce,
  inviteMany,
  outbox,
  settled,
  shortenSendRetries,
} from '../support/relay-fixture';

jest.setTimeout(180_000);

// Issue 12, finding 4 and the transient faults: what each refusal does to the outbox, to the
// suppressions and to sending, with the app's own workers sending to a relay that misbehaves.
describe('an SMTP relay that refuses or drops mail', () => {
  const relay = new MailCatcher({ capacity: 1000 });
  let t: TestApp;
  let db: Client;
  let apiKey: string;
  let sender: EmailSender;

  const suppressions = async (): Promise<number> =>
    (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM suppressions`)).rows[0].n;

  beforeAll(async () => {
    await relay.start();
    t = await startTestApp({ SMTP_URL: relay.url, JOBS_MAX_RUN_SECONDS: '20' });
    await t.app.get(SurveysService).createSurvey(DEMO_SURVEY);
    apiKey = await createApiKey(t.app);
    sender = t.app.get(EmailSender);
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    await shortenSendRetries(db);
  });

  afterEach(() => relay.respondToAll(undefined));

  afterAll(async () => {
    await db?.end();
    await t?.close();
    await relay.stop();
  });

  it('451 across several retries: every email goes once the relay takes mail again', async () => {
    relay.respondToAll({ code: 451, enhanced: '4.3.0', message: 'Try again later' });
    await inviteMany(t, apiKey, 'greylisted', 4);

    await eventually(
      async () => {
        const rows = await outbox(db, 'greylisted');
        expect(rows).toHaveLength(4);
        for (const row of rows) {
          expect(row).toMatchObject({ status: 'queued', last_error: 'transient:451 4.3.0' });
          expect(row.attempts).toBeGreaterThanOrEqual(3);
        }
      },
      90_000,
      200,
    );
    relay.respondToAll(undefined);

    const rows = await settled(db, 'greylisted');
    expect(rows.map((row) => row.status)).toEqual(rows.map(() => 'sent'));
    expectDeliveredOnce(relay, rows);
    expect(await suppressions()).toBe(0);
  });

  it('a connection dropped mid-DATA: that email goes later, once', async () => {
    relay.respondWith({ code: 0 }, { code: 0 });
    await inviteMany(t, apiKey, 'dropped', 3);

    const rows = await settled(db, 'dropped');
    expect(rows.map((row) => row.status)).toEqual(rows.map(() => 'sent'));
    // Two sends were cut off and retried: five attempts for three emails.
    expect(rows.reduce((sum, row) => sum + row.attempts, 0)).toBe(5);
    expectDeliveredOnce(relay, rows);
    expect(await suppressions()).toBe(0);
  });

  it('550 5.1.1 for one recipient: that one bounces and is suppressed, the others go', async () => {
    relay.respondToRecipient('unknown-2@example.com', {
      code: 550,
      enhanced: '5.1.1',
      message: 'No such user',
    });
    try {
      await inviteMany(t, apiKey, 'unknown', 4);
      const rows = await settled(db, 'unknown');
      const bounced = rows.find((row) => row.recipient === 'unknown-2@example.com')!;
      expect(bounced).toMatchObject({
        status: 'failed',
        attempts: 1,
        last_error: 'recipient:550 5.1.1',
      });
      const others = rows.filter((row) => row !== bounced);
      expect(others.map((row) => [row.status, row.attempts])).toEqual(
        others.map(() => ['sent', 1]),
      );
      expectDeliveredOnce(relay, others);
      expect(await suppressions()).toBe(1);
      const { rows: invitations } = await db.query<{ status: string }>(
        `SELECT i.status FROM invitations i JOIN customers c ON c.id = i.customer_id
          WHERE c.external_id = 'unknown-2'`,
      );
      expect(invitations).toEqual([{ status: 'bounced' }]);
      expect(sender.pauseReason).toBeUndefined();
    } finally {
      relay.respondToRecipient('unknown-2@example.com', undefined);
    }
  });

  it('a bare 550 to everyone: nobody suppressed, sending paused and /health/ready says so, then it resumes', async () => {
    const suppressedBefore = await suppressions();
    relay.respondToAll({ code: 550, message: 'Rejected' });
    await inviteMany(t, apiKey, 'refused', 5);

    const ready = await eventually(
      async () => {
        const response = await t.http().get('/health/ready').expect(503);
        expect(response.body.details).toContainEqual({
          field: 'smtp',
          message: expect.stringContaining('the SMTP relay refuses Candor') as string,
        });
        return response;
      },
      60_000,
      200,
    );
    expect(JSON.stringify(ready.body)).toContain('relay:550');
    const duringPause = await outbox(db, 'refused');
    expect(duringPause.map((row) => row.status)).toEqual(duringPause.map(() => 'queued'));
    expect(await suppressions()).toBe(suppressedBefore);
    relay.respondToAll(undefined);

    // The pause ends by itself (15 s the first time) and every email goes, once.
    const rows = await settled(db, 'refused');
    expect(rows.map((row) => row.status)).toEqual(rows.map(() => 'sent'));
    expectDeliveredOnce(relay, rows);
    expect(await suppressions()).toBe(suppressedBefore);
    // Nothing dead-lettered: the pause spent no email's retries.
    const { rows: dead } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'email.send.dead'`,
    );
    expect(dead[0].n).toBe(0);
    await eventually(() => t.http().get('/health/ready').expect(200), 60_000, 500);
  });
});

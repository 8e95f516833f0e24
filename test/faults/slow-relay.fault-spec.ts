import { Client } from 'pg';
import { DEMO_SURVEY } from '../../src/modules/demo/demo-survey';
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
import { childAppEnv, spawnAppProcess, type AppProcess } from '../support/worker-process';

jest.setTimeout(240_000);

/**
 * Small enough that a slow relay used to outlast the `email.send` job: pg-boss failed it and ran
 * it again while its sends went on, and every email went out twice. The SMTP timeouts follow from
 * it: a third (6.7 s) to connect and for any one reply.
 */
const MAX_RUN_SECONDS = 20;
/** The transport's pooled connections: at most this many sends are under way at once. */
const MAIL_CONNECTIONS = 5;

/** How many messages to `<prefix>-…` addresses the relay has accepted. */
const deliveredTo = (relay: MailCatcher, prefix: string): number =>
  relay.messages().filter((mail) => mail.envelope.to.some((to) => to.startsWith(`${prefix}-`)))
    .length;

// Issue 12, finding 2: a relay that answers each message after seconds, or never.
describe('a slow or hanging SMTP relay, sending from a real worker process', () => {
  const relay = new MailCatcher({ capacity: 1000 });
  let t: TestApp;
  let db: Client;
  let apiKey: string;
  let worker: AppProcess;

  beforeAll(async () => {
    await relay.start();
    // This process only queues (its queue policy must match the worker's); the child sends.
    t = await startTestApp({
      ROLE: 'api',
      SMTP_URL: relay.url,
      JOBS_MAX_RUN_SECONDS: String(MAX_RUN_SECONDS),
    });
    await t.app.get(SurveysService).createSurvey(DEMO_SURVEY);
    apiKey = await createApiKey(t.app);
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();

    worker = await startWorker();
    await shortenSendRetries(db);
  });

  afterEach(() => relay.respondToAll(undefined));

  /** A process that sends (ROLE=all), ready once its workers have started. */
  async function startWorker(): Promise<AppProcess> {
    const started = spawnAppProcess(
      await childAppEnv(t, {
        ROLE: 'all',
        SMTP_URL: relay.url,
        // Maintenance (which fails jobs past their limit) every second: an overrun would show.
        JOBS_MAINTENANCE_SECONDS: '1',
        JOBS_MAX_RUN_SECONDS: String(MAX_RUN_SECONDS),
        SMTP_CONNECTIONS: String(MAIL_CONNECTIONS),
      }),
    );
    // Its HTTP server listens once its workers have started.
    await started.waitUntilReady();
    return started;
  }

  afterAll(async () => {
    await worker?.stop('SIGTERM', 10_000);
    await db?.end();
    await t?.close();
    await relay.stop();
  });

  /** No `email.send` job was failed for running too long (or for anything else). */
  const expectNoJobOverran = async () => {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pgboss.job
        WHERE name LIKE 'email.send%' AND (retry_count > 0 OR state = 'failed' OR name <> 'email.send')`,
    );
    expect(rows[0].n).toBe(0);
  };

  it('answering each message after 4 s (25 emails, 20 s of sends for a 20 s job): each sent once, first try', async () => {
    relay.respondToAll({ code: 250, delayMs: 4000 });
    await inviteMany(t, apiKey, 'slow', 25);

    const rows = await settled(db, 'slow', 150_000);
    expect(rows.map((row) => [row.status, row.attempts])).toEqual(rows.map(() => ['sent', 1]));
    expectDeliveredOnce(relay, rows);
    // The batch stopped starting sends while it still had time for one: the rest went to fresh
    // jobs, never to a retry of a job that ran out of time.
    await expectNoJobOverran();
  });

  it.each([
    ['answering each message after 10 s', 10_000],
    ['never answering', Infinity],
  ])('%s: sends time out, and each email goes once when the relay recovers', async (_, delayMs) => {
    const prefix = delayMs === Infinity ? 'hang' : 'late';
    relay.respondToAll({ code: 250, delayMs });
    await inviteMany(t, apiKey, prefix, 5);

    // Every email tried and timed out at least once (the relay kept none of them).
    await eventually(
      async () => {
        const rows = await outbox(db, prefix);
        expect(rows).toHaveLength(5);
        for (const row of rows) {
          expect(row).toMatchObject({ status: 'queued', last_error: 'transient:ETIMEDOUT' });
        }
      },
      90_000,
      200,
    );
    relay.respondToAll(undefined);

    const rows = await settled(db, prefix);
    expect(rows.map((row) => row.status)).toEqual(rows.map(() => 'sent'));
    expect(Math.min(...rows.map((row) => row.attempts))).toBeGreaterThanOrEqual(2);
    expectDeliveredOnce(relay, rows);
  });

  it('a worker stopped mid-batch finishes only the sends under way; its successor sends the rest, each once', async () => {
    relay.respondToAll({ code: 250, delayMs: 1500 });
    await inviteMany(t, apiKey, 'drain', 30);
    // 30 sends over 5 connections at 1.5 s each take 9 s: stop once the first are in.
    await eventually(
      async () =>
        expect(
          (await outbox(db, 'drain')).filter((r) => r.status === 'sent').length,
        ).toBeGreaterThan(0),
      60_000,
      50,
    );
    const deliveredBefore = deliveredTo(relay, 'drain');
    await worker.stop('SIGTERM', 30_000);
    expect(worker.output()).not.toMatch(/finished after shutdown released it/);
    // It finished the sends under way (one per pooled connection) and started none after the
    // signal: it used to go on sending its whole batch. Sends that began between the count above
    // and the signal's arrival (a busy machine: one more round per connection) are allowed.
    expect(deliveredTo(relay, 'drain')).toBeLessThanOrEqual(deliveredBefore + 2 * MAIL_CONNECTIONS);
    expect((await outbox(db, 'drain')).some((row) => row.status === 'queued')).toBe(true);

    relay.respondToAll(undefined);
    worker = await startWorker();
    const rows = await settled(db, 'drain');
    expect(rows.map((row) => row.status)).toEqual(rows.map(() => 'sent'));
    expectDeliveredOnce(relay, rows);
  });
});

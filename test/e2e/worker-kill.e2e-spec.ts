import { Client } from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEMO_SURVEY } from '../../src/modules/demo/demo-survey';
import { MailCatcher, type CapturedMail } from '../../src/modules/mail-transport/mail-catcher';
import { SurveysService } from '../../src/modules/surveys/surveys.service';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey } from '../support/factories';
import {
  READY_TIMEOUT_MS,
  childAppEnv,
  spawnAppProcess,
  type AppProcess,
} from '../support/worker-process';

const INVITATIONS = 1000;
/** The most `email.send` jobs one worker process holds at once: `workers` × `batchSize` (200). */
const IN_FLIGHT_PER_PROCESS = 200;
/**
 * The most emails one worker process can have sent without recording them: each of a batch's 10
 * sending lanes sends no other email until its last one's outcome is committed, and 2 batches run
 * at once. Only these can go out twice.
 */
const UNRECORDED_PER_PROCESS = 20;
/** Kill the first worker once this many emails have arrived: well into the run, far from its end. */
const KILL_AFTER_RECEIVED = 150;
/**
 * Jobs that run longer are failed by maintenance and retried: it must exceed a batch's real run
 * time (the in-flight sends at SEND_RATE: about 1 s), or live sends would be retried too.
 */
const MAX_RUN_SECONDS = 5;
/** Emails per second per worker process (default 50): keeps the run short. */
const SEND_RATE = 200;
/** Deadlines for the two phases once a worker is ready (each takes seconds when idle). */
const PHASE_TIMEOUT_MS = 90_000;

// Jest reads testTimeout from the root config only (and it covers beforeAll): above the sum of the
// waits below, each of which fails with its own message first.
jest.setTimeout(2 * (READY_TIMEOUT_MS + PHASE_TIMEOUT_MS) + 60_000);

/** Polls until `done` answers true; throws with `describe()` at the deadline or if `abort` says so. */
async function waitUntil(
  done: () => boolean | Promise<boolean>,
  timeoutMs: number,
  describe: () => string,
  abort: () => string | undefined = () => undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    const reason = abort() ?? (Date.now() > deadline ? `timed out after ${timeoutMs} ms` : null);
    if (reason) throw new Error(`${reason}: ${describe()}`);
    await sleep(50);
  }
}

describe('a worker killed with SIGKILL in the middle of 1,000 sends', () => {
  let t: TestApp;
  let db: Client;
  const catcher = new MailCatcher({ capacity: 4 * INVITATIONS });
  const workers: AppProcess[] = [];

  /** A worker process (ROLE=worker) on the test's database, sending to the test's catcher. */
  async function startWorker(): Promise<AppProcess> {
    const worker = spawnAppProcess(
      await childAppEnv(t, {
        ROLE: 'worker',
        SMTP_URL: catcher.url,
        MAIL_SEND_RATE: String(SEND_RATE),
        JOBS_MAINTENANCE_SECONDS: '1',
        JOBS_MAX_RUN_SECONDS: String(MAX_RUN_SECONDS),
      }),
    );
    workers.push(worker);
    return worker;
  }

  const count = async (sql: string): Promise<number> =>
    (await db.query<{ n: number }>(sql)).rows[0].n;
  const pendingSendJobs = () =>
    count(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'email.send' AND state IN ('created', 'retry', 'active')`,
    );

  beforeAll(async () => {
    await catcher.start();
    // The API process queues; only the child processes send. The queue's run limit is copied into
    // each job when it is enqueued, so this process needs the same JOBS_MAX_RUN_SECONDS.
    t = await startTestApp({
      ROLE: 'api',
      SMTP_URL: catcher.url,
      JOBS_MAX_RUN_SECONDS: String(MAX_RUN_SECONDS),
    });
    await t.app.get(SurveysService).createSurvey(DEMO_SURVEY);
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop('SIGKILL')));
    await db?.end();
    await t?.close();
    await catcher.stop();
  });

  it('sends every invitation; duplicates stay within the in-flight jobs and keep their Message-ID', async () => {
    const apiKey = await createApiKey(t.app);
    const response = await t
      .http()
      .post('/api/v1/invitations/batch')
      .set({ authorization: `Bearer ${apiKey}` })
      .send({
        items: Array.from({ length: INVITATIONS }, (_, i) => ({
          survey: 'stay',
          customer: { externalId: `kill-${i}`, email: `kill-${i}@example.com` },
        })),
      })
      .expect(202);
    const statuses = (response.body.results as { status: string }[]).map((r) => r.status);
    expect(statuses.filter((s) => s === 'queued')).toHaveLength(INVITATIONS);

    const received = () => catcher.messages().length;
    const a = await startWorker();
    await a.waitUntilReady();
    await waitUntil(
      () => received() >= KILL_AFTER_RECEIVED,
      PHASE_TIMEOUT_MS,
      () => `worker A, ${received()} received; its output:\n${a.output()}`,
      () => (a.exited() ? 'worker A exited' : undefined),
    );
    await a.stop('SIGKILL');
    const receivedAtKill = received();
    const lostJobs = await count(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'email.send' AND state = 'active'`,
    );
    expect(receivedAtKill).toBeLessThan(INVITATIONS);
    // The kill really left jobs running: they come back only through expiry and retry.
    expect(lostJobs).toBeGreaterThan(0);
    expect(lostJobs).toBeLessThanOrEqual(IN_FLIGHT_PER_PROCESS);

    const b = await startWorker();
    await b.waitUntilReady();
    // Every email sent, and every job settled: the lost jobs of emails A did send retry and skip.
    let progress = { sent: 0, pending: 0 };
    await waitUntil(
      async () => {
        progress = {
          sent: await count(`SELECT count(*)::int AS n FROM email_messages WHERE status = 'sent'`),
          pending: await pendingSendJobs(),
        };
        return progress.sent === INVITATIONS && progress.pending === 0;
      },
      PHASE_TIMEOUT_MS,
      () =>
        `worker B, ${progress.sent} sent, ${received()} received, ${progress.pending} jobs pending; ` +
        `its output:\n${b.output()}`,
      () => (b.exited() ? 'worker B exited' : undefined),
    );

    const invitations = await db.query(
      `SELECT status, count(*)::int AS n FROM invitations GROUP BY status`,
    );
    expect(invitations.rows).toEqual([{ status: 'sent', n: INVITATIONS }]);
    expect(
      await count(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'email.send.dead'`),
    ).toBe(0);

    const outbox = await db.query<{ recipient: string; message_id: string }>(
      `SELECT recipient, message_id FROM email_messages`,
    );
    expect(outbox.rows).toHaveLength(INVITATIONS);
    const byRecipient = new Map<string, CapturedMail[]>();
    for (const mail of catcher.messages()) {
      expect(mail.envelope.to).toHaveLength(1);
      const [to] = mail.envelope.to as [string];
      byRecipient.set(to, [...(byRecipient.get(to) ?? []), mail]);
    }
    // Every outbox row went out at least once, always with its own Message-ID; nothing else went out.
    expect([...byRecipient.keys()].sort()).toEqual(outbox.rows.map((r) => r.recipient).sort());
    for (const { recipient, message_id } of outbox.rows) {
      const ids = new Set(byRecipient.get(recipient)?.map((mail) => mail.messageId));
      expect({ recipient, ids: [...ids] }).toEqual({ recipient, ids: [message_id] });
    }
    const duplicates = catcher.messages().length - INVITATIONS;
    expect(duplicates).toBeLessThanOrEqual(lostJobs);
    expect(duplicates).toBeLessThanOrEqual(UNRECORDED_PER_PROCESS);
  });
});

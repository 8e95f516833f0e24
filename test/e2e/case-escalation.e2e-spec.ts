import { setTimeout as sleep } from 'node:timers/promises';
import { JobQueue } from '../../src/common/jobs/job-queue';
import { Client } from 'pg';
import { CaseOpening } from '../../src/modules/cases/case-opening';
import { CaseEscalations } from '../../src/modules/cases/escalation/case-escalations';
import { ESCALATION_STEPS } from '../../src/modules/cases/escalation/escalation-steps';
import { MailCatcher } from '../../src/modules/mail-transport/mail-catcher';
import { eventually } from '../support/eventually';
import { createUser, signIn } from '../support/factories';
import { startSurveyTestApp, type SurveyTestApp } from '../support/survey-fixtures';
import {
  READY_TIMEOUT_MS,
  childAppEnv,
  spawnAppProcess,
  type AppProcess,
} from '../support/worker-process';

// Jest reads testTimeout from the root config only, never from a project: set it per file. Above
// the sum of the waits below (workers ready, escalation done, the reopened case), each of which
// fails with its own message first.
jest.setTimeout(READY_TIMEOUT_MS + 180_000);

const CASES = 24;
const RESOLVED = 4;
const STEPS = 4;

/**
 * SLA escalation with three worker processes sharing the queue, every step's job delivered three
 * times: each step happens once per case (one timeline event, one email per manager, the priority
 * raised once per overdue step) and never for a resolved case; the other team's manager hears
 * nothing. The API process here runs no jobs: only the children escalate.
 */
describe('escalation with three worker processes', () => {
  let t: SurveyTestApp;
  const workers: AppProcess[] = [];

  beforeAll(async () => {
    t = await startSurveyTestApp({ ROLE: 'api' });
  });
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop('SIGTERM')));
    await t?.close();
  });

  async function startWorker(): Promise<AppProcess> {
    const worker = spawnAppProcess(
      await childAppEnv(t, {
        ROLE: 'worker',
        SMTP_URL: t.app.get(MailCatcher).url,
        MAIL_SEND_RATE: '500',
      }),
    );
    workers.push(worker);
    return worker;
  }

  /** An unhappy identified answer and its case, opened here: this process runs no jobs. */
  async function openedCase(): Promise<{ id: string; priority: number }> {
    const invited = await t.invite();
    await t
      .http()
      .post(`/s/${invited.token}`)
      .set('accept', 'application/json')
      .send({ consent: 'identified', consentText: await t.consentTextId(), score: 2 })
      .expect(201);
    const { rows } = await t.db.query<{ id: string }>(
      'SELECT id FROM responses WHERE invitation_id = $1',
      [invited.id],
    );
    await t.app.get(CaseOpening).openForResponse(rows[0].id);
    const opened = await t.db.query<{ id: string; priority: number }>(
      'SELECT id, priority FROM follow_up_cases WHERE response_id = $1',
      [rows[0].id],
    );
    return opened.rows[0];
  }

  it('escalates each step exactly once, never a resolved case', async () => {
    const care = await createUser(t.app, 'manager', 'Customer Care');
    const careToo = await createUser(t.app, 'manager', 'Customer Care');
    const billing = await createUser(t.app, 'manager', 'Billing');
    const caseIds: string[] = [];
    for (let i = 0; i < CASES; i += 1) caseIds.push((await openedCase()).id);
    const resolved = caseIds.slice(0, RESOLVED);
    const live = caseIds.slice(RESOLVED);
    // Routed to Customer Care, at priority 5 so that each raise shows; some resolved meanwhile.
    await t.db.query(
      `UPDATE follow_up_cases SET team_id = $2, priority = 5 WHERE id = ANY($1::uuid[])`,
      [caseIds, care.user.teamId],
    );
    await t.db.query(
      `UPDATE follow_up_cases SET status = 'resolved', resolved_at = now() WHERE id = ANY($1::uuid[])`,
      [resolved],
    );
    expect(
      await t.count(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'case.escalate' AND start_after > now()`,
      ),
    ).toBe(CASES * STEPS);
    // Every step due now, and each job delivered three times (at least once means maybe more).
    await t.db.query(`UPDATE pgboss.job SET start_after = now() WHERE name = 'case.escalate'`);
    const jobs = t.app.get(JobQueue);
    for (const caseId of caseIds) {
      for (const step of ESCALATION_STEPS) {
        await jobs.enqueue('case.escalate', { caseId, step });
        await jobs.enqueue('case.escalate', { caseId, step });
      }
    }

    const started = await Promise.all([startWorker(), startWorker(), startWorker()]);
    // Their start-up (seconds, or many on a busy machine) is not part of the escalation's time.
    await Promise.all(started.map((worker) => worker.waitUntilReady()));
    const managerMail = () =>
      t.app
        .get(MailCatcher)
        .messages()
        .filter((mail) => [care.email, careToo.email, billing.email].includes(mail.envelope.to[0]))
        // Workers started on a Monday morning (from 08:00 in the calendar's zone) also send the
        // managers their weekly digest: not an escalation.
        .filter((mail) => !/'s week, /.test(mail.subject ?? ''));
    const deadline = Date.now() + 60_000;
    for (;;) {
      const pending = await t.count(
        `SELECT count(*)::int AS n FROM pgboss.job
         WHERE name IN ('case.escalate', 'email.send') AND state IN ('created', 'retry', 'active')`,
      );
      if (pending === 0 && managerMail().length >= 2 * live.length * STEPS) break;
      if (Date.now() > deadline || workers.some((worker) => worker.exited())) {
        throw new Error(
          `escalation did not finish (${pending} jobs pending, ${managerMail().length} emails): ${workers.map((w) => w.output()).join('\n')}`,
        );
      }
      await sleep(200);
    }

    const { rows: steps } = await t.db.query<{ case_id: string; n: number }>(
      `SELECT case_id, count(*)::int AS n FROM case_escalations GROUP BY case_id`,
    );
    expect(steps.map((row) => row.case_id).sort()).toEqual([...live].sort());
    expect(steps.every((row) => row.n === STEPS)).toBe(true);
    expect(
      await t.count(
        `SELECT count(*)::int AS n FROM case_events WHERE type = 'escalated' AND case_id = ANY($1::uuid[])`,
        [caseIds],
      ),
    ).toBe(live.length * STEPS);
    const { rows: after } = await t.db.query<{ priority: number; overdue: boolean }>(
      `SELECT DISTINCT priority, overdue_at IS NOT NULL AS overdue FROM follow_up_cases
       WHERE id = ANY($1::uuid[])`,
      [live],
    );
    // Two overdue steps, one raise each.
    expect(after).toEqual([{ priority: 3, overdue: true }]);

    const mail = managerMail();
    const to = (email: string) => mail.filter((m) => m.envelope.to[0] === email);
    expect(to(care.email)).toHaveLength(live.length * STEPS);
    expect(to(careToo.email)).toHaveLength(live.length * STEPS);
    expect(to(billing.email)).toHaveLength(0);
    expect(new Set(mail.map((m) => m.messageId)).size).toBe(mail.length);
    const overdue = to(care.email).find((m) => m.subject.startsWith('Overdue: first contact'));
    expect(overdue?.text).toContain(`/console/cases/`);
    // Staff mail says which case, never who the customer is.
    expect(overdue?.text).not.toMatch(/@example\.com|Ann/);

    const session = await signIn(t.http, care.email, care.password);
    const listed = await t
      .http()
      .get('/api/v1/cases?overdue=true&limit=100')
      .set('cookie', session.cookie)
      .expect(200);
    expect(listed.body.items.map((c: { id: string }) => c.id).sort()).toEqual([...live].sort());
    // The console's queue shows them under Overdue.
    const queue = await t
      .http()
      .get('/console/cases?view=overdue')
      .set('cookie', session.cookie)
      .expect(200);
    const overdueSection = queue.text.split('<section id="queue-live"')[1].split('</section>')[0];
    expect(overdueSection.match(/href="\/console\/cases\/[0-9a-f-]+"/g)).toHaveLength(live.length);
    const refused = await t
      .http()
      .get('/api/v1/cases?overdue=maybe')
      .set('cookie', session.cookie)
      .expect(400);
    expect(refused.body.details).toEqual([
      expect.objectContaining({ field: 'overdue', message: 'must be true or false' }),
    ]);

    // A resolved case skipped its steps; reopened past its deadline, it escalates at once.
    const [reopened] = resolved;
    await t.db.query(
      `UPDATE follow_up_cases SET resolution_due_at = now() - interval '1 hour' WHERE id = $1`,
      [reopened],
    );
    await t
      .http()
      .post(`/api/v1/cases/${reopened}/reopen`)
      .set('cookie', session.cookie)
      .set('x-csrf-token', session.csrfToken)
      .expect(200);
    await eventually(async () => {
      const { rows } = await t.db.query<{ step: string }>(
        'SELECT step FROM case_escalations WHERE case_id = $1',
        [reopened],
      );
      expect(rows).toEqual([{ step: 'resolution_overdue' }]);
    }, 60_000);
  });

  it('waits for a resolve in flight and then leaves the case alone', async () => {
    const { id: caseId, priority } = await openedCase();

    // A resolve holds the row, uncommitted, while the overdue step runs.
    const resolver = new Client({ connectionString: t.databaseUrl });
    await resolver.connect();
    try {
      await resolver.query('BEGIN');
      await resolver.query(
        `UPDATE follow_up_cases SET status = 'resolved', resolved_at = now(), version = version + 1
         WHERE id = $1`,
        [caseId],
      );
      const escalation = t.app.get(CaseEscalations).escalate(caseId, 'resolution_overdue');
      await sleep(300);
      await resolver.query('COMMIT');
      await expect(escalation).resolves.toEqual({ status: 'skipped', reason: 'not_applicable' });
    } finally {
      await resolver.end();
    }
    const { rows: after } = await t.db.query(
      `SELECT status, priority, overdue_at FROM follow_up_cases WHERE id = $1`,
      [caseId],
    );
    expect(after).toEqual([{ status: 'resolved', priority, overdue_at: null }]);
    expect(
      await t.count(
        `SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND type = 'escalated'`,
        [caseId],
      ),
    ).toBe(0);
  });
});

import { JobQueue } from '../../src/common/jobs/job-queue';
import { caseTimelineCtes } from '../../src/modules/cases/case-timeline';
import { CustomerCases } from '../../src/modules/cases/customer-cases';
import { MailCatcher } from '../../src/modules/mail-transport/mail-catcher';
import { CaseNotices } from '../../src/modules/notifications/case-notices';
import { eventually } from '../support/eventually';
import { asUser, createUser, signIn, type SignedIn } from '../support/factories';
import {
  assignCase,
  startSurveyTestApp,
  type SurveyTestApp,
  unhappyCase,
} from '../support/survey-fixtures';

/**
 * Notifications over a case's life after its assignment (issue 15): the customer's word reaches
 * the agent when it matters most, after the case was resolved (a reply, or a recovery answer
 * saying it was not made right, which reopens the case).
 */
describe('notifications over a case’s life', () => {
  let t: SurveyTestApp;

  beforeAll(async () => {
    t = await startSurveyTestApp();
  });
  afterAll(() => t?.close());

  const mail = () => t.app.get(MailCatcher);
  const mailTo = (address: string, subject?: string) =>
    mail()
      .messages()
      .filter((m) => m.envelope.to.includes(address) && (!subject || m.subject === subject));

  /** An agent of `team` and a case of theirs (taken without telling anyone). */
  async function agentWithCase(team = 'Customer Care') {
    const created = await createUser(t.app, 'agent', team);
    const session = await signIn(t.http, created.email, created.password);
    const { caseId, invited } = await unhappyCase(t);
    await assignCase(t, caseId, created.user.id);
    return { ...created, id: created.user.id, session, caseId, invited };
  }

  /** Every event delivered and every email sent: what is in the sink now is all there will be. */
  async function settled(): Promise<void> {
    await eventually(async () => {
      const pending = await t.count(
        `SELECT count(*)::int AS n FROM pgboss.job
         WHERE name IN ('case.assigned', 'case.reply_received', 'case.reopened', 'email.send')
           AND state IN ('created', 'retry', 'active') AND start_after <= now()`,
      );
      if (pending !== 0) throw new Error(`${pending} jobs still to run`);
    }, 15_000);
  }

  const badge = async (session: SignedIn) => {
    const page = await asUser(t.http, session).get('/console').expect(200);
    return /aria-label="Notifications: ([^"]+)"/.exec(page.text)?.[1];
  };

  const resolve = (caseId: string, session: SignedIn) =>
    asUser(t.http, session)
      .post(`/api/v1/cases/${caseId}/resolve`)
      .send({ rootCause: 'product_quality', resolution: 'Radiator fixed, a night refunded.' })
      .expect(200);

  const customerOf = async (caseId: string) =>
    (
      await t.db.query<{ customer_id: string }>(
        'SELECT customer_id FROM follow_up_cases WHERE id = $1',
        [caseId],
      )
    ).rows[0].customer_id;

  it('tells the agent when their customer writes "still broken" after the case was resolved', async () => {
    const gil = await agentWithCase();
    await resolve(gil.caseId, gil.session);
    const replied = await t.app
      .get(CustomerCases)
      .reply(await customerOf(gil.caseId), gil.caseId, 'Re: your stay', 'Still broken.');
    expect(replied).toBe(true);

    const sent = await mail().waitFor(
      (m) => m.envelope.to.includes(gil.email) && m.subject === 'Your customer replied',
      10_000,
    );
    expect(sent.text).toContain(`/console/cases/${gil.caseId}`);
    expect(sent.text).not.toContain('Still broken');
    await settled();
    expect(mailTo(gil.email)).toHaveLength(1);
    expect(await badge(gil.session)).toBe('1 unread');
  });

  it("tells the agent once when the customer's recovery answer says it was not made right", async () => {
    const hal = await agentWithCase();
    await resolve(hal.caseId, hal.session);
    const survey = await mail().waitFor(
      (m) => m.envelope.to.includes(hal.invited.email) && m.subject === 'Did we make it right?',
      10_000,
    );
    const token = /\/r\/([A-Za-z0-9_-]{32})/.exec(survey.text ?? '')![1];
    await t
      .http()
      .post(`/r/${token}`)
      .set('accept', 'application/json')
      .send({ score: 2, comment: 'Still cold.' })
      .expect(201);

    const subject = 'The customer says it is not resolved';
    const sent = await mail().waitFor(
      (m) => m.envelope.to.includes(hal.email) && m.subject === subject,
      10_000,
    );
    expect(sent.text).toContain(`/console/cases/${hal.caseId}`);
    expect(sent.text).not.toContain('Still cold');

    // The same event again, by the queue and by hand: nobody is told twice.
    await t.app.get(JobQueue).enqueue('case.reopened', { caseId: hal.caseId, actorId: null });
    const again = await t.app
      .get(CaseNotices)
      .customerReopened({ caseId: hal.caseId, actorId: null });
    expect(again).toBe(false);
    await settled();
    expect(mailTo(hal.email)).toHaveLength(1);
    expect(await badge(hal.session)).toBe('1 unread');
    const list = await asUser(t.http, hal.session).get('/console/notifications').expect(200);
    expect(list.text).toContain('The customer says your case is not resolved.');
  });

  it('tells nobody when an agent reopens a case themself', async () => {
    const ike = await agentWithCase();
    await resolve(ike.caseId, ike.session);
    await asUser(t.http, ike.session).post(`/api/v1/cases/${ike.caseId}/reopen`).expect(200);
    await settled();
    expect(mailTo(ike.email, 'The customer says it is not resolved')).toHaveLength(0);
    expect(
      await t.count(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1`, [ike.id]),
    ).toBe(0);
  });

  it('tells each of two replies recorded at once, each once', async () => {
    const jo = await agentWithCase();
    // Two entries and their events in one statement: both are there before either is delivered.
    await t.db.query(
      `WITH ${caseTimelineCtes(
        'timeline',
        `SELECT $1::uuid, 'reply_received', NULL::uuid, 'Re: your stay' FROM generate_series(1, 2)`,
      )}
      SELECT 1`,
      [jo.caseId],
    );
    const { rows } = await t.db.query<{ id: string }>(
      `SELECT id::text FROM case_events WHERE case_id = $1 AND type = 'reply_received'`,
      [jo.caseId],
    );
    expect(rows).toHaveLength(2);
    await settled();
    expect(mailTo(jo.email, 'Your customer replied')).toHaveLength(2);
    const told = await t.db.query<{ dedupe_key: string }>(
      `SELECT dedupe_key FROM notifications WHERE user_id = $1 ORDER BY dedupe_key`,
      [jo.id],
    );
    expect(told.rows.map((row) => row.dedupe_key)).toEqual(
      rows.map((row) => `customer_replied:${row.id}`).sort(),
    );
    // Either event again tells nobody: it finds its own entry, told already.
    const notices = t.app.get(CaseNotices);
    for (const { id } of rows) {
      expect(await notices.customerReplied({ caseId: jo.caseId, actorId: null, entryId: id })).toBe(
        false,
      );
    }
  });

  it('says a case moved to a team the agent does not see is no longer in their queue, with no link to it', async () => {
    const kim = await agentWithCase('Care North');
    const replied = await t.app
      .get(CustomerCases)
      .reply(await customerOf(kim.caseId), kim.caseId, 'Re: your stay', 'Hello again.');
    expect(replied).toBe(true);
    await settled();
    const { user: south } = await createUser(t.app, 'manager', 'Care South');
    await t.db.query('UPDATE follow_up_cases SET team_id = $2 WHERE id = $1', [
      kim.caseId,
      south.teamId,
    ]);
    await asUser(t.http, kim.session).get(`/console/cases/${kim.caseId}`).expect(404);

    const list = await asUser(t.http, kim.session).get('/console/notifications').expect(200);
    expect(list.text).toContain(
      'The customer of your case replied. That case is no longer in your queue: it moved to another team.',
    );
    expect(list.text).not.toContain(`/console/cases/${kim.caseId}`);
    expect(list.text).toContain('href="/console/cases"');
  });
});

import { CaseReplies } from '../../src/modules/cases/case-replies';
import { DEMO_SURVEY } from '../../src/modules/demo/demo-survey';
import { ReportRollups } from '../../src/modules/reports/report-rollups';
import { MailCatcher } from '../../src/modules/mail-transport/mail-catcher';
import { eventually } from '../support/eventually';
import { asUser, createUser, signIn, type SignedIn } from '../support/factories';
import {
  answerIdentified,
  assignCase,
  caseOf,
  form,
  startSurveyTestApp,
  type SurveyTestApp,
  unhappyCase,
} from '../support/survey-fixtures';

jest.setTimeout(60_000);

/**
 * An erasure keeps the history, not the person: the customer's case stays, de-identified, on the
 * agent's list and in every figure, and nothing that could point back to them is left.
 */
describe('erasure keeps the history, not the person (worker running)', () => {
  let t: SurveyTestApp;
  let agent: SignedIn;
  let agentId: string;
  let manager: SignedIn;

  beforeAll(async () => {
    t = await startSurveyTestApp();
    const user = await createUser(t.app, 'agent');
    agentId = user.user.id;
    agent = await signIn(t.http, user.email, user.password);
    const boss = await createUser(t.app, 'manager');
    manager = await signIn(t.http, boss.email, boss.password);
    // A free-text question of the survey's own, whose answers an erasure must strip too.
    const { key: _key, ...content } = DEMO_SURVEY;
    await t
      .http()
      .put('/api/v1/surveys/stay')
      .set(t.auth)
      .send({
        ...content,
        questions: [
          ...content.questions,
          { id: 'details', type: 'free_text', label: { en: 'Details', fi: 'Lisätiedot' } },
        ],
      })
      .expect(200);
  });
  afterAll(() => t?.close());

  /** A whole loop for one customer: unhappy answer, dialogue, resolution, "made right". */
  async function closedLoop(who: { externalId: string; email: string; name: string }) {
    const invited = await t.invite(who, {
      touchpoint: {
        type: 'stay',
        reference: `REF-${who.externalId}`,
        occurredAt: '2026-11-20T10:00:00Z',
      },
    });
    await answerIdentified(t, invited, {
      comment: `The radiator in room 12 was broken, ${who.name}`,
      answers: { what_went_wrong: ['room'], details: `Ask for ${who.name} at reception` },
      preferences: [{ context: 'business_travel', channel: 'phone' }],
    });
    const caseId = await caseOf(t, invited.id);
    await assignCase(t, caseId, agentId);
    await asUser(t.http, agent)
      .post(`/api/v1/cases/${caseId}/messages`)
      .send({ subject: `Your stay, ${who.name}`, body: `Dear ${who.name}, we are sorry.` })
      .expect(200);
    const catcher = t.app.get(MailCatcher);
    const sent = await catcher.waitFor(
      (m) => m.envelope.to.includes(who.email) && m.subject === `Your stay, ${who.name}`,
      10_000,
    );
    await t
      .http()
      .post(`/dev/mail/${sent.id}/reply`)
      .type('form')
      .send(form({ body: `Thanks, call me on 040 123 ${who.externalId}` }))
      .expect(303);
    await eventually(async () =>
      expect(
        await t.count(
          `SELECT count(*)::int AS n FROM case_messages WHERE case_id = $1 AND direction = 'inbound'`,
          [caseId],
        ),
      ).toBe(1),
    );
    await asUser(t.http, agent)
      .post(`/api/v1/cases/${caseId}/resolve`)
      .send({ rootCause: 'product_quality', resolution: `Fixed ${who.name}'s radiator` })
      .expect(200);
    const recovery = await catcher.waitFor(
      (m) => m.envelope.to.includes(who.email) && m.subject === 'Did we make it right?',
      10_000,
    );
    const token = /\/r\/([A-Za-z0-9_-]{32})/.exec(recovery.text ?? '')![1];
    await t
      .http()
      .post(`/r/${token}`)
      .set('accept', 'application/json')
      .send({
        score: 5,
        comment: `Thank you, ${who.name}`,
        preferences: [{ context: 'business_travel', channel: 'email', contactTime: 'morning' }],
      })
      .expect(201);
    return { invited, caseId, replyTo: String(sent.headers['reply-to']) };
  }

  const kpis = async () => {
    const period = 'from=2026-01-01T00:00:00Z&to=2027-12-31T00:00:00Z';
    const summary = await asUser(t.http, manager)
      .get(`/api/v1/reports/summary?${period}`)
      .expect(200);
    const causes = await asUser(t.http, manager)
      .get(`/api/v1/reports/root-causes?${period}`)
      .expect(200);
    return { kpis: summary.body.kpis as Record<string, unknown>, causes: causes.body as unknown };
  };

  it('keeps every figure and the case, de-identified, and no trace of the person', async () => {
    const who = {
      externalId: 'erase-me-7f',
      email: 'erase.me.7f@example.com',
      name: 'Erin Erasable',
    };
    const { invited, caseId, replyTo } = await closedLoop(who);
    await closedLoop({
      externalId: 'stay-me-3c',
      email: 'stay.me.3c@example.com',
      name: 'Sam Stays',
    });
    // Another of the same person's cases, still open and past its first-contact deadline.
    const late = await unhappyCase(t, 1, { customer: { externalId: 'erase-me-late' } });
    await t.db.query(
      `UPDATE follow_up_cases SET first_contact_due_at = now() - interval '1 hour',
         resolution_due_at = now() - interval '1 minute' WHERE id = $1`,
      [late.caseId],
    );
    await t.app.get(ReportRollups).refresh();
    const before = await kpis();
    expect(before.kpis).toMatchObject({ casesOpened: 3, casesResolved: 2, recoveryAnswers: 2 });
    expect(before.kpis.slaFirstContactPct).toBeLessThan(100);
    const caseBefore = (await asUser(t.http, agent).get(`/api/v1/cases/${caseId}`).expect(200))
      .body as Record<string, unknown>;

    await t.http().delete(`/api/v1/customers/${invited.externalId}`).set(t.auth).expect(202);
    await t.http().delete(`/api/v1/customers/erase-me-late`).set(t.auth).expect(202);

    // Every KPI of the period, read live and after the rollups have run again.
    expect(await kpis()).toEqual(before);
    await t.app.get(ReportRollups).refresh({ everyDay: true });
    expect(await kpis()).toEqual(before);

    // The agent's case is still there: the facts kept, the person and their words gone.
    const kept = await asUser(t.http, agent).get(`/api/v1/cases/${caseId}`).expect(200);
    expect(kept.body).toMatchObject({
      id: caseId,
      status: 'closed',
      priority: caseBefore.priority,
      teamId: caseBefore.teamId,
      assigneeId: agentId,
      createdAt: caseBefore.createdAt,
      firstContactDueAt: caseBefore.firstContactDueAt,
      erasedAt: expect.any(String),
      customer: null,
      preferredContact: null,
      response: { score: 1, comment: '(erased with the customer)' },
    });
    expect(
      kept.body.messages.map((m: { direction: string; body: string }) => [m.direction, m.body]),
    ).toEqual([
      ['outbound', '(erased with the customer)'],
      ['inbound', '(erased with the customer)'],
    ]);
    expect(kept.body.timeline.map((e: { type: string }) => e.type)).toEqual(
      (caseBefore.timeline as { type: string }[]).map((e) => e.type),
    );
    expect(kept.body.timeline.every((e: { detail: string | null }) => e.detail === null)).toBe(
      true,
    );
    const list = await asUser(t.http, agent).get('/api/v1/cases?assignee=me').expect(200);
    expect(list.body.items).toContainEqual(
      expect.objectContaining({ id: caseId, customer: { externalId: null, name: null } }),
    );
    const page = await asUser(t.http, agent).get(`/console/cases/${caseId}`).expect(200);
    expect(page.text).toMatch(/Customer erased on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    expect(page.text).not.toContain('Reopen');
    // A kept record does not change.
    const reopen = await asUser(t.http, agent).post(`/api/v1/cases/${caseId}/reopen`).expect(409);
    expect(reopen.body.code).toBe('case_erased');
    await asUser(t.http, agent)
      .post(`/api/v1/cases/${caseId}/notes`)
      .send({ body: 'One more thing' })
      .expect(409);

    // No trace of them anywhere, the kept case and answer included.
    const traces = [who.externalId, who.email, who.name, `REF-${who.externalId}`];
    const { rows: tables } = await t.db.query<{ schema: string; name: string }>(
      `SELECT schemaname AS schema, tablename AS name FROM pg_tables WHERE schemaname IN ('public', 'pgboss')`,
    );
    for (const trace of traces) {
      const holding: string[] = [];
      for (const { schema, name } of tables) {
        const found = await t.count(
          `SELECT count(*)::int AS n FROM "${schema}"."${name}" AS row
           WHERE row::text ILIKE '%' || $1 || '%'`,
          [trace],
        );
        if (found) holding.push(`${schema}.${name}`);
      }
      expect({ trace, holding }).toEqual({ trace, holding: [] });
    }
    expect(
      await t.count(
        `SELECT count(*)::int AS n FROM case_recoveries
         WHERE case_id = $1 AND (preferences IS NOT NULL OR comment IS NOT NULL)`,
        [caseId],
      ),
    ).toBe(0);
    // A reply to an email of the kept case, sent after the erasure, is not taken in.
    const reply = [
      `From: ${who.email}`,
      `To: ${replyTo}`,
      'Subject: Re: Your stay',
      `Message-ID: <late-${Date.now()}@example.com>`,
      '',
      `It is ${who.name} again.`,
    ].join('\r\n');
    await expect(t.app.get(CaseReplies).receive(Buffer.from(reply), [replyTo])).resolves.toBe(
      'case_unavailable',
    );
    expect(
      await t.count(`SELECT count(*)::int AS n FROM case_messages WHERE case_id = $1`, [caseId]),
    ).toBe(2);
    // The other customer's loop is untouched.
    expect(
      await t.count(`SELECT count(*)::int AS n FROM case_messages WHERE body LIKE '%Sam Stays%'`),
    ).toBe(1);
  });
});

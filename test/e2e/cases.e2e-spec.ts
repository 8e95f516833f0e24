import type { UserPrincipal } from '../../src/common/auth/principal';
import { CaseOpening } from '../../src/modules/cases/case-opening';
import { CasesService } from '../../src/modules/cases/cases.service';
import { asUser, createUser, signIn } from '../support/factories';
import { startSurveyTestApp, type Invited, type SurveyTestApp } from '../support/survey-fixtures';

/**
 * The first slice of the follow-up cases: opening from the answer events (driven here by calling
 * the subscribers, as a worker would), ending on withdrawal, the claim queue and reading cases.
 */
describe('follow-up cases', () => {
  let t: SurveyTestApp;
  let cases: CasesService;
  let opening: CaseOpening;

  const answer = async (invited: Invited, body: object) =>
    t.http().post(`/s/${invited.token}`).set('accept', 'application/json').send(body).expect(201);
  const answerUnhappily = async (invited: Invited, score = 1) => {
    await answer(invited, { consent: 'identified', consentText: await t.consentTextId(), score });
    const { rows } = await t.db.query<{ id: string }>(
      'SELECT id FROM responses WHERE invitation_id = $1',
      [invited.id],
    );
    return rows[0].id;
  };
  const casesOf = async (invitationId: string) =>
    (
      await t.db.query(
        `SELECT id, status, source, priority, first_contact_due_at > now() AS due_later
         FROM follow_up_cases WHERE invitation_id = $1`,
        [invitationId],
      )
    ).rows;
  const principal = (user: { id: string; teamId: string | null }, role: 'agent' | 'manager') =>
    ({
      kind: 'user',
      name: 'Test agent',
      userId: user.id,
      role,
      teamId: user.teamId,
      sessionId: 'test',
      csrfToken: 'test',
    }) satisfies UserPrincipal;

  beforeAll(async () => {
    t = await startSurveyTestApp({ ROLE: 'api' });
    cases = t.app.get(CasesService);
    opening = t.app.get(CaseOpening);
  });
  afterAll(() => t.close());
  beforeEach(() => t.db.query('DELETE FROM follow_up_cases'));

  it('opens exactly one case per unhappy identified answer, however often the event comes', async () => {
    const invited = await t.invite();
    const responseId = await answerUnhappily(invited);
    await Promise.all([opening.openForResponse(responseId), opening.openForResponse(responseId)]);
    await opening.openForResponse(responseId);
    expect(await casesOf(invited.id)).toEqual([
      {
        id: expect.any(String),
        status: 'open',
        source: 'dissatisfied_answer',
        priority: 1,
        due_later: true,
      },
    ]);
    const [{ id }] = await casesOf(invited.id);
    const { rows: timeline } = await t.db.query(
      'SELECT type, detail FROM case_events WHERE case_id = $1',
      [id],
    );
    expect(timeline).toEqual([{ type: 'created', detail: 'dissatisfied_answer' }]);
    // A score above the scale's lowest is less urgent.
    const second = await t.invite();
    await opening.openForResponse(await answerUnhappily(second, 2));
    expect((await casesOf(second.id))[0].priority).toBe(2);
  });

  it('opens a case for "contact me anyway", and a withdrawn consent ends its cases', async () => {
    const invited = await t.invite();
    await answer(invited, { consent: 'anonymous', score: 1 });
    // No consent to contact yet: no case.
    await opening.openForContactRequest(invited.id);
    expect(await casesOf(invited.id)).toEqual([]);
    const contactText = await t.consentTextId('future_contact');
    await t
      .http()
      .post(`/s/${invited.token}/contact`)
      .type('form')
      .send(`contactConsent=yes&consentText=${contactText}`)
      .expect(303);
    await opening.openForContactRequest(invited.id);
    expect(await casesOf(invited.id)).toEqual([
      expect.objectContaining({ status: 'open', source: 'contact_request', priority: 2 }),
    ]);
    const { rows } = await t.db.query<{ id: string }>(
      'SELECT id FROM customers WHERE external_id = $1',
      [invited.externalId],
    );
    await opening.withdraw(rows[0].id, 'future_contact');
    expect(await casesOf(invited.id)).toEqual([expect.objectContaining({ status: 'withdrawn' })]);
  });

  it('opens nothing for an answer whose consent was withdrawn before the event came', async () => {
    const invited = await t.invite();
    const responseId = await answerUnhappily(invited);
    await t
      .http()
      .post(`/p/${invited.token}/withdraw`)
      .type('form')
      .send('purpose=identified_feedback')
      .expect(303);
    await opening.openForResponse(responseId);
    expect(await casesOf(invited.id)).toEqual([]);
  });

  it('hands each of 100 cases to exactly one of 20 agents claiming 10 at a time each', async () => {
    const invitations = await Promise.all(Array.from({ length: 100 }, () => t.invite()));
    for (const invited of invitations) {
      await answer(invited, { consent: 'anonymous', score: 1 });
    }
    const contactText = await t.consentTextId('future_contact');
    await t.db.query(
      `INSERT INTO consent_events (customer_id, purpose, action, consent_text_id, source, invitation_id)
       SELECT customer_id, 'future_contact', 'granted', $2, 'survey_page', id
       FROM invitations WHERE id = ANY($1::uuid[])`,
      [invitations.map((i) => i.id), contactText],
    );
    for (const invited of invitations) await opening.openForContactRequest(invited.id);
    const agents = await Promise.all(Array.from({ length: 20 }, () => createUser(t.app, 'agent')));
    const results = await Promise.all(
      agents.flatMap(({ user }) =>
        Array.from({ length: 10 }, () => cases.claimNext(principal(user, 'agent'))),
      ),
    );
    const claimed = results.filter((result) => result !== null);
    expect(claimed).toHaveLength(100);
    expect(results.filter((result) => result === null)).toHaveLength(100);
    expect(new Set(claimed.map((c) => c.id)).size).toBe(100);
    const { rows } = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM case_events WHERE type = 'claimed'`,
    );
    expect(rows[0].n).toBe(100);
    // 100 answers and 20 agents (each an argon2 hash) take tens of seconds on a busy machine.
  }, 120_000);

  it('serves the queue over HTTP: 200 then 204, cases of other teams stay out of sight', async () => {
    const invited = await t.invite();
    await opening.openForResponse(await answerUnhappily(invited));
    const billing = await createUser(t.app, 'agent', 'Billing');
    const care = await createUser(t.app, 'agent', 'Customer Care');
    const manager = await createUser(t.app, 'manager');
    // Routed to Billing: a Customer Care agent can neither claim nor read it.
    await t.db.query(`UPDATE follow_up_cases SET team_id = $1 WHERE invitation_id = $2`, [
      billing.user.teamId,
      invited.id,
    ]);
    const careSession = await signIn(t.http, care.email, care.password);
    await t
      .http()
      .post('/api/v1/cases/claim-next')
      .set('cookie', careSession.cookie)
      .set('x-csrf-token', careSession.csrfToken)
      .expect(204);
    const [{ id }] = await casesOf(invited.id);
    await t.http().get(`/api/v1/cases/${id}`).set('cookie', careSession.cookie).expect(404);

    const billingSession = await signIn(t.http, billing.email, billing.password);
    const claimed = await t
      .http()
      .post('/api/v1/cases/claim-next')
      .set('cookie', billingSession.cookie)
      .set('x-csrf-token', billingSession.csrfToken)
      .expect(200);
    expect(claimed.body).toMatchObject({
      id,
      status: 'assigned',
      assigneeId: billing.user.id,
      customer: { externalId: invited.externalId },
    });
    const mine = await t
      .http()
      .get('/api/v1/cases?assignee=me&status=assigned')
      .set('cookie', billingSession.cookie)
      .expect(200);
    expect(mine.body.items.map((c: { id: string }) => c.id)).toEqual([id]);

    const managerSession = await signIn(t.http, manager.email, manager.password);
    const detail = await t
      .http()
      .get(`/api/v1/cases/${id}`)
      .set('cookie', managerSession.cookie)
      .expect(200);
    expect(detail.body.timeline.map((e: { type: string }) => e.type)).toEqual([
      'created',
      'claimed',
    ]);
    expect(detail.body.customer.email).toBe(invited.email);
    expect(detail.body.response).toMatchObject({ score: 1 });

    // An integration reads every team's cases but owns none (case-integration.e2e-spec).
    await t.http().get(`/api/v1/cases/${id}`).set(t.auth).expect(200);
    await t.http().post('/api/v1/cases/claim-next').set(t.auth).expect(403);
    await t
      .http()
      .get('/api/v1/cases?status=nope')
      .set('cookie', managerSession.cookie)
      .expect(400);
    await t.http().get('/api/v1/cases/not-a-uuid').set('cookie', managerSession.cookie).expect(404);
  });

  it('answers a cursor it never gave with 400, however well it decodes', async () => {
    const manager = await createUser(t.app, 'manager');
    const session = await signIn(t.http, manager.email, manager.password);
    const fake = (values: unknown) => Buffer.from(JSON.stringify(values)).toString('base64url');
    for (const values of [
      ['yesterday', '6f1c9a52-3b9e-4e55-8a52-0c7d2b8e1f00'],
      ['2026-11-01 08:00:00+00', 'nobody'],
    ]) {
      const refused = await asUser(t.http, session)
        .get(`/api/v1/cases?cursor=${fake(values)}`)
        .expect(400);
      expect(refused.body.details).toEqual([
        { field: 'cursor', message: 'must be a nextCursor this API returned' },
      ]);
    }
  });

  it('works a case through the state machine; concurrent or stale changes get 409', async () => {
    const invited = await t.invite();
    await opening.openForResponse(await answerUnhappily(invited));
    const agent = await createUser(t.app, 'agent');
    const colleague = await createUser(t.app, 'agent');
    const session = await signIn(t.http, agent.email, agent.password);
    const post = (path: string, body: object = {}, version?: number) => {
      const request = t
        .http()
        .post(`/api/v1/cases/${path}`)
        .set('cookie', session.cookie)
        .set('x-csrf-token', session.csrfToken);
      if (version !== undefined) void request.set('if-match', `"${version}"`);
      return request.send(body);
    };
    const [{ id }] = await casesOf(invited.id);

    // Nothing but claiming (or assigning) an open case.
    expect((await post(`${id}/resolve`, { rootCause: 'billing', resolution: 'x' })).status).toBe(
      409,
    );
    const claimed = await post('claim-next').expect(200);
    expect(claimed.body).toMatchObject({ id, status: 'assigned', version: 2 });

    await post(`${id}/notes`, { body: 'Called, no answer.' }).expect(200);
    const contacted = await post(`${id}/contacts`, {
      channel: 'phone',
      summary: 'Apologised.',
    }).expect(200);
    expect(contacted.body).toMatchObject({ status: 'contacted', version: 4 });
    const reassigned = await post(
      `${id}/assign`,
      { userId: colleague.user.id, comment: 'Billing expert' },
      4,
    ).expect(200);
    expect(reassigned.body).toMatchObject({
      status: 'contacted',
      assigneeId: colleague.user.id,
      version: 5,
    });

    // A change made against an old version is refused, as is an unknown root cause.
    const stale = await post(`${id}/notes`, { body: 'late' }, 4);
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('stale_version');
    const unknownCause = await post(`${id}/resolve`, { rootCause: 'weather', resolution: 'x' });
    expect(unknownCause.status).toBe(400);

    // Two resolves at once: one wins, the other is told the case is resolved already.
    const both = await Promise.all([
      post(`${id}/resolve`, { rootCause: 'billing', resolution: 'Refunded the double charge.' }),
      post(`${id}/resolve`, { rootCause: 'staff', resolution: 'Talked to the desk.' }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(both.find((r) => r.status === 409)!.body.code).toBe('illegal_transition');

    const reopened = await post(`${id}/reopen`).expect(200);
    expect(reopened.body.status).toBe('assigned');
    const detail = await t
      .http()
      .get(`/api/v1/cases/${id}`)
      .set('cookie', session.cookie)
      .expect(200);
    expect(detail.body.timeline.map((e: { type: string }) => e.type)).toEqual([
      'created',
      'claimed',
      'note',
      'contact_logged',
      'assigned',
      'resolved',
      // Resolving sends the customer the recovery survey.
      'recovery_requested',
      'reopened',
    ]);
    const { rows } = await t.db.query(
      'SELECT first_contacted_at IS NOT NULL AS contacted, resolved_at FROM follow_up_cases WHERE id = $1',
      [id],
    );
    expect(rows).toEqual([{ contacted: true, resolved_at: null }]);
    // The timeline cannot be rewritten.
    await expect(
      t.db.query(`UPDATE case_events SET detail = 'x' WHERE case_id = $1`, [id]),
    ).rejects.toThrow(/append-only/);
  });
});

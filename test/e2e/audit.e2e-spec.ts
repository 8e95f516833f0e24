import { CaseOpening } from '../../src/modules/cases/case-opening';
import { nextIdsCrossAPowerOfTen } from '../support/database';
import { asUser, createUser, signIn } from '../support/factories';
import { startSurveyTestApp, type SurveyTestApp } from '../support/survey-fixtures';

/**
 * The audit trail: sign-ins, every change by a user or an API key, and every read of identified
 * data, with who, what, which subject and from where; refused requests leave nothing; admins
 * read it, newest first, and nobody else does.
 */
describe('the audit trail', () => {
  let t: SurveyTestApp;

  beforeAll(async () => {
    t = await startSurveyTestApp({ ROLE: 'api' });
  });
  afterAll(() => t.close());

  const trail = async (where: string, params: unknown[]) =>
    (
      await t.db.query<{
        action: string;
        subject_type: string;
        subject_id: string;
        actor_user_id: string | null;
        actor_api_key_id: string | null;
        ip: string | null;
      }>(
        `SELECT action, subject_type, subject_id, actor_user_id, actor_api_key_id, ip
         FROM audit_events WHERE ${where} ORDER BY id`,
        params,
      )
    ).rows;

  it('records sign-ins, changes and views of identified data; refusals leave nothing', async () => {
    const { user, email, password } = await createUser(t.app, 'agent');
    const session = await signIn(t.http, email, password);
    const agent = asUser(t.http, session);

    const invited = await t.invite();
    await t
      .http()
      .post(`/s/${invited.token}`)
      .set('accept', 'application/json')
      .send({ consent: 'identified', consentText: await t.consentTextId(), score: 1 })
      .expect(201);
    const { rows } = await t.db.query<{ id: string }>(
      'SELECT id FROM responses WHERE invitation_id = $1',
      [invited.id],
    );
    await t.app.get(CaseOpening).openForResponse(rows[0].id);
    const { id: caseId } = (await agent.post('/api/v1/cases/claim-next').expect(200)).body as {
      id: string;
    };
    await agent.get(`/api/v1/cases/${caseId}`).expect(200);
    await agent.post(`/api/v1/cases/${caseId}/notes`).send({ body: 'Called.' }).expect(200);
    // Refused (an open case cannot be reopened): nothing changed, nothing recorded.
    await agent.post(`/api/v1/cases/${caseId}/reopen`).expect(409);

    expect(await trail('actor_user_id = $1', [user.id])).toEqual([
      expect.objectContaining({ action: 'session.started', subject_type: 'session' }),
      expect.objectContaining({
        action: 'POST /api/v1/cases/claim-next',
        subject_type: 'cases',
        subject_id: '',
      }),
      expect.objectContaining({ action: 'case.viewed', subject_type: 'case', subject_id: caseId }),
      expect.objectContaining({
        action: 'POST /api/v1/cases/:id/notes',
        subject_type: 'cases',
        subject_id: caseId,
        ip: expect.any(String),
      }),
    ]);

    // An integration reading and changing a customer is recorded under its key.
    await t.http().get(`/api/v1/customers/${invited.externalId}`).set(t.auth).expect(200);
    await t.http().get(`/api/v1/customers/${invited.externalId}/export`).set(t.auth).expect(200);
    await t
      .http()
      .put(`/api/v1/customers/${invited.externalId}`)
      .set(t.auth)
      .send({ email: invited.email, name: 'Ann B.' })
      .expect(200);
    await t.http().get('/api/v1/customers/nobody').set(t.auth).expect(404);
    // Recorded by the customer's internal id: the CRM's id for a person never enters the trail,
    // which outlives an erasure.
    const { rows: customers } = await t.db.query<{ id: string }>(
      'SELECT id FROM customers WHERE external_id = $1',
      [invited.externalId],
    );
    expect(await trail('subject_id = $1', [customers[0].id])).toEqual([
      expect.objectContaining({ action: 'customer.viewed', actor_api_key_id: expect.any(String) }),
      expect.objectContaining({ action: 'customer.exported', actor_user_id: null }),
      expect.objectContaining({ action: 'PUT /api/v1/customers/:externalId' }),
    ]);
    expect(await trail('subject_id IN ($1, $2)', [invited.externalId, 'nobody'])).toEqual([]);
  });

  it('lists by time, newest first, where a long transaction wrote its row after a newer one', async () => {
    const admin = await createUser(t.app, 'admin');
    const adminHttp = asUser(t.http, await signIn(t.http, admin.email, admin.password));
    // `at` is when a transaction began: a row written late can be older than the one before it.
    const { rows } = await t.db.query<{ id: string }>(
      `INSERT INTO audit_events (at, actor_user_id, action, subject_type, subject_id)
       VALUES (now() - interval '1 hour', $1, 'case.viewed', 'case', 'audit-test-newer'),
              (now() - interval '2 hours', $1, 'case.viewed', 'case', 'audit-test-older')
       RETURNING id::text`,
      [admin.user.id],
    );
    expect(Number(rows[1].id)).toBeGreaterThan(Number(rows[0].id));
    const subjects = (body: { items: { subjectId: string | null }[] }) =>
      body.items.map((event) => event.subjectId);
    const first = await adminHttp
      .get(`/api/v1/audit-events?actor=${admin.user.id}&limit=2`)
      .expect(200);
    // Their sign-in (its subject, the session) is the newest.
    expect(subjects(first.body)).toEqual([expect.any(String), 'audit-test-newer']);
    const second = await adminHttp
      .get(`/api/v1/audit-events?actor=${admin.user.id}&limit=2&cursor=${first.body.nextCursor}`)
      .expect(200);
    expect(subjects(second.body)).toEqual(['audit-test-older']);
    const page = await adminHttp.get(`/console/admin/audit?actor=${admin.user.id}`).expect(200);
    expect(page.text.indexOf('audit-test-newer')).toBeGreaterThan(0);
    expect(page.text.indexOf('audit-test-newer')).toBeLessThan(page.text.indexOf('audit-test-older'));
  });

  it('is read by admins only, newest first, a page at a time', async () => {
    await nextIdsCrossAPowerOfTen(t.db, 'audit_events');
    const admin = await createUser(t.app, 'admin');
    const agent = await createUser(t.app, 'agent');
    const adminHttp = asUser(t.http, await signIn(t.http, admin.email, admin.password));
    const agentHttp = asUser(t.http, await signIn(t.http, agent.email, agent.password));
    await agentHttp.get('/api/v1/audit-events').expect(403);
    await t.http().get('/api/v1/audit-events').set(t.auth).expect(403);

    const first = await adminHttp.get(`/api/v1/audit-events?limit=2`).expect(200);
    expect(first.body.items).toHaveLength(2);
    expect(Number(first.body.items[0].id)).toBeGreaterThan(Number(first.body.items[1].id));
    const { rows } = await t.db.query<{ id: string }>(
      'SELECT max(id)::text AS id FROM audit_events',
    );
    expect(first.body.items[0].id).toBe(rows[0].id);
    const second = await adminHttp
      .get(`/api/v1/audit-events?limit=2&cursor=${first.body.nextCursor}`)
      .expect(200);
    expect(Number(second.body.items[0].id)).toBeLessThan(Number(first.body.items[1].id));
    const mine = await adminHttp.get(`/api/v1/audit-events?actor=${agent.user.id}`).expect(200);
    expect(mine.body.items.map((e: { action: string }) => e.action)).toEqual(['session.started']);
    const bad = await adminHttp.get('/api/v1/audit-events?actor=someone').expect(400);
    expect(bad.body.details).toEqual([
      expect.objectContaining({ field: 'actor', message: 'must be a user id' }),
    ]);
  });
});

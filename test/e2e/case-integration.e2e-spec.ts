import { MailCatcher } from '../../src/modules/mail-transport/mail-catcher';
import { asUser, createApiKey, createUser, signIn, type SignedIn } from '../support/factories';
import { startSurveyTestApp, type SurveyTestApp, unhappyCase } from '../support/survey-fixtures';

/**
 * A CRM can own the case (issue 17): with an API key it names its ticket on the case
 * (`externalRef`), finds the case by it, and works it through the agents' routes and state
 * machine (assign, note, log a contact, resolve, reopen), each step in the timeline under the
 * key's name. Its resolve sends the recovery survey as a person's does. Claims and emails to the
 * customer stay with people.
 */
describe('a CRM working cases with an API key', () => {
  let t: SurveyTestApp;
  let crm: { authorization: string };
  let crmKeyId: string;
  let agentId: string;
  let agent: SignedIn;
  let manager: SignedIn;

  const asCrm = {
    get: (path: string) => t.http().get(path).set(crm),
    post: (path: string) => t.http().post(path).set(crm),
    patch: (path: string) => t.http().patch(path).set(crm),
  };
  const version = async (caseId: string) =>
    (
      await t.db.query<{ version: number }>('SELECT version FROM follow_up_cases WHERE id = $1', [
        caseId,
      ])
    ).rows[0].version;

  beforeAll(async () => {
    t = await startSurveyTestApp();
    crm = { authorization: `Bearer ${await createApiKey(t.app, 'Acme CRM')}` };
    const { rows } = await t.db.query<{ id: string }>(
      `SELECT id FROM api_keys WHERE name = 'Acme CRM'`,
    );
    crmKeyId = rows[0].id;
    const agentUser = await createUser(t.app, 'agent');
    agentId = agentUser.user.id;
    agent = await signIn(t.http, agentUser.email, agentUser.password);
    const managerUser = await createUser(t.app, 'manager');
    manager = await signIn(t.http, managerUser.email, managerUser.password);
  });
  afterAll(() => t?.close());

  it('names its ticket on a case, finds the case by it, and clears it', async () => {
    const { caseId } = await unhappyCase(t);
    const before = await version(caseId);
    const set = await asCrm
      .patch(`/api/v1/cases/${caseId}`)
      .send({ externalRef: '  ZD-48213  ' })
      .expect(200);
    expect(set.body).toMatchObject({ id: caseId, externalRef: 'ZD-48213', version: before + 1 });

    // Found by it, by the CRM and by people, in the plain list and in the queue's.
    for (const list of [
      asCrm.get('/api/v1/cases?externalRef=ZD-48213'),
      asCrm.get('/api/v1/cases?externalRef=ZD-48213&sort=oldest'),
      asUser(t.http, manager).get('/api/v1/cases?externalRef=ZD-48213'),
      asUser(t.http, agent).get('/api/v1/cases?externalRef=ZD-48213&view=all'),
    ]) {
      const found = await list.expect(200);
      expect((found.body.items as { id: string }[]).map((item) => item.id)).toEqual([caseId]);
      expect(found.body.items[0].externalRef).toBe('ZD-48213');
    }
    const none = await asCrm.get('/api/v1/cases?externalRef=ZD-4821').expect(200);
    expect(none.body.items).toEqual([]);
    const detail = await asCrm.get(`/api/v1/cases/${caseId}`).expect(200);
    expect(detail.body.externalRef).toBe('ZD-48213');
    expect(detail.body.timeline.at(-1)).toEqual({
      type: 'external_ref_set',
      at: expect.any(String),
      actorId: null,
      apiKeyId: crmKeyId,
      actorName: 'Acme CRM',
      detail: 'ZD-48213',
    });

    // A ticket names one case: a second case with it is refused, saying which case has it.
    const other = await unhappyCase(t);
    const taken = await asCrm
      .patch(`/api/v1/cases/${other.caseId}`)
      .send({ externalRef: 'ZD-48213' })
      .expect(409);
    expect(taken.body).toMatchObject({ code: 'conflict' });
    expect(taken.body.message).toContain(caseId);
    expect(taken.body.message).toContain('"ZD-48213"');
    expect(await version(other.caseId)).toBe(1);

    // Cleared, the ticket may name the other case; a manager may set it too.
    const cleared = await asCrm
      .patch(`/api/v1/cases/${caseId}`)
      .set('if-match', `"${before + 1}"`)
      .send({ externalRef: null })
      .expect(200);
    expect(cleared.body.externalRef).toBeNull();
    await asUser(t.http, manager)
      .patch(`/api/v1/cases/${other.caseId}`)
      .send({ externalRef: 'ZD-48213' })
      .expect(200);
    const moved = await asCrm.get('/api/v1/cases?externalRef=ZD-48213').expect(200);
    expect((moved.body.items as { id: string }[]).map((item) => item.id)).toEqual([other.caseId]);
  });

  it("forgets the ticket with the customer: an erasure clears the case's externalRef", async () => {
    const { caseId, invited } = await unhappyCase(t);
    await asCrm.patch(`/api/v1/cases/${caseId}`).send({ externalRef: 'HS-77' }).expect(200);
    await t.http().delete(`/api/v1/customers/${invited.externalId}`).set(t.auth).expect(202);
    const erased = await asCrm.get(`/api/v1/cases/${caseId}`).expect(200);
    expect(erased.body).toMatchObject({ externalRef: null, erasedAt: expect.any(String) });
    const ticket = (erased.body.timeline as { type: string; detail: string | null }[]).find(
      (entry) => entry.type === 'external_ref_set',
    );
    expect(ticket).toMatchObject({ detail: null, actorName: 'Acme CRM' });
    const found = await asCrm.get('/api/v1/cases?externalRef=HS-77').expect(200);
    expect(found.body.items).toEqual([]);
  });

  it('refuses a stale version, a bad ticket id, an agent and an unknown case', async () => {
    const { caseId } = await unhappyCase(t);
    const stale = await asCrm
      .patch(`/api/v1/cases/${caseId}`)
      .set('if-match', '"7"')
      .send({ externalRef: 'SF-1' })
      .expect(409);
    expect(stale.body).toMatchObject({ code: 'stale_version' });
    expect(stale.body.message).toMatch(/now version 1/);

    for (const body of [
      {},
      { externalRef: '' },
      { externalRef: '   ' },
      { externalRef: 42 },
      { externalRef: 'line\nbreak' },
      { externalRef: 'x'.repeat(201) },
      { externalRef: 'SF-1', status: 'closed' },
    ]) {
      const refused = await asCrm.patch(`/api/v1/cases/${caseId}`).send(body).expect(400);
      expect(refused.body).toMatchObject({ code: 'validation_failed' });
      expect(refused.body.message).toMatch(/^The request is not valid: .+\.$/);
    }
    const missing = await asCrm.patch(`/api/v1/cases/${caseId}`).send({}).expect(400);
    expect(missing.body.details).toEqual([
      { field: 'externalRef', message: "must be the CRM's ticket id as text" },
    ]);
    expect(await version(caseId)).toBe(1);

    await asUser(t.http, agent)
      .patch(`/api/v1/cases/${caseId}`)
      .send({ externalRef: 'SF-1' })
      .expect(403);
    const unknown = await asCrm
      .patch('/api/v1/cases/00000000-0000-4000-8000-000000000000')
      .send({ externalRef: 'SF-1' })
      .expect(404);
    expect(unknown.body).toMatchObject({ code: 'case_not_found' });
    await asCrm.get('/api/v1/cases/not-a-case').expect(404);
    await asCrm.post('/api/v1/cases/00000000-0000-4000-8000-000000000000/reopen').expect(404);
  });

  it('assigns, notes, logs a contact, resolves (the recovery survey goes out) and reopens', async () => {
    const { caseId, invited } = await unhappyCase(t);
    const assigned = await asCrm
      .post(`/api/v1/cases/${caseId}/assign`)
      .send({ userId: agentId, comment: 'Ticket ZD-9 is yours.' })
      .expect(200);
    expect(assigned.body).toMatchObject({ status: 'assigned', assigneeId: agentId });
    await asCrm
      .post(`/api/v1/cases/${caseId}/notes`)
      .set('if-match', `"${assigned.body.version}"`)
      .send({ body: 'Customer called the hotline.' })
      .expect(200);
    const contacted = await asCrm
      .post(`/api/v1/cases/${caseId}/contacts`)
      .send({ channel: 'phone', summary: 'Apologised; a night refunded.' })
      .expect(200);
    expect(contacted.body.status).toBe('contacted');

    const noCause = await asCrm
      .post(`/api/v1/cases/${caseId}/resolve`)
      .send({ resolution: 'Refunded.' })
      .expect(400);
    expect(noCause.body.details).toEqual([
      expect.objectContaining({ field: 'rootCause', message: expect.any(String) }),
    ]);
    const resolved = await asCrm
      .post(`/api/v1/cases/${caseId}/resolve`)
      .send({ rootCause: 'product_quality', resolution: 'Radiator fixed, a night refunded.' })
      .expect(200);
    expect(resolved.body.status).toBe('resolved');
    const mail = await t.app
      .get(MailCatcher)
      .waitFor(
        (m) => m.envelope.to.includes(invited.email) && m.subject === 'Did we make it right?',
        10_000,
      );
    expect(mail.text).toMatch(/\/r\/[A-Za-z0-9_-]{32}/);

    const reopened = await asCrm.post(`/api/v1/cases/${caseId}/reopen`).expect(200);
    expect(reopened.body).toMatchObject({ status: 'assigned', assigneeId: agentId });

    // Every step under the key's name, in the API, the console and the event log.
    const detail = await asCrm.get(`/api/v1/cases/${caseId}`).expect(200);
    const byCrm = (detail.body.timeline as { type: string; apiKeyId: string | null }[]).filter(
      (entry) => entry.apiKeyId === crmKeyId,
    );
    expect(byCrm).toEqual(
      ['assigned', 'note', 'contact_logged', 'resolved', 'reopened'].map((type) =>
        expect.objectContaining({ type, actorId: null, actorName: 'Acme CRM' }),
      ),
    );
    expect(detail.body.resolution).toMatchObject({ rootCause: 'product_quality' });
    const page = await t
      .http()
      .get(`/console/cases/${caseId}`)
      .set('cookie', agent.cookie)
      .expect(200);
    expect(page.text).toContain('Note by Acme CRM (integration)');
    expect(page.text).toContain('Resolved by Acme CRM (integration)');
    expect(page.text.match(/Acme CRM \(integration\)/g)!.length).toBeGreaterThanOrEqual(5);
    const { rows: events } = await t.db.query<{ payload: unknown }>(
      `SELECT payload FROM domain_events WHERE type = 'case.resolved' AND payload->>'caseId' = $1`,
      [caseId],
    );
    expect(events).toEqual([
      { payload: expect.objectContaining({ caseId, actorId: null, apiKeyId: crmKeyId }) },
    ]);

    // Audited as the key: its changes and its view of the case.
    const { rows: audited } = await t.db.query<{ action: string }>(
      `SELECT action FROM audit_events WHERE actor_api_key_id = $1 AND subject_id = $2 ORDER BY id`,
      [crmKeyId, caseId],
    );
    expect(audited.map((row) => row.action)).toEqual(
      expect.arrayContaining([
        'POST /api/v1/cases/:id/assign',
        'POST /api/v1/cases/:id/resolve',
        'POST /api/v1/cases/:id/reopen',
        'case.viewed',
      ]),
    );
  });

  it('leaves claims and emails to the customer to people, and "me" to someone', async () => {
    const { caseId } = await unhappyCase(t);
    const claim = await asCrm.post(`/api/v1/cases/${caseId}/claim`).expect(403);
    expect(claim.body).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/\.$/) });
    await asCrm.post('/api/v1/cases/claim-next').expect(403);
    const message = await asCrm
      .post(`/api/v1/cases/${caseId}/messages`)
      .send({ subject: 'Hello', body: 'From the CRM' })
      .expect(403);
    expect(message.body).toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/\.$/),
    });
    expect(
      await t.count(`SELECT count(*)::int AS n FROM case_events WHERE case_id = $1`, [caseId]),
    ).toBe(1);

    const me = await asCrm.get('/api/v1/cases?assignee=me').expect(400);
    expect(me.body.details).toEqual([
      { field: 'assignee', message: expect.stringContaining('API key') },
    ]);
    const mine = await asCrm.get('/api/v1/cases?view=waiting_on_me').expect(400);
    expect(mine.body.details).toEqual([
      { field: 'view', message: expect.stringContaining('API key') },
    ]);
    // Every team's cases, as a manager sees them.
    const all = await asCrm.get('/api/v1/cases?limit=200').expect(200);
    expect((all.body.items as { id: string }[]).map((item) => item.id)).toContain(caseId);
  });
});

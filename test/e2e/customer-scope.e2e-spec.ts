import type { Customer360Dto } from '../../src/modules/customers/customer-360';
import { eventually } from '../support/eventually';
import { asUser, createUser, signIn, type SignedIn } from '../support/factories';
import { startSurveyTestApp, type SurveyTestApp, unhappyCase } from '../support/survey-fixtures';

jest.setTimeout(60_000);

/**
 * The customer 360 is scoped like the cases it comes from: an agent reads a customer only through
 * a case of their team or an unrouted one; another team's customer is unknown (404, as their
 * case is), never a 403 that says they exist. Managers, admins and integrations see everyone.
 */
describe('customers seen through the team scope of cases', () => {
  let t: SurveyTestApp;
  let care: SignedIn;
  let billing: SignedIn;
  let manager: SignedIn;
  let billingTeam: string;

  beforeAll(async () => {
    t = await startSurveyTestApp();
    const careAgent = await createUser(t.app, 'agent', 'Customer Care');
    const billingAgent = await createUser(t.app, 'agent', 'Billing');
    const boss = await createUser(t.app, 'manager', 'Customer Care');
    billingTeam = billingAgent.user.teamId!;
    care = await signIn(t.http, careAgent.email, careAgent.password);
    billing = await signIn(t.http, billingAgent.email, billingAgent.password);
    manager = await signIn(t.http, boss.email, boss.password);
  });
  afterAll(() => t?.close());

  const route = (caseId: string, teamId: string | null) =>
    t.db.query('UPDATE follow_up_cases SET team_id = $1 WHERE id = $2', [teamId, caseId]);
  const reads = (session: SignedIn, externalId: string) => [
    asUser(t.http, session).get(`/console/customers/${externalId}`),
    asUser(t.http, session).get(`/api/v1/customers/${externalId}`),
  ];

  it('answers 404 to an agent of another team, console and API, and records no view', async () => {
    const { caseId, invited } = await unhappyCase(t);
    await route(caseId, billingTeam);
    for (const read of reads(care, invited.externalId)) {
      const response = await read.expect(404);
      expect(response.text).not.toContain(invited.email);
    }
    // The same answer as for a customer who does not exist.
    const unknown = await asUser(t.http, care).get('/api/v1/customers/nobody-at-all').expect(404);
    const hidden = await asUser(t.http, care).get(`/api/v1/customers/${invited.externalId}`);
    expect({ ...hidden.body, requestId: null }).toEqual({ ...unknown.body, requestId: null });
    expect(
      await t.count(
        `SELECT count(*)::int AS n FROM audit_events WHERE action = 'customer.viewed'
           AND subject_id = (SELECT id::text FROM customers WHERE external_id = $1)`,
        [invited.externalId],
      ),
    ).toBe(0);

    // Their own team's agent, a manager and an integration read them.
    for (const session of [billing, manager]) {
      for (const read of reads(session, invited.externalId)) await read.expect(200);
    }
    await t.http().get(`/api/v1/customers/${invited.externalId}`).set(t.auth).expect(200);
  });

  it('lets an agent read the customer of an unrouted case, or of any case in their team', async () => {
    const unrouted = await unhappyCase(t);
    await route(unrouted.caseId, null);
    for (const read of reads(care, unrouted.invited.externalId)) await read.expect(200);

    // A customer without any case is no agent's business; a manager still sees them.
    await t
      .http()
      .put('/api/v1/customers/no-case-yet')
      .set(t.auth)
      .send({ email: 'quiet@example.com' })
      .expect(201);
    await asUser(t.http, care).get('/api/v1/customers/no-case-yet').expect(404);
    await asUser(t.http, manager).get('/api/v1/customers/no-case-yet').expect(200);
  });

  it("lists on the 360 only the cases the agent may open, not another team's", async () => {
    const { caseId, invited } = await unhappyCase(t);
    await route(caseId, null);
    // A second case of the same customer, routed to Billing.
    const { rows } = await t.db.query<{ id: string }>(
      `INSERT INTO follow_up_cases (id, invitation_id, response_id, customer_id, survey_version_id,
         source, priority, team_id, first_contact_due_at, resolution_due_at)
       SELECT gen_random_uuid(), invitation_id, response_id, customer_id, survey_version_id,
         'contact_request',
         priority, $2, first_contact_due_at, resolution_due_at
       FROM follow_up_cases WHERE id = $1 RETURNING id`,
      [caseId, billingTeam],
    );
    const billingCase = rows[0].id;
    const page = await asUser(t.http, care).get(`/console/customers/${invited.externalId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`href="/console/cases/${caseId}"`);
    expect(page.text).not.toContain(billingCase);
    const view = await asUser(t.http, care).get(`/api/v1/cases/${caseId}`).expect(200);
    const listed = (view.body as { customer: { cases: { id: string }[] } }).customer.cases;
    expect(listed.map((item) => item.id)).toEqual([caseId]);
    const managerView = await asUser(t.http, manager).get(
      `/console/customers/${invited.externalId}`,
    );
    expect(managerView.text).toContain(billingCase);
  });

  it('gives the console customer page and the API the same 360, scoped alike', async () => {
    const { caseId, invited } = await unhappyCase(t);
    await route(caseId, billingTeam);
    // Settled: the thank-you went out and the invitation's email is done with.
    await eventually(async () =>
      expect(
        await t.count(
          `SELECT count(*)::int AS n FROM email_messages WHERE invitation_id = $1 AND status = 'queued'`,
          [invited.id],
        ),
      ).toBe(0),
    );
    const api = (
      await t.http().get(`/api/v1/customers/${invited.externalId}`).set(t.auth).expect(200)
    ).body as Customer360Dto & { createdAt: string };
    expect(api).toMatchObject({
      externalId: invited.externalId,
      email: invited.email,
      createdAt: expect.any(String),
      consents: [{ purpose: 'identified_feedback', action: 'granted', textVersion: 1 }],
      invitations: [{ id: invited.id, survey: 'stay', status: 'answered' }],
      responses: [{ survey: 'stay', score: 1 }],
      cases: [{ id: caseId, status: 'open' }],
    });
    expect(api.contacts.map((c) => [c.kind, c.unsolicited])).toEqual(
      expect.arrayContaining([
        ['invitation', true],
        ['thank_you', false],
      ]),
    );
    const page = (
      await asUser(t.http, billing).get(`/console/customers/${invited.externalId}`).expect(200)
    ).text;
    // Every section of the API's 360 is on the page.
    expect(page).toContain(`href="/console/cases/${caseId}"`);
    expect(page).toContain(
      'Answer as themselves: <strong>agreed</strong> (consent text version 1)',
    );
    expect(page).toContain(
      `<td>stay</td><td>${api.invitations[0].touchpoint.type} ${api.invitations[0].touchpoint.reference}</td><td>answered</td>`,
    );
    expect(page).toContain(`<td>stay</td><td>1</td>`);
    expect(page).toContain('<td>Survey invitation</td>');
    expect(page).toContain('<td>Thank-you after their answer</td>');
    expect(page.match(/<td>(yes|no)<\/td><\/tr>/g)).toHaveLength(api.contacts.length);
    // An agent of the case's team reads the same over the API; another team's agent, nothing.
    const agentView = await asUser(t.http, billing)
      .get(`/api/v1/customers/${invited.externalId}`)
      .expect(200);
    expect(agentView.body).toEqual(api);
    await asUser(t.http, care).get(`/api/v1/customers/${invited.externalId}`).expect(404);
  });
});

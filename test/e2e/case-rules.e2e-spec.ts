import { CaseOpening } from '../../src/modules/cases/case-opening';
import { asUser, createUser, signIn, type SignedIn } from '../support/factories';
import { startSurveyTestApp, type Invited, type SurveyTestApp } from '../support/survey-fixtures';

const HOUR_MS = 3_600_000;
const ROUND_THE_CLOCK = {
  timeZone: 'UTC',
  weekdays: [1, 2, 3, 4, 5, 6, 7],
  opensAt: '00:00',
  closesAt: '24:00',
  holidays: [] as string[],
};

/**
 * Routing, priority rules and the business calendar, managed over the API and applied when a
 * case opens; and the root-cause taxonomy.
 */
describe('case settings and the root-cause taxonomy', () => {
  let t: SurveyTestApp;
  let manager: SignedIn;
  let careAgent: SignedIn;
  let billingAgent: SignedIn;
  let careTeam: string;
  let billingTeam: string;

  const as = (session: SignedIn) => asUser(t.http, session);
  const settings = (overrides: object = {}) => ({
    calendar: ROUND_THE_CLOCK,
    routing: [
      { locale: 'fi', teamId: billingTeam },
      { survey: 'stay', touchpointType: 'stay', teamId: careTeam },
    ],
    priorityRules: [{ attribute: 'tier', equals: 'gold', priority: 1 }],
    ...overrides,
  });

  /** Opens the case of an unhappy answer (score 2 of 5: priority 2 by the score alone). */
  async function caseOf(invited: Invited) {
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
    const opened = await t.db.query<{
      id: string;
      team_id: string | null;
      priority: number;
      first_contact_due_at: Date;
      resolution_due_at: Date;
      created_at: Date;
    }>(
      `SELECT id, team_id, priority, first_contact_due_at, resolution_due_at, created_at
       FROM follow_up_cases WHERE response_id = $1`,
      [rows[0].id],
    );
    return opened.rows[0];
  }

  beforeAll(async () => {
    t = await startSurveyTestApp({ ROLE: 'api' });
    const m = await createUser(t.app, 'manager', 'Customer Care');
    const care = await createUser(t.app, 'agent', 'Customer Care');
    const billing = await createUser(t.app, 'agent', 'Billing');
    careTeam = care.user.teamId!;
    billingTeam = billing.user.teamId!;
    manager = await signIn(t.http, m.email, m.password);
    careAgent = await signIn(t.http, care.email, care.password);
    billingAgent = await signIn(t.http, billing.email, billing.password);
  });
  afterAll(() => t.close());

  it('keeps the defaults until a manager saves settings, and only managers may', async () => {
    const defaults = await as(manager).get('/api/v1/case-settings').expect(200);
    expect(defaults.body).toEqual({
      calendar: {
        timeZone: 'Europe/Helsinki',
        weekdays: [1, 2, 3, 4, 5],
        opensAt: '08:00',
        closesAt: '16:00',
        holidays: [],
      },
      routing: [],
      priorityRules: [],
    });
    await as(careAgent).get('/api/v1/case-settings').expect(403);
    await as(careAgent).put('/api/v1/case-settings').send(settings()).expect(403);
    const saved = await as(manager).put('/api/v1/case-settings').send(settings()).expect(200);
    expect(saved.body).toEqual(settings());
    expect((await as(manager).get('/api/v1/case-settings').expect(200)).body).toEqual(settings());
  });

  it.each([
    [{ calendar: { ...ROUND_THE_CLOCK, timeZone: 'Mars/Olympus' } }, 'calendar', /IANA time zone/],
    [
      { calendar: { ...ROUND_THE_CLOCK, opensAt: '16:00', closesAt: '08:00' } },
      'calendar',
      /before/,
    ],
    [{ calendar: { ...ROUND_THE_CLOCK, weekdays: [0] } }, 'calendar.weekdays', /weekdays/],
    [{ routing: [{ teamId: '00000000-0000-4000-8000-000000000000' }] }, 'routing.0.teamId', /team/],
    [
      { routing: [{ survey: 'nope', teamId: '00000000-0000-4000-8000-000000000000' }] },
      'routing.0.survey',
      /survey's key/,
    ],
    [
      { priorityRules: [{ attribute: 'tier', equals: 'gold', priority: 0 }] },
      'priorityRules.0.priority',
      /1 or 2/,
    ],
    [{ surprise: true }, 'surprise', /./],
  ])('refuses %j with a sentence about %s, and changes nothing', async (change, field, message) => {
    const before = (await as(manager).get('/api/v1/case-settings').expect(200)).body as unknown;
    const refused = await as(manager)
      .put('/api/v1/case-settings')
      .send(settings(change))
      .expect(400);
    expect(refused.body.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field, message: expect.stringMatching(message) }),
      ]),
    );
    expect((await as(manager).get('/api/v1/case-settings').expect(200)).body).toEqual(before);
  });

  it('routes by the first matching rule, raises priority by attribute, and times by the calendar', async () => {
    await as(manager).put('/api/v1/case-settings').send(settings()).expect(200);

    const finnish = await caseOf(await t.invite({ locale: 'fi-FI' }));
    expect(finnish).toMatchObject({ team_id: billingTeam, priority: 2 });
    const gold = await caseOf(await t.invite({ locale: 'en', attributes: { tier: 'gold' } }));
    expect(gold).toMatchObject({ team_id: careTeam, priority: 1 });
    const elsewhere = await caseOf(
      await t.invite({ locale: 'en' }, { touchpoint: { type: 'delivery' } }),
    );
    expect(elsewhere).toMatchObject({ team_id: null, priority: 2 });

    // Round the clock: due exactly the policy's hours after opening (24 h and 240 h).
    const opened = gold.created_at.getTime();
    expect(Math.abs(gold.first_contact_due_at.getTime() - opened - 24 * HOUR_MS)).toBeLessThan(
      5000,
    );
    expect(Math.abs(gold.resolution_due_at.getTime() - opened - 240 * HOUR_MS)).toBeLessThan(5000);

    // Routed to Billing: its agents see the case, Customer Care's do not.
    await as(billingAgent).get(`/api/v1/cases/${finnish.id}`).expect(200);
    await as(careAgent).get(`/api/v1/cases/${finnish.id}`).expect(404);
    const careList = await as(careAgent).get(`/api/v1/cases?team=${careTeam}`).expect(200);
    expect(careList.body.items.map((c: { id: string }) => c.id)).toEqual([gold.id]);
  });

  it('counts no time on holidays', async () => {
    const day = (offset: number) =>
      new Date(Date.now() + offset * 24 * HOUR_MS).toISOString().slice(0, 10);
    await as(manager)
      .put('/api/v1/case-settings')
      .send(settings({ calendar: { ...ROUND_THE_CLOCK, holidays: [day(0), day(1)] } }))
      .expect(200);
    const opened = await caseOf(await t.invite({ locale: 'en' }));
    // The clock starts after the two closed days, at midnight UTC, and runs 24 hours.
    expect(opened.first_contact_due_at.toISOString()).toBe(`${day(3)}T00:00:00.000Z`);
  });

  it('lets managers grow, rename and retire the taxonomy; a retired cause resolves nothing', async () => {
    const listed = await as(careAgent).get('/api/v1/root-causes').expect(200);
    expect(listed.body.items.map((c: { key: string }) => c.key).sort()).toEqual([
      'billing',
      'communication',
      'delivery',
      'other',
      'product_quality',
      'staff',
    ]);
    await as(careAgent)
      .post('/api/v1/root-causes')
      .send({ key: 'noise', label: 'Noise' })
      .expect(403);
    await as(manager)
      .post('/api/v1/root-causes')
      .send({ key: 'noise', label: 'Noise' })
      .expect(201);
    const duplicate = await as(manager)
      .post('/api/v1/root-causes')
      .send({ key: 'noise', label: 'Noise again' })
      .expect(409);
    expect(duplicate.body.message).toBe('The taxonomy already has a root cause "noise".');
    await as(manager).post('/api/v1/root-causes').send({ key: 'Bad Key', label: 'x' }).expect(400);
    const renamed = await as(manager)
      .patch('/api/v1/root-causes/noise')
      .send({ label: 'Noise at night' })
      .expect(200);
    expect(renamed.body).toEqual({ key: 'noise', label: 'Noise at night', retired: false });
    await as(manager).patch('/api/v1/root-causes/nothing').send({ retired: true }).expect(404);
    await as(manager).patch('/api/v1/root-causes/noise').send({ retired: true }).expect(200);

    const opened = await caseOf(await t.invite({ locale: 'en' }));
    await t.db.query(`UPDATE follow_up_cases SET status = 'assigned' WHERE id = $1`, [opened.id]);
    const refused = await as(manager)
      .post(`/api/v1/cases/${opened.id}/resolve`)
      .send({ rootCause: 'noise', resolution: 'Moved rooms.' })
      .expect(400);
    expect(refused.body.details).toEqual([
      expect.objectContaining({
        field: 'rootCause',
        message: expect.stringMatching(/not retired/),
      }),
    ]);
    await as(manager).patch('/api/v1/root-causes/noise').send({ retired: false }).expect(200);
    await as(manager)
      .post(`/api/v1/cases/${opened.id}/resolve`)
      .send({ rootCause: 'noise', resolution: 'Moved rooms.' })
      .expect(200);
  });
});

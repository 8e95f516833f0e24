import { DEMO_SURVEY } from '../../src/modules/demo/demo-survey';
import { CustomerDataService } from '../../src/modules/privacy/customer-data.service';
import { ReportRollups } from '../../src/modules/reports/report-rollups';
import { SurveysService } from '../../src/modules/surveys/surveys.service';
import { eventually } from '../support/eventually';
import { asUser, createUser, signIn } from '../support/factories';
import {
  type Invited,
  startSurveyTestApp,
  type SurveyTestApp,
  unhappyCase,
} from '../support/survey-fixtures';

jest.setTimeout(60_000);

const MARCH = { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' };

/**
 * The reports over a small dataset placed in March 2026, every figure worked out by hand below.
 * Answers go through the survey page (so cases open as they would); then their times are moved.
 *
 * Invitations sent in March: 10 to `stay` (csat5, dissatisfied ≤ 2), 4 to `recommend` (nps, ≤ 6).
 *   stay: A 1 "Cold room" · B 2 · C 5 "   " · D 4 "=1+1 nice" (C and D with preferences) · E 1 "Bad" anonymous · F 3 anonymous
 *         · four never answered. G was sent on 27 February and answered 2 March with a 3.
 *   recommend: H 10 · I 9 · J 6 · K 8.
 * Cases (A, B, J): A contacted after 4 h and resolved after 48 h, both in time, recovered;
 *   B contacted after 48 h and resolved after 240 h, both late, not recovered; J never contacted,
 *   both deadlines passed.
 */
describe('reports', () => {
  let t: SurveyTestApp;
  let manager: ReturnType<typeof asUser>;
  let careTeam: string;
  let agentId: string;
  let customerA: string;
  let caseOfJ: string;
  let invitationB: string;

  beforeAll(async () => {
    t = await startSurveyTestApp();
    await t.app
      .get(SurveysService)
      .createSurvey({ ...DEMO_SURVEY, key: 'recommend', name: 'Recommend us?', scale: 'nps' });
    const boss = await createUser(t.app, 'manager', 'Customer Care');
    careTeam = boss.user.teamId as string;
    agentId = (await createUser(t.app, 'agent', 'Customer Care')).user.id;
    manager = asUser(t.http, await signIn(t.http, boss.email, boss.password));

    const answer = async (
      survey: 'stay' | 'recommend',
      body: {
        score: number;
        comment?: string;
        consent?: 'identified' | 'anonymous';
        preferences?: { context: string; channel: string; interests: string[] }[];
      } | null,
      at: { sent: string; answered?: string },
    ): Promise<Invited> => {
      const invited = await t.invite({}, { survey });
      // Answered once the email is out, as a customer would; then moved into the past.
      await eventually(async () => {
        const n = await t.count(
          'SELECT count(*)::int AS n FROM invitations WHERE id = $1 AND sent_at IS NOT NULL',
          [invited.id],
        );
        if (n !== 1) throw new Error('not sent yet');
      });
      if (body) {
        await t
          .http()
          .post(`/s/${invited.token}`)
          .set('accept', 'application/json')
          .send({ consent: 'identified', consentText: await t.consentTextId(), ...body })
          .expect(201);
      }
      await t.db.query('UPDATE invitations SET sent_at = $2 WHERE id = $1', [invited.id, at.sent]);
      if (at.answered) {
        await t.db.query('UPDATE responses SET submitted_at = $2 WHERE invitation_id = $1', [
          invited.id,
          at.answered,
        ]);
      }
      return invited;
    };
    const a = await answer('stay', { score: 1, comment: 'Cold room' }, at(2));
    const b = await answer('stay', { score: 2 }, at(3));
    await answer(
      'stay',
      {
        score: 5,
        comment: '   ',
        preferences: [
          { context: 'family_travel', channel: 'phone', interests: ['kids', 'spa'] },
          { context: 'business_travel', channel: 'email', interests: ['meetings'] },
        ],
      },
      at(4),
    );
    await answer(
      'stay',
      {
        score: 4,
        comment: '=1+1 nice',
        preferences: [{ context: 'family_travel', channel: 'email', interests: ['spa'] }],
      },
      at(5),
    );
    await answer('stay', { score: 1, comment: 'Bad', consent: 'anonymous' }, at(6));
    await answer('stay', { score: 3, consent: 'anonymous' }, at(7));
    for (let i = 0; i < 4; i += 1) await answer('stay', null, at(8));
    await answer(
      'stay',
      { score: 3 },
      { sent: '2026-02-27T12:00:00Z', answered: '2026-03-02T12:00:00Z' },
    );
    await answer('recommend', { score: 10 }, at(9));
    await answer('recommend', { score: 9 }, at(9));
    const j = await answer('recommend', { score: 6 }, at(9));
    await answer('recommend', { score: 8 }, at(9));
    // Anonymous answers carry their month only.
    await t.db.query(`UPDATE anonymous_response_inbox SET submitted_month = '2026-03-01'`);
    await t.db.query(`UPDATE anonymous_responses SET submitted_month = '2026-03-01'`);

    const caseOf = (invited: Invited) =>
      eventually(async () => {
        const { rows } = await t.db.query<{ id: string }>(
          'SELECT id FROM follow_up_cases WHERE invitation_id = $1',
          [invited.id],
        );
        if (rows.length !== 1) throw new Error('no case yet');
        return rows[0].id;
      });
    const [caseA, caseB, caseJ] = [await caseOf(a), await caseOf(b), await caseOf(j)];
    customerA = a.externalId;
    invitationB = b.id;
    caseOfJ = caseJ;
    const place = (id: string, fields: Record<string, unknown>) => {
      const names = Object.keys(fields);
      return t.db.query(
        `UPDATE follow_up_cases SET ${names.map((name, i) => `${name} = $${i + 2}`).join(', ')} WHERE id = $1`,
        [id, ...Object.values(fields)],
      );
    };
    await place(caseA, {
      created_at: '2026-03-05T10:00:00Z',
      first_contact_due_at: '2026-03-06T10:00:00Z',
      first_contacted_at: '2026-03-05T14:00:00Z',
      resolution_due_at: '2026-03-10T10:00:00Z',
      resolved_at: '2026-03-07T10:00:00Z',
      status: 'resolved',
      root_cause: 'billing',
      team_id: careTeam,
      assignee_id: agentId,
    });
    await place(caseB, {
      created_at: '2026-03-10T00:00:00Z',
      first_contact_due_at: '2026-03-11T00:00:00Z',
      first_contacted_at: '2026-03-12T00:00:00Z',
      resolution_due_at: '2026-03-15T00:00:00Z',
      resolved_at: '2026-03-20T00:00:00Z',
      status: 'closed',
      root_cause: 'billing',
    });
    await place(caseJ, {
      created_at: '2026-03-20T00:00:00Z',
      first_contact_due_at: '2026-03-21T00:00:00Z',
      resolution_due_at: '2026-03-25T00:00:00Z',
      status: 'open',
    });
    for (const [caseId, recovered] of [
      [caseA, true],
      [caseB, false],
    ] as const) {
      await t.db.query(
        `INSERT INTO case_recoveries (id, case_id, token_hash, expires_at, answered_at, score, recovered)
         VALUES (gen_random_uuid(), $1, md5(random()::text), now(), '2026-03-25T00:00:00Z', $2, $3)`,
        [caseId, recovered ? 5 : 1, recovered],
      );
    }
    // The data was moved into the past behind the rollups' back.
    await t.app.get(ReportRollups).rebuild();
  });
  afterAll(() => t?.close());

  function at(day: number) {
    const date = `2026-03-${String(day).padStart(2, '0')}`;
    return { sent: `${date}T08:00:00Z`, answered: `${date}T12:00:00Z` };
  }

  const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

  it('gives the KPIs of the period and of the one before', async () => {
    const { body } = await manager.get(`/api/v1/reports/summary?${query(MARCH)}`).expect(200);
    expect(body.period).toEqual(MARCH);
    expect(body.previousPeriod).toEqual({
      from: '2026-01-29T00:00:00.000Z',
      to: '2026-03-01T00:00:00.000Z',
    });
    expect(body.kpis).toEqual({
      invitationsSent: 14,
      // A–D, G and H–K identified, E and F anonymous
      responses: 11,
      responseRate: 0.7143, // 10 of the 14 sent in March were answered (G was sent in February)
      commentRate: 0.2727, // A, D and E: 3 / 11 (C's blanks are no comment)
      consentRate: 0.8182, // 9 / 11
      csatSatisfiedPct: 28.6, // C and D of A, B, C, D, E, F, G: 2 / 7
      csatMean: 2.71, // (1 + 2 + 5 + 4 + 1 + 3 + 3) / 7 = 19 / 7
      nps: 25, // H and I promote, J detracts: (2 − 1) / 4
      dissatisfied: 4, // A, B, E; J
      dissatisfiedAnonymous: 1, // E
      casesOpened: 3,
      casesResolved: 2,
      resolutionRate: 0.6667,
      closeTheLoopRate: 0.3333, // A in time, of A, B (contacted) and J (deadline passed)
      medianHoursToFirstContact: 26, // 4 and 48
      medianHoursToResolution: 144, // 48 and 240
      slaFirstContactPct: 33.3,
      slaResolutionPct: 33.3, // A in time, of A, B (resolved) and J (deadline passed)
      recoveryAnswers: 2,
      recoveryRate: 0.5,
    });
    // The same from the tables, but for anonymous answers (which only the rollups hold).
    await t.db.query(`UPDATE report_rollup_state SET covered_through = '1970-01-01T00:00:00Z'`);
    const live = await manager.get(`/api/v1/reports/summary?${query(MARCH)}`).expect(200);
    await t.app.get(ReportRollups).rebuild();
    expect(live.body).toEqual(body);
    expect(body.previous).toMatchObject({
      invitationsSent: 1, // G
      responses: 0,
      responseRate: 1,
      commentRate: null,
      csatMean: null,
      casesOpened: 0,
      resolutionRate: null,
    });
  });

  it('narrows by survey, team, agent and touchpoint', async () => {
    const kpis = async (params: Record<string, string>) =>
      (await manager.get(`/api/v1/reports/summary?${query({ ...MARCH, ...params })}`).expect(200))
        .body.kpis;
    expect(await kpis({ survey: 'recommend' })).toMatchObject({
      invitationsSent: 4,
      responses: 4,
      csatMean: null,
      nps: 25,
      casesOpened: 1,
    });
    // Team and agent narrow the cases; answers belong to no team.
    expect(await kpis({ team: careTeam })).toMatchObject({
      responses: 11,
      casesOpened: 1,
      resolutionRate: 1,
    });
    expect(await kpis({ agent: agentId })).toMatchObject({ casesOpened: 1, recoveryRate: 1 });
    // Anonymous answers carry no touchpoint: a touchpoint filter leaves them out.
    expect(await kpis({ touchpointType: 'stay' })).toMatchObject({
      responses: 9,
      consentRate: 1,
      casesOpened: 3,
    });
    expect(await kpis({ touchpointType: 'call' })).toMatchObject({
      invitationsSent: 0,
      responses: 0,
      responseRate: null,
    });
  });

  it('gives a timeseries with a point for every bucket', async () => {
    const weekly = await manager
      .get(
        `/api/v1/reports/timeseries?${query({ ...MARCH, metric: 'casesOpened', interval: 'week' })}`,
      )
      .expect(200);
    expect(weekly.body.points).toEqual([
      { start: '2026-02-23T00:00:00.000Z', value: 0 },
      { start: '2026-03-02T00:00:00.000Z', value: 1 }, // A, 5 March
      { start: '2026-03-09T00:00:00.000Z', value: 1 }, // B, 10 March
      { start: '2026-03-16T00:00:00.000Z', value: 1 }, // J, 20 March
      { start: '2026-03-23T00:00:00.000Z', value: 0 },
      { start: '2026-03-30T00:00:00.000Z', value: 0 },
    ]);
    const monthly = await manager
      .get(
        `/api/v1/reports/timeseries?${query({ from: '2026-02-01T00:00:00Z', to: MARCH.to, metric: 'csatMean', interval: 'month' })}`,
      )
      .expect(200);
    expect(monthly.body.points).toEqual([
      { start: '2026-02-01T00:00:00.000Z', value: null },
      { start: '2026-03-01T00:00:00.000Z', value: 2.71 },
    ]);
  });

  it('ranks root causes (Pareto) and counts current preferences', async () => {
    const causes = await manager.get(`/api/v1/reports/root-causes?${query(MARCH)}`).expect(200);
    expect(causes.body.items).toEqual([
      { rootCause: 'billing', label: 'Billing', cases: 2, share: 1, cumulativeShare: 1 },
    ]);
    const preferences = await manager.get('/api/v1/reports/preferences').expect(200);
    // C: family (phone; kids, spa) and business (email; meetings); D: family (email; spa).
    expect(preferences.body).toEqual({
      customers: 2,
      contexts: [
        { value: 'family_travel', customers: 2 },
        { value: 'business_travel', customers: 1 },
      ],
      channels: [
        { value: 'email', customers: 2 },
        { value: 'phone', customers: 1 },
      ],
      contactTimes: [],
      interests: [
        { value: 'spa', customers: 2 },
        { value: 'kids', customers: 1 },
        { value: 'meetings', customers: 1 },
      ],
    });
  });

  it('exports the cases and answers behind the figures as CSV, audited', async () => {
    const cases = await manager.get(`/api/v1/reports/export.csv?${query(MARCH)}`).expect(200);
    expect(cases.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(cases.headers['content-disposition']).toBe(
      'attachment; filename="candor-cases-2026-04-01.csv"',
    );
    const lines = cases.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'case_id,opened_at,status,priority,survey,touchpoint_type,touchpoint_location,touchpoint_channel,touchpoint_staff_id,touchpoint_staff_name,team,assignee,score,first_contact_due_at,first_contacted_at,resolution_due_at,resolved_at,root_cause,resolution,recovered,recovery_score,recovery_comment,customer_external_id,topics',
    );
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(
      /^[0-9a-f-]{36},2026-03-05T10:00:00.000Z,resolved,\d,stay,stay,,,,,Customer Care,agent \d+,1,.*,billing,,true,5,,c-\d+,$/,
    );

    const answers = await manager
      .get(`/api/v1/reports/export.csv?${query({ ...MARCH, rows: 'responses', survey: 'stay' })}`)
      .expect(200);
    const rows = answers.text.trim().split('\r\n');
    // A, B, C, D, G: identified only.
    expect(rows).toHaveLength(6);
    // A spreadsheet must not run a customer's words as a formula.
    expect(answers.text).toContain(",'=1+1 nice,");
    expect(
      await t.count(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'report.exported'`),
    ).toBe(2);
  });

  it('pages a long export without repeating a row, and leaves withdrawn cases out of the SLA', async () => {
    // 1,005 cases opened a microsecond apart (more than one export page, one millisecond apart
    // for JavaScript), all past their first-contact deadline; one withdrawn after a timely contact.
    await t.db.query(
      `WITH customer AS (SELECT id FROM customers LIMIT 1),
         version AS (SELECT id FROM survey_versions LIMIT 1),
         invited AS (
           INSERT INTO invitations (id, customer_id, survey_version_id, token_hash, status, send_at, expires_at)
           SELECT gen_random_uuid(), customer.id, version.id, md5(random()::text), 'answered', now(), now()
           FROM customer, version, generate_series(1, 1005) RETURNING id, customer_id, survey_version_id
         )
       INSERT INTO follow_up_cases (id, source, invitation_id, customer_id, survey_version_id, priority,
         first_contact_due_at, resolution_due_at, created_at)
       SELECT gen_random_uuid(), 'contact_request', id, customer_id, survey_version_id, 2,
         '2025-01-11T00:00:00Z', '2025-01-20T00:00:00Z',
         '2025-01-10T10:00:00.123Z'::timestamptz + (row_number() OVER ()) * interval '1 microsecond'
       FROM invited`,
    );
    await t.db.query(
      `UPDATE follow_up_cases SET status = 'withdrawn', first_contacted_at = '2025-01-10T12:00:00Z'
       WHERE id = (SELECT id FROM follow_up_cases WHERE created_at < '2025-02-01' LIMIT 1)`,
    );
    const january = query({ from: '2025-01-01T00:00:00Z', to: '2025-02-01T00:00:00Z' });
    const csv = await manager.get(`/api/v1/reports/export.csv?${january}`).expect(200);
    const ids = csv.text
      .trim()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',')[0]);
    expect(ids).toHaveLength(1005);
    expect(new Set(ids).size).toBe(1005);

    await t.app.get(ReportRollups).rebuild();
    const { body } = await manager.get(`/api/v1/reports/summary?${january}`).expect(200);
    expect(body.kpis).toMatchObject({
      casesOpened: 1005,
      closeTheLoopRate: 0,
      slaFirstContactPct: 0,
    });
  });

  it('refuses bad filters with a sentence, and people other than managers', async () => {
    const bad = await manager
      .get(`/api/v1/reports/summary?${query({ from: MARCH.to, to: MARCH.from, survey: 'nope' })}`)
      .expect(400);
    expect(bad.body.details).toEqual([
      { field: 'from', message: 'must be before to' },
      { field: 'survey', message: 'is no survey key here' },
    ]);
    const metric = await manager.get('/api/v1/reports/timeseries?metric=happiness').expect(400);
    expect(metric.body.message).toMatch(/^The request is not valid: metric must be one of/);
    const tooMany = await manager
      .get(
        `/api/v1/reports/timeseries?${query({ from: '2020-01-01', to: '2026-01-01', interval: 'day' })}`,
      )
      .expect(400);
    expect(tooMany.body.details[0].field).toBe('interval');
    // ISO 8601 forms a Date cannot read, and days that do not exist: a 400 on every report.
    for (const path of ['summary', 'root-causes', 'questions?survey=stay&', 'topics', 'phrases']) {
      const at = path.includes('?') ? path : `${path}?`;
      for (const from of ['2026-W01', '2026-123', '2026-02-30']) {
        const refused = await manager.get(`/api/v1/reports/${at}from=${from}`).expect(400);
        expect(refused.body.details.map((d: { field: string }) => d.field)).toEqual(['from']);
      }
    }
    await manager.get('/console/topics?until=2026-13-01').expect(200);

    const agent = await createUser(t.app, 'agent', 'Customer Care');
    const asAgent = asUser(t.http, await signIn(t.http, agent.email, agent.password));
    await asAgent.get('/api/v1/reports/summary').expect(403);
    await asAgent.get('/api/v1/reports/export.csv').expect(403);
    // An integration may read them.
    await t.http().get('/api/v1/reports/summary').set(t.auth).expect(200);
    const me = await t.http().get('/api/v1/reports/summary?agent=me').set(t.auth).expect(400);
    expect(me.body.details[0].field).toBe('agent');
  });

  it('shows the same numbers on the dashboard, each case figure leading to its cases', async () => {
    const { body: api } = await manager.get(`/api/v1/reports/summary?${query(MARCH)}`).expect(200);
    const page = await manager.get('/console/dashboard?from=2026-03-01&to=2026-03-31').expect(200);
    const tiles = [...page.text.matchAll(/data-kpi="(\w+)" data-value="([^"]*)"/g)];
    const shown = Object.fromEntries(tiles.map(([, kpi, value]) => [kpi, value]));
    for (const [kpi, value] of Object.entries(api.kpis as Record<string, number | null>)) {
      if (kpi in shown)
        expect([kpi, shown[kpi]]).toEqual([kpi, value === null ? '' : String(value)]);
    }
    expect(Object.keys(shown)).toEqual(expect.arrayContaining(['resolutionRate', 'recoveryRate']));
    expect(page.text).toContain('up from'); // response rate, beside February's
    expect(page.text).toContain('<td>Billing</td>');

    // Drill down: the late first contacts are B and J.
    const late = /href="(\/console\/cases\/list\?[^"]*outcome&#x3D;late_first_contact[^"]*)"/.exec(
      page.text,
    );
    const list = await manager.get(unescapeHtml(late![1])).expect(200);
    expect(list.text.match(/href="\/console\/cases\/[0-9a-f-]{36}"/g)).toHaveLength(2);
    expect(list.text).toContain('first contact late or still missing past its deadline');

    // A bad date keeps the page, says why and shows the default period.
    const bad = await manager.get('/console/dashboard?from=2026-02-31&to=2026-03-31').expect(400);
    expect(bad.text).toContain('from must be an ISO 8601 date or time');
    await manager.get('/console/dashboard?from=2026-99-99&to=yesterday').expect(400);
    await t.http().get('/assets/vendor/chart.umd.min.js').expect(200);
    await t.http().get('/assets/vendor/chart.cjs').expect(404);
  });

  it('keeps the dashboard to managers: an agent gets a page saying no, a stranger the sign-in', async () => {
    const agent = await createUser(t.app, 'agent', 'Customer Care');
    const asAgent = asUser(t.http, await signIn(t.http, agent.email, agent.password));
    const refused = await asAgent.get('/console/dashboard').expect(403);
    expect(refused.headers['content-type']).toMatch(/^text\/html/);
    expect(refused.text).toContain('<h1>Forbidden</h1>');
    const stranger = await t.http().get('/console/dashboard').expect(303);
    expect(stranger.headers.location).toBe('/console/login');
  });

  it('keeps the rollups right as cases move on and customers are erased', async () => {
    const kpis = async () =>
      (await manager.get(`/api/v1/reports/summary?${query(MARCH)}`).expect(200)).body.kpis;
    const rollups = t.app.get(ReportRollups);
    const before = await kpis();
    // J is resolved today: its opening day, long rolled up, is rebuilt by the next run.
    await t.db.query(
      `UPDATE follow_up_cases SET status = 'resolved', resolved_at = '2026-03-22T00:00:00Z',
         root_cause = 'other', updated_at = now() WHERE id = $1`,
      [caseOfJ],
    );
    await rollups.refresh();
    expect(await kpis()).toMatchObject({ casesResolved: 3, resolutionRate: 1 });
    // Today's answers: from the tables until a run, then from today's rollup up to that run.
    const midnight = Math.floor(Date.now() / 86_400_000) * 86_400_000;
    const today = query({
      from: new Date(midnight).toISOString(),
      to: new Date(midnight + 86_400_000).toISOString(),
    });
    const todays = async () =>
      (await manager.get(`/api/v1/reports/summary?${today}`).expect(200)).body.kpis;
    await rollups.refresh();
    await unhappyCase(t, 2);
    const live = await todays();
    expect(live).toMatchObject({ responses: 1, dissatisfied: 1, casesOpened: 1 });
    await rollups.refresh();
    expect(await todays()).toEqual(live);

    // A is erased: their answer and their case stay, without them, so no figure changes.
    const settled = await kpis();
    await t.http().delete(`/api/v1/customers/${customerA}`).set(t.auth).expect(202);
    expect(await kpis()).toEqual(settled);
    await rollups.refresh();
    expect(await kpis()).toEqual(settled);
    expect(settled).toMatchObject({
      responses: before.responses,
      consentRate: 0.8182, // 9 of 11
      dissatisfiedAnonymous: 1,
      casesOpened: 3,
    });
  });

  it('keeps the rollups right when a customer withdraws their identified consent', async () => {
    const kpis = async () =>
      (await manager.get(`/api/v1/reports/summary?${query(MARCH)}`).expect(200)).body.kpis;
    const rollups = t.app.get(ReportRollups);
    await rollups.refresh();
    const before = await kpis();
    // B answered as themselves, unhappy, in March: the answer stays, anonymous now.
    const [{ customer_id: customerB }] = (
      await t.db.query<{ customer_id: string }>(
        'SELECT customer_id FROM invitations WHERE id = $1',
        [invitationB],
      )
    ).rows;
    const withdrawn = await t.app
      .get(CustomerDataService)
      .withdraw(customerB, 'identified_feedback', 'privacy_center');
    expect(withdrawn).toBe(true);
    await rollups.refresh();
    expect(await kpis()).toMatchObject({
      responses: before.responses,
      dissatisfied: before.dissatisfied,
      dissatisfiedAnonymous: before.dissatisfiedAnonymous + 1,
      csatMean: before.csatMean,
    });
  });
});

/** An attribute's value as the browser reads it (Handlebars escapes &, = and quotes). */
function unescapeHtml(text: string): string {
  return text.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
}

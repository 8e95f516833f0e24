import { ReportRollups } from '../../src/modules/reports/report-rollups';
import { eventually } from '../support/eventually';
import { asUser, createUser, signIn } from '../support/factories';
import {
  caseOf,
  type Invited,
  startSurveyTestApp,
  type SurveyTestApp,
} from '../support/survey-fixtures';

jest.setTimeout(90_000);

const MARCH = { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' };

interface Touchpoint {
  location?: string;
  channel?: string;
  staff?: { externalId: string; name: string };
}

const AINO = (name = 'Aino Virtanen') => ({ externalId: 'E-1', name });
const BEA = { externalId: 'E-2', name: 'Bea Berg' };
const CAI = { externalId: 'E-3', name: 'Cai Carlsson' };

/**
 * The reports by where it happened (issue 16), over answers placed in March 2026 on the CSAT survey:
 *
 *   Helsinki · front desk · Aino: 5, 4, 5 (her first invitation still called her "Aino V.")
 *   Helsinki · front desk: 1 anonymous (an anonymous answer keeps the place, not the person; a
 *     place's figures count its anonymous answers only in a month's crowd of 5: not this one)
 *   Helsinki · phone · Bea: 2 (unhappy: a case), 3
 *   Tampere · front desk · Cai: 4
 *   nowhere said: 5
 *
 * Helsinki: 5 answers counted (the lone anonymous one is not), 3 of them 4–5 (60 %), mean
 * 19 / 5 = 3.8, all as themselves, 1 case; 6 invitations sent.
 * REPORTS_LEADERBOARD_MIN_ANSWERS is 3 here.
 */
describe('reports by where it happened', () => {
  let t: SurveyTestApp;
  let manager: ReturnType<typeof asUser>;

  beforeAll(async () => {
    t = await startSurveyTestApp({ REPORTS_LEADERBOARD_MIN_ANSWERS: '3' });
    const boss = await createUser(t.app, 'manager');
    manager = asUser(t.http, await signIn(t.http, boss.email, boss.password));

    const answer = async (touchpoint: Touchpoint, score: number, anonymous = false) => {
      const invited: Invited = await t.invite({}, { touchpoint: { type: 'stay', ...touchpoint } });
      await eventually(async () => {
        const n = await t.count(
          'SELECT count(*)::int AS n FROM invitations WHERE id = $1 AND sent_at IS NOT NULL',
          [invited.id],
        );
        if (n !== 1) throw new Error('not sent yet');
        // A loaded CI machine starting the app's jobs takes more than the default 5 s.
      }, 20_000);
      await t
        .http()
        .post(`/s/${invited.token}`)
        .set('accept', 'application/json')
        .send(
          anonymous
            ? { consent: 'anonymous', score }
            : { consent: 'identified', consentText: await t.consentTextId(), score },
        )
        .expect(201);
      await t.db.query(`UPDATE invitations SET sent_at = '2026-03-10T08:00:00Z' WHERE id = $1`, [
        invited.id,
      ]);
      await t.db.query(
        `UPDATE responses SET submitted_at = '2026-03-10T12:00:00Z' WHERE invitation_id = $1`,
        [invited.id],
      );
      return invited;
    };
    const helsinki = { location: 'Helsinki', channel: 'front desk' };
    await answer({ ...helsinki, staff: AINO('Aino V.') }, 5);
    await answer({ ...helsinki, staff: AINO() }, 4);
    await answer({ ...helsinki, staff: AINO() }, 5);
    await answer(helsinki, 1, true);
    const unhappy = await answer({ location: 'Helsinki', channel: 'phone', staff: BEA }, 2);
    await answer({ location: 'Helsinki', channel: 'phone', staff: BEA }, 3);
    await answer({ location: 'Tampere', channel: 'front desk', staff: CAI }, 4);
    await answer({}, 5);
    await t.db.query(`UPDATE anonymous_response_inbox SET submitted_month = '2026-03-01'`);
    await t.db.query(`UPDATE anonymous_responses SET submitted_month = '2026-03-01'`);
    const caseId = await caseOf(t, unhappy.id);
    await t.db.query(
      `UPDATE follow_up_cases SET created_at = '2026-03-10T12:00:00Z' WHERE id = $1`,
      [caseId],
    );
    // The data was moved into the past behind the rollups' back.
    await t.app.get(ReportRollups).rebuild();
  });
  afterAll(() => t?.close());

  const query = (params: Record<string, string>) => new URLSearchParams(params).toString();
  const get = async (path: string, params: Record<string, string>) =>
    (await manager.get(`/api/v1/reports/${path}?${query({ ...MARCH, ...params })}`).expect(200))
      .body;

  it('breaks the KPIs down by location, as worked out by hand', async () => {
    const body = await get('breakdown', { by: 'location' });
    expect(body.by).toBe('location');
    expect(body.period).toEqual(MARCH);
    expect(body.rows.map((row: { key: string | null }) => row.key)).toEqual([
      'Helsinki',
      'Tampere',
      null,
    ]);
    expect(body.rows[0]).toMatchObject({
      key: 'Helsinki',
      label: 'Helsinki',
      kpis: {
        invitationsSent: 6,
        responses: 5,
        responseRate: 1,
        consentRate: 1,
        csatSatisfiedPct: 60,
        csatMean: 3.8,
        dissatisfied: 1,
        dissatisfiedAnonymous: 0,
        casesOpened: 1,
      },
    });
    expect(body.rows[2]).toMatchObject({ key: null, label: null, kpis: { responses: 1 } });
  });

  it("gives each group the summary's own figures for the same filter, from the rollups and the tables", async () => {
    for (const rolled of [true, false]) {
      // The tables alone: as if the rollups had never run (anonymous answers are rollups only).
      if (!rolled) {
        await t.db.query(`UPDATE report_rollup_state SET covered_through = '1970-01-01T00:00:00Z'`);
      }
      for (const [by, filter] of [
        ['location', 'location'],
        ['channel', 'channel'],
        ['staff', 'staff'],
      ] as const) {
        const { rows } = await get('breakdown', { by });
        expect(rows.length).toBeGreaterThan(1);
        for (const row of rows.filter((r: { key: string | null }) => r.key !== null)) {
          const summary = await get('summary', { [filter]: row.key });
          expect({ by, key: row.key, rolled, kpis: row.kpis }).toEqual({
            by,
            key: row.key,
            rolled,
            kpis: summary.kpis,
          });
        }
      }
    }
    await t.app.get(ReportRollups).rebuild();
  });

  it('combines the filters, and leaves anonymous answers out of a staff filter', async () => {
    const frontDesk = await get('breakdown', {
      by: 'staff',
      location: 'Helsinki',
      channel: 'front desk',
    });
    expect(frontDesk.rows).toEqual([
      expect.objectContaining({ key: 'E-1', label: 'Aino Virtanen' }),
      // The anonymous answer: its place is kept, its member of staff never, and alone in its
      // month it is not counted (its invitation is).
      expect.objectContaining({
        key: null,
        kpis: expect.objectContaining({ invitationsSent: 1, responses: 0 }),
      }),
    ]);
    const aino = await get('summary', { staff: 'E-1' });
    expect(aino.kpis).toMatchObject({ responses: 3, consentRate: 1, csatMean: 4.67 });
    const helsinki = await get('summary', { location: ' Helsinki ' });
    expect(helsinki.kpis).toMatchObject({ responses: 5, consentRate: 1 });
  });

  it('ranks locations and staff by CSAT, only those with enough answers', async () => {
    // The configured minimum (3): Bea (2 answers) and Cai (1) are not ranked.
    const staff = await get('leaderboard', { by: 'staff' });
    expect(staff.minAnswers).toBe(3);
    expect(staff.rows).toEqual([
      {
        rank: 1,
        key: 'E-1',
        label: 'Aino Virtanen',
        csatAnswers: 3,
        csatSatisfiedPct: 100,
        csatMean: 4.67,
        responses: 3,
      },
    ]);
    const everyone = await get('leaderboard', { by: 'staff', minAnswers: '1' });
    expect(everyone.rows.map((row: { key: string; rank: number }) => [row.rank, row.key])).toEqual([
      [1, 'E-1'], // 100 %, mean 4.67
      [2, 'E-3'], // 100 %, mean 4
      [3, 'E-2'], // 0 %
    ]);
    const places = await get('leaderboard', { by: 'location', minAnswers: '2' });
    expect(places.rows.map((row: { key: string }) => row.key)).toEqual(['Helsinki']);
    expect(places.rows[0]).toMatchObject({ csatAnswers: 5, csatSatisfiedPct: 60, csatMean: 3.8 });
  });

  it('refuses a bad breakdown or leaderboard with a sentence', async () => {
    const cases: [string, string][] = [
      [
        'breakdown?by=team',
        'The request is not valid: by must be one of location, channel, staff.',
      ],
      ['breakdown', 'The request is not valid: by is required: one of location, channel, staff.'],
      ['leaderboard?by=channel', 'The request is not valid: by must be one of location, staff.'],
      [
        'leaderboard?by=staff&minAnswers=0',
        'The request is not valid: minAnswers must be a whole number of answers, 1 to 100000.',
      ],
      [
        'leaderboard?by=staff&minAnswers=ten',
        'The request is not valid: minAnswers must be a whole number of answers, 1 to 100000.',
      ],
      [
        `summary?location=${'x'.repeat(201)}`,
        'The request is not valid: location must be at most 200 characters.',
      ],
    ];
    for (const [path, message] of cases) {
      const response = await manager.get(`/api/v1/reports/${path}`).expect(400);
      expect({ path, body: response.body }).toMatchObject({
        path,
        body: { code: 'validation_failed', message },
      });
    }
  });

  it('exports where each answer and case happened in the CSV', async () => {
    const answers = await manager
      .get(`/api/v1/reports/export.csv?${query({ ...MARCH, rows: 'responses', staff: 'E-2' })}`)
      .expect(200);
    const [header, ...lines] = answers.text.trim().split('\r\n');
    expect(header).toBe(
      'response_id,submitted_at,survey,scale,score,dissatisfied,comment,touchpoint_type,touchpoint_location,touchpoint_channel,touchpoint_staff_id,touchpoint_staff_name,case_id,customer_external_id,topics',
    );
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toContain(',stay,Helsinki,phone,E-2,Bea Berg,');
    const cases = await manager
      .get(`/api/v1/reports/export.csv?${query({ ...MARCH, location: 'Helsinki' })}`)
      .expect(200);
    const caseLines = cases.text.trim().split('\r\n');
    expect(caseLines[0]).toContain(
      ',survey,touchpoint_type,touchpoint_location,touchpoint_channel,touchpoint_staff_id,touchpoint_staff_name,team,',
    );
    expect(caseLines).toHaveLength(2);
    expect(caseLines[1]).toContain(',stay,stay,Helsinki,phone,E-2,Bea Berg,');
  });
});

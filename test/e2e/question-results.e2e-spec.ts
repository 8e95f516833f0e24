import { DEMO_SURVEY } from '../../src/modules/demo/demo-survey';
import { ReportRollups } from '../../src/modules/reports/report-rollups';
import type { CreateSurveyDto } from '../../src/modules/surveys/dto/survey.dto';
import { SurveysService } from '../../src/modules/surveys/surveys.service';
import { asUser, createUser, signIn } from '../support/factories';
import { type Invited, startSurveyTestApp, type SurveyTestApp } from '../support/survey-fixtures';

jest.setTimeout(90_000);

const MARCH = { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' };
const option = (value: string, en: string, fi: string) => ({ value, label: { en, fi } });

/** Version 1 of the survey `visit`; version 2 drops `kind`, adds a choice and rewords. */
const VISIT_V1 = {
  ...DEMO_SURVEY,
  key: 'visit',
  name: 'Your visit',
  questions: [
    {
      id: 'better',
      type: 'multiple_choice',
      label: { en: 'What could have gone better?', fi: 'Mikä olisi voinut mennä paremmin?' },
      options: [
        option('room', 'The room', 'Huone'),
        option('staff', 'Staff', 'Henkilökunta'),
        option('food', 'Food', 'Ruoka'),
      ],
    },
    { id: 'clean', type: 'rating', label: { en: 'How clean was it?', fi: 'Kuinka siistiä oli?' } },
    {
      id: 'kind',
      type: 'single_choice',
      label: { en: 'Why did you come?', fi: 'Miksi tulit?' },
      options: [option('work', 'For work', 'Työ'), option('leisure', 'For leisure', 'Vapaa-aika')],
    },
    { id: 'note', type: 'free_text', label: { en: 'Anything else?', fi: 'Muuta?' } },
  ],
} as unknown as CreateSurveyDto;

/**
 * Per-question results over answers placed in March 2026, each figure worked out by hand:
 *   identified, version 1: I1 (2 March) better room+staff, clean 4, kind work, note "Nice";
 *     I2 (3 March) room, clean 2, leisure; I3 (3 March) clean 5, work.
 *   identified, version 2 (touchpoint type spa): I4 (20 March) parking, clean 3; I5 (21 March)
 *     room+parking, clean 4, note blank (not an answer).
 *   anonymous, March: five room + clean 4, two staff + clean 5 (one of them through the page).
 *   anonymous, February: three food + clean 1 (a month of fewer than 5: left out).
 */
describe('per-question results', () => {
  let t: SurveyTestApp;
  let manager: ReturnType<typeof asUser>;
  let i1: Invited;
  let v1: string;
  let v2: string;

  const answer = async (
    body: Record<string, unknown>,
    submittedAt: string | null,
    touchpoint: Record<string, string> = { type: 'stay' },
  ): Promise<Invited> => {
    const invited = await t.invite({}, { survey: 'visit', touchpoint });
    await t
      .http()
      .post(`/s/${invited.token}`)
      .set('accept', 'application/json')
      .send({ consent: 'identified', consentText: await t.consentTextId(), score: 4, ...body })
      .expect(201);
    if (submittedAt) {
      await t.db.query('UPDATE responses SET submitted_at = $2 WHERE invitation_id = $1', [
        invited.id,
        submittedAt,
      ]);
    }
    return invited;
  };
  const anonymously = (version: string, month: string, answers: object, times: number) =>
    t.db.query(
      `INSERT INTO anonymous_responses (survey_version_id, score, dissatisfied, answers, submitted_month)
       SELECT $1, 4, false, $2::jsonb, $3 FROM generate_series(1, $4)`,
      [version, JSON.stringify({ questions: answers, preferences: [] }), month, times],
    );
  const results = async (params: Record<string, string>) =>
    (
      await manager
        .get(`/api/v1/reports/questions?${new URLSearchParams(params).toString()}`)
        .expect(200)
    ).body as {
      questions: {
        id: string;
        answering: Record<string, unknown>;
        anonymousLeftOut: unknown;
        distribution: {
          value: string;
          count: number | null;
          identified: number;
          anonymous: { count: number | null };
          share: number | null;
        }[];
        trend: { start: string; answering: number; shares: unknown; mean?: number | null }[];
      }[];
    };
  const question = async (params: Record<string, string>, id: string) =>
    (await results(params)).questions.find((q) => q.id === id)!;

  beforeAll(async () => {
    t = await startSurveyTestApp();
    const surveys = t.app.get(SurveysService);
    await surveys.createSurvey(VISIT_V1);
    const boss = await createUser(t.app, 'manager');
    manager = asUser(t.http, await signIn(t.http, boss.email, boss.password));

    i1 = await answer(
      { answers: { better: ['room', 'staff'], clean: '4', kind: 'work', note: 'Nice' } },
      '2026-03-02T12:00:00Z',
    );
    await answer(
      { answers: { better: ['room'], clean: '2', kind: 'leisure' } },
      '2026-03-03T09:00:00Z',
    );
    await answer({ answers: { clean: '5', kind: 'work' } }, '2026-03-03T18:00:00Z');
    // One anonymous answer through the page, the rest written as the inbox would release them.
    const viaPage = await t.invite({}, { survey: 'visit' });
    await t
      .http()
      .post(`/s/${viaPage.token}`)
      .set('accept', 'application/json')
      .send({
        consent: 'anonymous',
        consentText: await t.consentTextId(),
        score: 5,
        answers: { better: ['staff'], clean: '5' },
      })
      .expect(201);
    await t.db.query(`UPDATE anonymous_response_inbox SET submitted_month = '2026-03-01'`);
    await t.db.query(`UPDATE anonymous_responses SET submitted_month = '2026-03-01'`);

    const { rows } = await t.db.query<{ id: string }>(
      `SELECT v.id FROM survey_versions v JOIN surveys s ON s.id = v.survey_id
       WHERE s.key = 'visit' ORDER BY v.version`,
    );
    v1 = rows[0].id;
    const { key: _key, ...content } = VISIT_V1;
    await surveys.reviseSurvey('visit', {
      ...content,
      questions: [
        {
          ...VISIT_V1.questions[0],
          label: { en: 'What should we do better?', fi: 'Mitä meidän pitäisi tehdä paremmin?' },
          options: [...VISIT_V1.questions[0].options!, option('parking', 'Parking', 'Pysäköinti')],
        },
        VISIT_V1.questions[1],
        VISIT_V1.questions[3],
      ],
    });
    v2 = (
      await t.db.query<{ id: string }>(
        `SELECT v.id FROM survey_versions v JOIN surveys s ON s.id = v.survey_id
         WHERE s.key = 'visit' AND v.version = 2`,
      )
    ).rows[0].id;
    await answer({ answers: { better: ['parking'], clean: '3' } }, '2026-03-20T10:00:00Z', {
      type: 'spa',
      location: 'Helsinki',
    });
    await answer(
      { answers: { better: ['room', 'parking'], clean: '4', note: '   ' } },
      '2026-03-21T10:00:00Z',
      { type: 'spa' },
    );
    await anonymously(v1, '2026-03-01', { better: ['room'], clean: '4' }, 3);
    await anonymously(v2, '2026-03-01', { better: ['room'], clean: '4' }, 2);
    await anonymously(v1, '2026-03-01', { better: ['staff'], clean: '5' }, 1);
    await anonymously(v1, '2026-02-01', { better: ['food'], clean: '1' }, 3);
    // The answers were moved into the past behind the rollups' back.
    await t.app.get(ReportRollups).rebuild();
  });
  afterAll(() => t?.close());

  it('counts each choice, rating and multiple choice as answered, matched across versions by key', async () => {
    const { questions } = await results({ ...MARCH, survey: 'visit' });
    // Version 2's questions in its order, then the one only version 1 asked.
    expect(questions.map((q) => q.id)).toEqual(['better', 'clean', 'note', 'kind']);
    const kind = questions.find((q) => q.id === 'kind')!;
    expect(kind).toMatchObject({
      kind: 'single_choice',
      text: { en: 'Why did you come?', fi: 'Miksi tulit?' },
      versions: [1],
      answering: { count: 3, identified: 3, anonymous: { count: 0 } },
    });
    expect(kind.distribution).toEqual([
      {
        value: 'work',
        label: { en: 'For work', fi: 'Työ' },
        count: 2,
        identified: 2,
        anonymous: { count: 0 },
        share: 0.6667,
      },
      {
        value: 'leisure',
        label: { en: 'For leisure', fi: 'Vapaa-aika' },
        count: 1,
        identified: 1,
        anonymous: { count: 0 },
        share: 0.3333,
      },
    ]);
    const better = questions.find((q) => q.id === 'better')!;
    expect(better).toMatchObject({
      kind: 'multiple_choice',
      text: { en: 'What should we do better?' },
      versions: [1, 2],
      // Four identified respondents and seven anonymous: shares are of respondents.
      answering: { count: 11, identified: 4, anonymous: { count: 7 } },
      anonymousLeftOut: { count: 0 },
    });
    expect(
      better.distribution.map(({ value, count, identified, anonymous, share }) => [
        value,
        count,
        identified,
        anonymous,
        share,
      ]),
    ).toEqual([
      ['room', 8, 3, { count: 5 }, 0.7273],
      // Two anonymous answers: fewer than 5, and the total would tell them.
      ['staff', null, 1, { count: null, fewerThan: 5 }, null],
      ['food', 0, 0, { count: 0 }, 0],
      ['parking', 2, 2, { count: 0 }, 0.1818],
    ]);
    const note = questions.find((q) => q.id === 'note')!;
    expect(note).toMatchObject({
      kind: 'free_text',
      answering: { count: 1, identified: 1, anonymous: { count: 0 } },
      distribution: [],
    });
    // Read from the rollup, which counts free text without its words.
    expect(await t.count(`SELECT count(*)::int AS n FROM report_question_days`)).toBeGreaterThan(0);
    expect(
      await t.count(`SELECT count(*)::int AS n FROM report_question_days WHERE value = 'Nice'`),
    ).toBe(0);
  });

  it('hides anonymous counts below 5 so that no total gives them away', async () => {
    const clean = await question({ ...MARCH, survey: 'visit' }, 'clean');
    expect(clean.answering).toEqual({ count: 12, identified: 5, anonymous: { count: 7 } });
    const byValue = Object.fromEntries(clean.distribution.map((item) => [item.value, item]));
    expect(byValue['2']).toMatchObject({ count: 1, identified: 1, anonymous: { count: 0 } });
    expect(byValue['3']).toMatchObject({ count: 1, identified: 1, anonymous: { count: 0 } });
    // Two anonymous 5s are fewer than 5; were the five 4s shown, 7 − 5 would tell them.
    expect(byValue['5']).toEqual(
      expect.objectContaining({
        count: null,
        identified: 1,
        anonymous: { count: null, fewerThan: 5 },
        share: null,
      }),
    );
    expect(byValue['4']).toEqual(
      expect.objectContaining({
        count: null,
        identified: 2,
        anonymous: { count: null, fewerThan: 5 },
        share: null,
      }),
    );
    const shown = clean.distribution.reduce((sum, item) => sum + (item.count ?? 0), 0);
    const hidden = clean.distribution.filter((item) => item.count === null);
    // What the totals leave unknown is shared by at least two values.
    expect(hidden.length).toBeGreaterThanOrEqual(2);
    expect((clean.answering.count as number) - shown).toBe(10);

    // February's three anonymous answers are a month of fewer than 5: counted nowhere.
    const twoMonths = { from: '2026-02-01T00:00:00.000Z', to: MARCH.to, survey: 'visit' };
    const better = await question(twoMonths, 'better');
    expect(better.anonymousLeftOut).toEqual({ count: null, fewerThan: 5 });
    expect(better.answering).toEqual({ count: 11, identified: 4, anonymous: { count: 7 } });
    expect(better.distribution.find((item) => item.value === 'food')).toMatchObject({
      count: 0,
      anonymous: { count: 0 },
    });
    const february = { from: '2026-02-01T00:00:00.000Z', to: MARCH.from, survey: 'visit' };
    expect((await question(february, 'better')).answering).toEqual({
      count: 0,
      identified: 0,
      anonymous: { count: 0 },
    });
  });

  it('applies the filters: a touchpoint filter leaves anonymous answers out', async () => {
    const clean = await question({ ...MARCH, survey: 'visit', touchpointType: 'spa' }, 'clean');
    expect(clean.answering).toEqual({ count: 2, identified: 2, anonymous: { count: 0 } });
    expect(clean.distribution.map((item) => item.count)).toEqual([0, 0, 1, 1, 0]);
    // Where it happened: read from the tables, identified answers only.
    const helsinki = await question({ ...MARCH, survey: 'visit', location: 'Helsinki' }, 'better');
    expect(helsinki.answering).toEqual({ count: 1, identified: 1, anonymous: { count: 0 } });
    expect(helsinki.distribution.map((item) => [item.value, item.count])).toEqual([
      ['room', 0],
      ['staff', 0],
      ['food', 0],
      ['parking', 1],
    ]);
    expect(
      (await question({ ...MARCH, survey: 'visit', location: 'Helsinki' }, 'clean')).trend[19],
    ).toMatchObject({ start: '2026-03-20T00:00:00.000Z', answering: 1, mean: 3 });
    const secondHalf = { from: '2026-03-16T00:00:00.000Z', to: MARCH.to, survey: 'visit' };
    // The 16th is where March's anonymous answers count.
    expect((await question(secondHalf, 'better')).answering).toEqual({
      count: 9,
      identified: 2,
      anonymous: { count: 7 },
    });
    const firstHalf = { from: MARCH.from, to: '2026-03-16T00:00:00.000Z', survey: 'visit' };
    expect((await question(firstHalf, 'better')).answering).toEqual({
      count: 2,
      identified: 2,
      anonymous: { count: 0 },
    });
  });

  it('gives a trend by day up to 60 days, by week beyond, null where nobody answered', async () => {
    const clean = await question({ ...MARCH, survey: 'visit' }, 'clean');
    expect(clean.trend).toHaveLength(31);
    expect(clean.trend.slice(1, 4)).toEqual([
      {
        start: '2026-03-02T00:00:00.000Z',
        answering: 1,
        mean: 4,
        shares: { 1: 0, 2: 0, 3: 0, 4: 1, 5: 0 },
      },
      {
        start: '2026-03-03T00:00:00.000Z',
        answering: 2,
        mean: 3.5,
        shares: { 1: 0, 2: 0.5, 3: 0, 4: 0, 5: 0.5 },
      },
      { start: '2026-03-04T00:00:00.000Z', answering: 0, mean: null, shares: null },
    ]);
    // Anonymous answers are not in the trend: the 16th holds none.
    expect(clean.trend[15]).toMatchObject({ answering: 0, shares: null });
    const quarter = await question(
      { from: '2026-01-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z', survey: 'visit' },
      'better',
    );
    expect(quarter.trend[0].start).toBe('2025-12-29T00:00:00.000Z');
    const week = quarter.trend.find((p) => p.start === '2026-03-02T00:00:00.000Z')!;
    expect(week).toEqual({
      start: '2026-03-02T00:00:00.000Z',
      answering: 2,
      shares: { room: 1, staff: 0.5, food: 0, parking: 0 },
    });
  });

  it('refuses bad filters with a sentence', async () => {
    const refused = async (params: Record<string, string>) =>
      (
        await manager
          .get(`/api/v1/reports/questions?${new URLSearchParams(params).toString()}`)
          .expect(400)
      ).body as { code: string; message: string };
    expect(await refused(MARCH)).toMatchObject({
      code: 'validation_failed',
      message: expect.stringContaining('survey is required'),
    });
    expect((await refused({ ...MARCH, survey: 'nope' })).message).toBe(
      'The request is not valid: survey is no survey key here.',
    );
    expect((await refused({ from: MARCH.to, to: MARCH.from, survey: 'visit' })).message).toBe(
      'The request is not valid: from must be before to.',
    );
    expect((await refused({ ...MARCH, survey: 'visit', interval: 'hour' })).message).toBe(
      'The request is not valid: interval must be one of day, week, month.',
    );
    expect((await refused({ from: 'March', survey: 'visit' })).message).toBe(
      'The request is not valid: from must be an ISO 8601 date or time.',
    );
  });

  it('shows them on a console page to managers, in words, hiding what the API hides', async () => {
    const path = '/console/reports/questions?from=2026-03-01&to=2026-03-31&survey=visit';
    const page = (await manager.get(path).expect(200)).text;
    expect(page).toContain('<h2 id="question-better-heading">What should we do better?</h2>');
    expect(page).toContain('11 answered: 4 as themselves, 7 anonymously.');
    // Staff: 1 identified and 2 anonymous, shown as a range and "fewer than 5".
    expect(page).toContain(
      '<th scope="row">Staff</th><td>2 to 5</td><td>–</td><td data-value="1">1</td><td data-value="">fewer than 5</td>',
    );
    expect(page).toContain('<th scope="row">4 of 5</th>');
    expect(page).toContain('1 Mar 2026 to 31 Mar 2026');
    const refused = await manager.get('/console/reports/questions?from=2026-02-31').expect(400);
    expect(refused.text).toContain('from must be an ISO 8601 date or time.');
    const agent = await createUser(t.app, 'agent');
    const session = await signIn(t.http, agent.email, agent.password);
    await asUser(t.http, session).get(path).expect(403);
  });

  it('stays right after an erasure and after new answers', async () => {
    await t.http().delete(`/api/v1/customers/${i1.externalId}`).set(t.auth).expect(202);
    await t.app.get(ReportRollups).refresh();
    const after = await results({ ...MARCH, survey: 'visit' });
    // The choices stay (they are what these figures count); the words written go.
    const better = after.questions.find((q) => q.id === 'better')!;
    expect(better.answering).toEqual({ count: 11, identified: 4, anonymous: { count: 7 } });
    expect(better.distribution[0]).toMatchObject({ value: 'room', count: 8 });
    expect(after.questions.find((q) => q.id === 'note')!.answering).toEqual({
      count: 0,
      identified: 0,
      anonymous: { count: 0 },
    });

    // An answer given now counts at once (from the tables), and once after the rollups' run.
    await answer({ answers: { better: ['food'], clean: '1' } }, null);
    const today = async () => (await question({ survey: 'visit' }, 'better')).distribution;
    const food = async () => (await today()).find((item) => item.value === 'food');
    expect(await food()).toMatchObject({ count: 1, identified: 1 });
    await t.app.get(ReportRollups).refresh();
    expect(await food()).toMatchObject({ count: 1, identified: 1 });
  });
});

import { SurveysService } from '../../src/modules/surveys/surveys.service';
import { DEMO_SURVEY } from '../../src/modules/demo/demo-survey';
import { eventually } from '../support/eventually';
import { asUser, createUser, signIn } from '../support/factories';
import {
  answerIdentified,
  caseOf,
  startSurveyTestApp,
  type Invited,
  type SurveyTestApp,
} from '../support/survey-fixtures';

jest.setTimeout(120_000);

interface Explored {
  id: string;
  survey: string;
  band: string;
  comment: string | null;
  customer: { externalId: string; name: string | null } | null;
}
interface AnonymousPage {
  listed: boolean;
  count: number | null;
  items: Record<string, unknown>[];
  nextCursor: string | null;
}

/** The anonymous answers of the demo survey ('stay'): five of them say "huone" in some form. */
const STAY_ANONYMOUS = [
  { score: 1, comment: 'Huoneessa oli kylmä.', answers: { what_went_wrong: ['room'] } },
  { score: 2, comment: 'Huoneen siivous oli huono.' },
  { score: 1, comment: 'Huoneesta puuttuivat pyyhkeet.' },
  { score: 4, comment: 'Huone oli siisti.' },
  { score: 5, comment: 'Kiitos, huone oli upea!' },
  { score: 5 },
];
/** A small survey's anonymous answers: three in a month, never listed. */
const VISIT_ANONYMOUS = [
  { score: 1, comment: 'Virtanen at the desk was rude.' },
  { score: 3, comment: 'Visit was fine.' },
  { score: 5, comment: 'Visit was lovely.' },
];

/**
 * The responses explorer (issue 16): identified answers filtered, searched in English and Finnish
 * and read whole; anonymous ones only once released, without anything that identifies, and only
 * in groups of at least five; agents read their team's identified answers only.
 */
describe('the responses explorer', () => {
  let t: SurveyTestApp;
  let manager: ReturnType<typeof asUser>;
  let care: ReturnType<typeof asUser>;
  let billing: ReturnType<typeof asUser>;
  /** The API's period holding this month (anonymous answers count by the 16th of theirs). */
  let period: string;
  /** The console's: this month's first and last day. */
  let days: string;
  const answers: Record<'finnish' | 'english' | 'happy' | 'middling', string> = {
    finnish: '',
    english: '',
    happy: '',
    middling: '',
  };
  const secrets = { name: 'Salli Salainen', email: '' };

  const identifiedOf = async (user: ReturnType<typeof asUser>, query = '') =>
    (
      (await user.get(`/api/v1/responses/identified?${period}${query}`).expect(200)).body as {
        items: Explored[];
      }
    ).items;
  const anonymousOf = async (query = '') =>
    (await manager.get(`/api/v1/responses/anonymous?${period}${query}`).expect(200))
      .body as AnonymousPage;

  const answerAnonymously = async (invited: Invited, body: Record<string, unknown>) => {
    await t
      .http()
      .post(`/s/${invited.token}`)
      .set('accept', 'application/json')
      .send({ consent: 'anonymous', ...body })
      .expect(201);
  };
  const identified = async (
    name: keyof typeof answers,
    body: Record<string, unknown>,
    { customer = {}, invitation = {} }: Record<string, Record<string, unknown>> = {},
  ) => {
    const invited = await t.invite(customer, invitation);
    const locale = typeof customer.locale === 'string' ? customer.locale : 'en';
    await answerIdentified(t, invited, body, locale);
    const { rows } = await t.db.query<{ id: string }>(
      'SELECT id FROM responses WHERE invitation_id = $1',
      [invited.id],
    );
    answers[name] = rows[0].id;
    return invited;
  };
  const routeTo = async (invited: Invited, teamId: string | null) =>
    t.db.query('UPDATE follow_up_cases SET team_id = $1 WHERE id = $2', [
      teamId,
      await caseOf(t, invited.id),
    ]);

  beforeAll(async () => {
    t = await startSurveyTestApp();
    await t.app.get(SurveysService).createSurvey({ ...DEMO_SURVEY, key: 'visit', name: 'Visit' });
    const { rows } = await t.db.query<{ first: string; last: string; next: string }>(
      `SELECT m::date::text AS first, (m + interval '1 month - 1 day')::date::text AS last,
         (m + interval '1 month')::date::text AS next
       FROM date_trunc('month', now() AT TIME ZONE 'UTC') AS m`,
    );
    period = `from=${rows[0].first}&to=${rows[0].next}`;
    days = `from=${rows[0].first}&to=${rows[0].last}`;

    const people = await Promise.all([
      createUser(t.app, 'manager'),
      createUser(t.app, 'agent', 'Customer Care'),
      createUser(t.app, 'agent', 'Billing'),
    ]);
    const [lead, careAgent, billingAgent] = await Promise.all(
      people.map(async (p) => asUser(t.http, await signIn(t.http, p.email, p.password))),
    );
    manager = lead;
    care = careAgent;
    billing = billingAgent;

    // Identified: two unhappy answers whose cases go to a team each, a happy and a middling one.
    const finnish = await identified(
      'finnish',
      {
        score: 1,
        comment: 'Huone oli kylmä ja palvelu hidasta.',
        answers: { what_went_wrong: ['room'] },
      },
      { customer: { locale: 'fi', name: 'Aino Virta' } },
    );
    await routeTo(finnish, people[2].user.teamId);
    const english = await identified(
      'english',
      { score: 2, comment: 'The rooms were not cleaned.' },
      {
        invitation: {
          touchpoint: {
            type: 'checkout',
            reference: 'T-9',
            location: 'Helsinki Airport',
            channel: 'front desk',
            staff: { externalId: 'emp-7', name: 'Mikko' },
          },
        },
      },
    );
    await routeTo(english, people[1].user.teamId);
    await identified(
      'happy',
      { score: 5, comment: 'Lovely breakfast.' },
      { invitation: { survey: 'visit' } },
    );
    await identified('middling', { score: 3 });

    // Nine anonymous answers wait in the inbox: fewer than ten, none has waited a day. Five of the
    // demo survey's were at the airport: an anonymous answer keeps where, never who served.
    const atTheAirport = {
      touchpoint: {
        type: 'stay',
        location: 'Helsinki Airport',
        staff: { externalId: 'emp-7', name: 'Mikko' },
      },
    };
    for (const [survey, list] of [
      ['visit', VISIT_ANONYMOUS],
      ['stay', STAY_ANONYMOUS],
    ] as const) {
      for (const [i, body] of list.entries()) {
        const where = survey === 'stay' && i < 5 ? atTheAirport : {};
        const invited = await t.invite({ name: secrets.name }, { survey, ...where });
        secrets.email = invited.email;
        await answerAnonymously(invited, body);
      }
    }
  });
  afterAll(() => t?.close());

  it('shows no anonymous answer before its release, then each without identity', async () => {
    expect(await t.count('SELECT count(*)::int AS n FROM anonymous_response_inbox')).toBe(9);
    expect(await anonymousOf()).toEqual({
      listed: false,
      count: null,
      items: [],
      nextCursor: null,
    });

    // The tenth makes a batch: the release moves them all.
    await answerAnonymously(await t.invite({ name: secrets.name }), {
      score: 4,
      comment: 'Great staff.',
    });
    await eventually(
      async () =>
        expect(await t.count('SELECT count(*)::int AS n FROM anonymous_responses')).toBe(10),
      10_000,
    );
    const page = await anonymousOf();
    // The small survey's three are never listed: seven of the demo survey's are.
    expect(page.listed).toBe(true);
    expect(page.count).toBe(7);
    expect(page.items).toHaveLength(7);
    const month = period.slice(5, 12);
    for (const item of page.items) {
      expect(Object.keys(item).sort()).toEqual(
        ['band', 'comment', 'month', 'questions', 'scale', 'score', 'survey', 'surveyName'].sort(),
      );
      expect(item).toMatchObject({ survey: 'stay', month, scale: 'csat5' });
    }
    const cold = page.items.find((item) => item.comment === 'Huoneessa oli kylmä.');
    expect(cold).toMatchObject({
      score: 1,
      band: 'low',
      questions: [{ questionId: 'what_went_wrong', answer: ['The room'] }],
    });
    expect(page.items.map((item) => item.comment)).not.toContain('Virtanen at the desk was rude.');

    // The console shows them as they are: no name, no address, no link.
    const html = (await manager.get(`/console/responses?${days}`).expect(200)).text;
    const section = html.slice(html.indexOf('id="anonymous-heading"'));
    expect(section).toContain('7 anonymous answers match.');
    expect(section).toContain('“Huoneessa oli kylmä.”');
    expect(section).not.toMatch(/<a\s/);
    expect(html).not.toContain(secrets.name);
    expect(html).not.toContain(secrets.email);
    expect(html).not.toContain('Virtanen');
  });

  it('lists no anonymous answer where fewer than 5 match, and says so', async () => {
    await eventually(async () => expect((await anonymousOf()).count).toBe(7), 10_000);
    const fewer = { listed: false, count: null, items: [], nextCursor: null };
    // Three unhappy ones; the small survey's group; a search for its one comment.
    expect(await anonymousOf('&band=low')).toEqual(fewer);
    expect(await anonymousOf('&survey=visit')).toEqual(fewer);
    expect(await anonymousOf('&q=Virtanen')).toEqual(fewer);
    expect(await anonymousOf('&hasComment=false')).toEqual(fewer);
    // Another month: nothing there.
    expect(
      await manager.get('/api/v1/responses/anonymous?from=2026-01-01&to=2026-02-01').expect(200),
    ).toMatchObject({
      body: fewer,
    });
    const html = (await manager.get(`/console/responses?${days}&band=low`).expect(200)).text;
    expect(html).toContain('Fewer than 5 anonymous answers match these filters');
    expect(html).not.toContain('Huoneessa oli kylmä.');
    const touchpoint = (
      await manager.get(`/console/responses?${days}&touchpointType=stay`).expect(200)
    ).text;
    expect(touchpoint).toContain('Anonymous answers keep no touchpoint type');
    const staff = (await manager.get(`/console/responses?${days}&staff=emp-7`).expect(200)).text;
    expect(staff).toContain('Anonymous answers keep no member of staff');
    expect(await anonymousOf('&staff=emp-7')).toEqual(fewer);
    expect(await anonymousOf('&location=Helsinki%20Airport&band=high')).toEqual(fewer);
    // Five that say "huone" in some form are enough; so are the five at the airport.
    const found = await anonymousOf('&q=huoneesta');
    expect(found.count).toBe(5);
    const airport = await anonymousOf('&location=%20Helsinki%20Airport%20');
    expect(airport.count).toBe(5);
    expect(airport.items.map((item) => item.comment)).toContain('Huoneessa oli kylmä.');
  });

  it('pages anonymous answers by sealed cursors: each once, no id to be read', async () => {
    const seen: unknown[] = [];
    let cursor: string | null = null;
    do {
      const page: AnonymousPage = await anonymousOf(`&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((item) => item.comment));
      cursor = page.nextCursor;
      if (cursor) {
        const { rows } = await t.db.query<{ id: string }>(
          'SELECT id::text FROM anonymous_responses',
        );
        const text = Buffer.from(cursor, 'base64url').toString('latin1');
        for (const { id } of rows) expect(text).not.toContain(id);
      }
    } while (cursor && seen.length < 20);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
  });

  it('finds a Finnish comment by an inflected word, and an English one by its stem', async () => {
    for (const word of ['huoneessa', 'huoneesta', 'palvelusta']) {
      expect((await identifiedOf(manager, `&q=${word}`)).map((i) => i.id)).toEqual([
        answers.finnish,
      ]);
    }
    expect((await identifiedOf(manager, '&q=cleaning')).map((i) => i.id)).toEqual([
      answers.english,
    ]);
    expect((await identifiedOf(manager, '&q=room%20-cleaned')).map((i) => i.id)).toEqual([]);
    expect((await identifiedOf(manager, '&q=%22not%20cleaned%22')).map((i) => i.id)).toEqual([
      answers.english,
    ]);
    // No stemming would find neither: the words differ.
    expect(
      await t.count(
        `SELECT count(*)::int AS n FROM responses
         WHERE to_tsvector('simple', comment) @@ plainto_tsquery('simple', 'huoneessa')
            OR to_tsvector('simple', comment) @@ plainto_tsquery('simple', 'cleaning')`,
      ),
    ).toBe(0);
    const html = (await manager.get(`/console/responses?${days}&q=huoneessa`).expect(200)).text;
    expect(html).toContain('Huone oli kylmä ja palvelu hidasta.');
    expect(html).not.toContain('The rooms were not cleaned.');
  });

  it('combines filters', async () => {
    const ids = async (query: string) => (await identifiedOf(manager, query)).map((i) => i.id);
    expect((await ids('')).sort()).toEqual(Object.values(answers).sort());
    expect((await ids('&band=low')).sort()).toEqual([answers.finnish, answers.english].sort());
    expect(await ids('&band=low&touchpointType=checkout')).toEqual([answers.english]);
    expect(await ids('&band=high')).toEqual([answers.happy]);
    expect(await ids('&band=mid')).toEqual([answers.middling]);
    expect(await ids('&survey=visit&hasComment=true')).toEqual([answers.happy]);
    expect(await ids('&survey=stay&hasComment=false')).toEqual([answers.middling]);
    expect(await ids('&band=high&q=cleaning')).toEqual([]);
    expect(await ids('&q=breakfast&survey=visit&band=high')).toEqual([answers.happy]);
    expect(await ids('&location=Helsinki%20Airport')).toEqual([answers.english]);
    expect(await ids('&channel=front%20desk&staff=emp-7&band=low')).toEqual([answers.english]);
    expect(await ids('&staff=emp-7&band=high')).toEqual([]);
    expect(await ids('&channel=web')).toEqual([]);
    // The period: nothing before this month.
    const before = (
      await manager.get('/api/v1/responses/identified?from=2020-01-01&to=2020-02-01').expect(200)
    ).body as { items: unknown[] };
    expect(before.items).toEqual([]);
  });

  it("keeps the answers whose comment is about a topic, from the digest's link too", async () => {
    const someone = await createUser(t.app, 'admin');
    const admin = asUser(t.http, await signIn(t.http, someone.email, someone.password));
    const created = await admin
      .post('/api/v1/topics')
      .send({ names: { en: 'Cleaning', fi: 'Siivous' }, rules: { en: ['clean*'], fi: [] } })
      .expect(201);
    const topic = (created.body as { id: string }).id;
    // Made after the answers: their comments are tagged by the retag the new rule starts.
    await eventually(async () =>
      expect((await identifiedOf(manager, `&topic=${topic}`)).map((i) => i.id)).toEqual([
        answers.english,
      ]),
    );
    expect(await identifiedOf(manager, `&topic=${topic}&band=high`)).toEqual([]);
    const html = (await manager.get(`/console/responses?${days}&topic=${topic}`).expect(200)).text;
    expect(html).toContain('The rooms were not cleaned.');
    expect(html).not.toContain('Huone oli kylmä ja palvelu hidasta.');
    expect(html).toMatch(new RegExp(`<option value="${topic}" selected>Cleaning</option>`));
    const refused = await manager.get('/api/v1/responses/identified?topic=cleaning').expect(400);
    expect(refused.body.details).toEqual([{ field: 'topic', message: 'must be a topic id' }]);
  });

  it('gives an agent their team’s identified answers only, never anonymous ones', async () => {
    expect((await identifiedOf(billing)).map((i) => i.id)).toEqual([answers.finnish]);
    expect((await identifiedOf(care)).map((i) => i.id)).toEqual([answers.english]);
    await billing.get(`/api/v1/responses/${answers.english}`).expect(404);
    await billing.get(`/api/v1/responses/${answers.happy}`).expect(404);
    const read = (await billing.get(`/api/v1/responses/${answers.finnish}`).expect(200)).body as {
      caseId: string | null;
    };
    expect(read.caseId).toEqual(expect.any(String));
    await billing.get(`/api/v1/responses/anonymous?${period}`).expect(403);
    const refused = await billing.get(`/console/responses?kind=anonymous`).expect(403);
    expect(refused.text).toContain('Anonymous answers are for managers and admins');
    const page = (await billing.get(`/console/responses?${days}`).expect(200)).text;
    expect(page).toContain('Huone oli kylmä ja palvelu hidasta.');
    expect(page).not.toContain('The rooms were not cleaned.');
    expect(page).not.toContain('id="anonymous-heading"');
    expect(page).not.toContain('name="kind"');
    expect(page).toContain('href="/console/responses" aria-current="page"');
  });

  it('reads one answer whole, in words, with its customer and its case', async () => {
    const html = (await manager.get(`/console/responses/${answers.finnish}`).expect(200)).text;
    expect(html).toContain('Answer from Aino Virta');
    expect(html).toContain('What could have gone better?');
    expect(html).toContain('The room');
    expect(html).toContain('“Huone oli kylmä ja palvelu hidasta.”');
    expect(html).toContain('on a scale of 1 to 5');
    expect(html).toMatch(/href="\/console\/customers\/c-\d+"/);
    expect(html).toMatch(/href="\/console\/cases\/[0-9a-f-]{36}"/);
    const english = (await manager.get(`/console/responses/${answers.english}`).expect(200)).text;
    expect(english).toContain('Checkout T-9');
    expect(english).toContain('<dt>Where</dt><dd>Helsinki Airport, front desk</dd>');
    expect(english).toContain('<dt>Served by</dt><dd>Mikko</dd>');
    const api = (await manager.get(`/api/v1/responses/${answers.english}`).expect(200)).body as {
      touchpoint: unknown;
    };
    expect(api.touchpoint).toEqual({
      type: 'checkout',
      reference: 'T-9',
      occurredAt: null,
      location: 'Helsinki Airport',
      channel: 'front desk',
      staff: { externalId: 'emp-7', name: 'Mikko' },
    });
    const happy = (await manager.get(`/console/responses/${answers.happy}`).expect(200)).text;
    expect(happy).toContain('No case you can open');
    expect(happy).not.toContain('<dt>Where</dt>');
    await manager.get('/console/responses/not-an-id').expect(404);
    await manager.get('/console/responses/00000000-0000-4000-8000-000000000000').expect(404);
  });

  it('refuses bad filters with a 400 that says what is wrong', async () => {
    const refused = async (path: string, field: string, message: string) => {
      const response = await manager.get(path).expect(400);
      expect(response.body).toMatchObject({
        code: 'validation_failed',
        details: [{ field, message }],
      });
    };
    const api = '/api/v1/responses/identified';
    await refused(`${api}?band=awful`, 'band', 'must be low, mid or high');
    await refused(`${api}?hasComment=maybe`, 'hasComment', 'must be true or false');
    await refused(
      `${api}?from=2026-W01`,
      'from',
      'must be a date (YYYY-MM-DD) or a time (YYYY-MM-DDThh:mm:ssZ)',
    );
    await refused(`${api}?from=2026-11-05&to=2026-11-04`, 'to', 'must be later than from');
    await refused(`${api}?q=${'a'.repeat(201)}`, 'q', 'must be at most 200 characters');
    await refused(`${api}?staff=${'a'.repeat(201)}`, 'staff', 'must be at most 200 characters');
    await refused(`${api}?cursor=bm90LWpzb24`, 'cursor', 'must be a nextCursor this API returned');
    await refused(
      `/api/v1/responses/anonymous?cursor=bm90LWpzb24`,
      'cursor',
      'must be a nextCursor this API returned',
    );
    await refused(`${api}?topic=rooms`, 'topic', expect.any(String));
    const page = await manager.get('/console/responses?band=awful&to=2026-13-01').expect(400);
    expect(page.text).toContain('must be low, mid or high');
    const backwards = await manager
      .get('/console/responses?from=2026-11-05&to=2026-11-04')
      .expect(400);
    expect(backwards.text).toContain('must not be before from');
  });
});

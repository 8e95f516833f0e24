import { DEMO_SURVEY } from '../../src/modules/demo/demo-survey';
import { SurveysService } from '../../src/modules/surveys/surveys.service';
import { asUser, createUser, signIn } from '../support/factories';
import {
  answerIdentified,
  startSurveyTestApp,
  type SurveyTestApp,
} from '../support/survey-fixtures';

interface Item {
  id: string;
  survey: string;
  surveyVersion: number;
  customer: { externalId: string };
  invitationId: string;
  touchpoint: {
    type: string;
    reference: string | null;
    occurredAt: string | null;
    location: string | null;
    channel: string | null;
    staff: { externalId: string; name: string } | null;
  } | null;
  score: number;
  dissatisfied: boolean;
  comment: string | null;
  answers: unknown;
  submittedAt: string;
}

interface Page {
  items: Item[];
  nextCursor: string | null;
}

/** What each fixture answer was given as, and when (set afterwards, so the order is known). */
interface Given {
  survey?: string;
  score: number;
  comment?: string;
  touchpointType?: string | null;
  at: string;
}

const GIVEN: Given[] = [
  { score: 1, comment: 'The room was cold.', at: '2026-11-01T08:00:00Z' },
  { score: 2, at: '2026-11-02T08:00:00Z', touchpointType: 'checkout' },
  { score: 3, comment: 'Fine.', at: '2026-11-03T08:00:00Z', survey: 'visit' },
  // Two at the same instant: the id settles their order, and the cursor must keep it.
  { score: 4, at: '2026-11-04T08:00:00Z', touchpointType: null },
  { score: 5, comment: 'Lovely.', at: '2026-11-04T08:00:00Z' },
  { score: 2, comment: 'Slow check-in.', at: '2026-11-05T08:00:00Z', touchpointType: 'checkout' },
  { score: 5, at: '2026-11-06T08:00:00Z', survey: 'visit' },
];

/**
 * `GET /api/v1/responses`: identified answers for CRMs and managers, newest first, a keyset page
 * at a time, each read audited; anonymous answers are never among them.
 */
describe('GET /api/v1/responses', () => {
  let t: SurveyTestApp;
  let manager: ReturnType<typeof asUser>;
  let managerId: string;
  let agent: ReturnType<typeof asUser>;
  /** Response ids of GIVEN, in its order. */
  const ids: string[] = [];
  const anonymousInvitations: string[] = [];
  let detailed: { id: string; invitationId: string; externalId: string };

  const list = (query = '') => t.http().get(`/api/v1/responses${query}`).set(t.auth);
  const listed = async (query = '') => ((await list(query).expect(200)).body as Page).items;
  const idsOf = (items: Item[]) => items.map((item) => item.id);
  const givenIds = (where: (given: Given) => boolean) =>
    GIVEN.flatMap((given, i) => (where(given) ? [ids[i]] : []));
  /** Every answer, newest first, as the database orders them. */
  const newestFirst = async (ofIds: string[]) =>
    (
      await t.db.query<{ id: string }>(
        'SELECT id FROM responses WHERE id = ANY($1) ORDER BY submitted_at DESC, id DESC',
        [ofIds],
      )
    ).rows.map((row) => row.id);

  const answer = async (given: Given) => {
    const touchpoint =
      given.touchpointType === null
        ? { touchpoint: undefined }
        : given.touchpointType
          ? { touchpoint: { type: given.touchpointType, reference: 'T-1' } }
          : {};
    const invited = await t.invite({}, { survey: given.survey ?? 'stay', ...touchpoint });
    await answerIdentified(t, invited, { score: given.score, comment: given.comment });
    const { rows } = await t.db.query<{ id: string }>(
      `UPDATE responses SET submitted_at = $2 WHERE invitation_id = $1 RETURNING id`,
      [invited.id, given.at],
    );
    return rows[0].id;
  };

  beforeAll(async () => {
    t = await startSurveyTestApp({ ROLE: 'api' });
    await t.app.get(SurveysService).createSurvey({ ...DEMO_SURVEY, key: 'visit' });
    for (const given of GIVEN) ids.push(await answer(given));

    // One answered in full, to check every field of an item.
    const invited = await t.invite();
    await answerIdentified(t, invited, {
      answers: { what_went_wrong: ['room', 'billing'] },
      comment: 'Please call me.',
      preferences: [{ context: 'family_travel', channel: 'phone', contactTime: 'evening' }],
    });
    const { rows } = await t.db.query<{ id: string }>(
      `UPDATE responses SET submitted_at = '2026-10-01T08:00:00Z' WHERE invitation_id = $1
       RETURNING id`,
      [invited.id],
    );
    detailed = { id: rows[0].id, invitationId: invited.id, externalId: invited.externalId };

    for (const score of [1, 5]) {
      const anonymous = await t.invite();
      await t
        .http()
        .post(`/s/${anonymous.token}`)
        .set('accept', 'application/json')
        .send({ consent: 'anonymous', score, comment: 'Anonymous words.' })
        .expect(201);
      anonymousInvitations.push(anonymous.id);
    }

    const people = await Promise.all([createUser(t.app, 'manager'), createUser(t.app, 'agent')]);
    managerId = people[0].user.id;
    manager = asUser(t.http, await signIn(t.http, people[0].email, people[0].password));
    agent = asUser(t.http, await signIn(t.http, people[1].email, people[1].password));
  });
  afterAll(() => t.close());

  it('pages newest first with a small limit: every answer once, none missed, ties kept', async () => {
    const all = [...ids, detailed.id];
    const seen: Item[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await list(query).expect(200)).body as Page;
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 20);

    // Eight answers in threes; the two given at the same instant straddle the first boundary.
    expect(pages).toBe(3);
    expect(idsOf(seen)).toEqual(await newestFirst(all));
    expect(new Set(idsOf(seen)).size).toBe(all.length);
    const times = seen.map((item) => Date.parse(item.submittedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(idsOf(seen).slice(2, 4).sort()).toEqual([ids[3], ids[4]].sort());
  });

  it('shows an answer with its survey, customer, touchpoint, stored answers and comment', async () => {
    const item = (await listed('?before=2026-10-02T00:00:00Z')).find((i) => i.id === detailed.id);
    expect(item).toEqual({
      id: detailed.id,
      survey: 'stay',
      surveyVersion: 1,
      customer: { externalId: detailed.externalId },
      invitationId: detailed.invitationId,
      touchpoint: {
        type: 'stay',
        reference: expect.stringMatching(/^R-/),
        occurredAt: '2026-11-20T10:00:00.000Z',
        location: null,
        channel: null,
        staff: null,
      },
      score: 1,
      dissatisfied: true,
      comment: 'Please call me.',
      answers: {
        questions: { what_went_wrong: ['room', 'billing'] },
        preferences: [
          { context: 'family_travel', channel: 'phone', contactTime: 'evening', interests: [] },
        ],
      },
      submittedAt: '2026-10-01T08:00:00.000Z',
    });
    const untouched = (await listed('?from=2026-11-04T00:00:00Z')).find((i) => i.id === ids[3]);
    expect(untouched?.touchpoint).toBeNull();
  });

  it('never lists anonymous answers', async () => {
    const items = await listed('?limit=200');
    expect(items).toHaveLength(GIVEN.length + 1);
    const invitations = items.map((item) => item.invitationId);
    for (const invitation of anonymousInvitations) expect(invitations).not.toContain(invitation);
    expect(items.map((item) => item.comment)).not.toContain('Anonymous words.');
  });

  it('filters by survey key, touchpoint type and comment', async () => {
    expect(idsOf(await listed('?survey=visit'))).toEqual(
      await newestFirst(givenIds((g) => g.survey === 'visit')),
    );
    expect(await listed('?survey=no-such-survey')).toEqual([]);
    expect(idsOf(await listed('?touchpointType=checkout'))).toEqual(
      await newestFirst(givenIds((g) => g.touchpointType === 'checkout')),
    );
    const commented = await newestFirst([...givenIds((g) => g.comment !== undefined), detailed.id]);
    expect(idsOf(await listed('?hasComment=true'))).toEqual(commented);
    expect(idsOf(await listed('?hasComment=false'))).toEqual(
      await newestFirst(givenIds((g) => g.comment === undefined)),
    );
  });

  it('filters by score, both ends inclusive', async () => {
    expect(idsOf(await listed('?minScore=2&maxScore=3'))).toEqual(
      await newestFirst(givenIds((g) => g.score >= 2 && g.score <= 3)),
    );
    expect(idsOf(await listed('?minScore=5'))).toEqual(
      await newestFirst(givenIds((g) => g.score === 5)),
    );
    expect(idsOf(await listed('?maxScore=1'))).toEqual(
      await newestFirst([...givenIds((g) => g.score === 1), detailed.id]),
    );
  });

  it('filters by when it was submitted: from inclusive, before exclusive', async () => {
    const items = await listed('?from=2026-11-02T08:00:00Z&before=2026-11-04T08:00:00Z');
    expect(idsOf(items)).toEqual(await newestFirst([ids[1], ids[2]]));
    // Pages keep to the window.
    const window = '?from=2026-11-04T00:00:00Z&limit=2';
    const first = (await list(window).expect(200)).body as Page;
    expect(first.nextCursor).not.toBeNull();
    const second = (await list(`${window}&cursor=${first.nextCursor}`).expect(200)).body as Page;
    expect(second.nextCursor).toBeNull();
    expect(idsOf([...first.items, ...second.items])).toEqual(
      await newestFirst([ids[3], ids[4], ids[5], ids[6]]),
    );
  });

  it('refuses bad queries with a 400 that says what is wrong', async () => {
    const refused = async (query: string, field: string, message: string) => {
      const response = await list(query).expect(400);
      expect(response.body).toMatchObject({
        code: 'validation_failed',
        message: `The request is not valid: ${field} ${message}.`,
        details: [{ field, message }],
      });
    };
    const fake = (values: unknown) => Buffer.from(JSON.stringify(values)).toString('base64url');
    const cursor = 'must be a nextCursor this API returned';
    await refused('?cursor=not%20a%20cursor', 'cursor', cursor);
    await refused('?cursor=bm90LWpzb24', 'cursor', cursor);
    await refused(`?cursor=${fake(['2026-11-01 08:00:00+00'])}`, 'cursor', cursor);
    await refused(`?cursor=${fake(['yesterday', ids[0]])}`, 'cursor', cursor);
    await refused(`?cursor=${fake(['2026-02-30 08:00:00+00', ids[0]])}`, 'cursor', cursor);
    await refused(`?cursor=${fake(['2026-11-01 08:00:00+00', 'nobody'])}`, 'cursor', cursor);
    const score = 'must be a whole number from 0 to 10';
    await refused('?minScore=11', 'minScore', score);
    await refused('?maxScore=-1', 'maxScore', score);
    await refused('?maxScore=2.5', 'maxScore', score);
    await refused('?minScore=', 'minScore', score);
    await refused('?minScore=high', 'minScore', score);
    // ISO 8601 but no instant PostgreSQL takes: a week date, a bare year or month.
    for (const date of ['2026-W01', '2026', '2026-11']) {
      await refused(
        `?from=${date}`,
        'from',
        'must be a date (YYYY-MM-DD) or a time (YYYY-MM-DDThh:mm:ssZ)',
      );
    }
    await refused(
      '?from=2026-11-04T00:00:00Z&before=2026-11-04T00:00:00Z',
      'before',
      'must be later than from',
    );
    await refused('?from=2026-11-05&before=2026-11-04', 'before', 'must be later than from');
    await refused('?from=last-week', 'from', 'must be an ISO 8601 date or time');
    await refused('?hasComment=yes', 'hasComment', 'must be true or false');
    await refused('?limit=0', 'limit', 'must be a whole number from 1 to 200');
    const unknown = await list('?team=x').expect(400);
    expect(unknown.body.details).toEqual([{ field: 'team', message: expect.any(String) }]);
  });

  it('is for integrations, managers and admins: 401 without a caller, 403 for an agent', async () => {
    const anonymous = await t.http().get('/api/v1/responses').expect(401);
    expect(anonymous.body.code).toBe('authentication_required');
    const refused = await agent.get('/api/v1/responses').expect(403);
    expect(refused.body).toMatchObject({ code: 'forbidden', message: expect.any(String) });
    const page = (await manager.get('/api/v1/responses?limit=3').expect(200)).body as Page;
    expect(idsOf(page.items)).toEqual((await newestFirst([...ids, detailed.id])).slice(0, 3));
  });

  it('audits every page read, by whom and from where; refusals leave nothing', async () => {
    const rows = (actor: string) =>
      t.db.query<{ action: string; subject_type: string; subject_id: string; ip: string }>(
        `SELECT action, subject_type, subject_id, ip FROM audit_events
         WHERE actor_user_id = $1 AND action = 'responses.listed' ORDER BY id`,
        [actor],
      );
    const before = (await rows(managerId)).rows.length;
    await manager.get('/api/v1/responses?survey=visit').expect(200);
    // Recorded before the page was sent: no waiting needed, and none allowed.
    const trail = (await rows(managerId)).rows;
    expect(trail).toHaveLength(before + 1);
    expect(trail.at(-1)).toEqual({
      action: 'responses.listed',
      subject_type: 'responses',
      subject_id: '',
      ip: expect.any(String),
    });
    await manager.get('/api/v1/responses?hasComment=maybe').expect(400);
    expect((await rows(managerId)).rows).toHaveLength(before + 1);

    const keyReads = await t.count(
      `SELECT count(*)::int AS n FROM audit_events
       WHERE actor_api_key_id IS NOT NULL AND action = 'responses.listed'`,
    );
    await list().expect(200);
    expect(
      await t.count(
        `SELECT count(*)::int AS n FROM audit_events
         WHERE actor_api_key_id IS NOT NULL AND action = 'responses.listed'`,
      ),
    ).toBe(keyReads + 1);
  });

  it('appears in the OpenAPI document', async () => {
    // Served to a signed-in person whatever API_DOCS says (public or private).
    const docs = await manager.get('/api/docs-json').expect(200);
    const operation = docs.body.paths['/api/v1/responses']?.get;
    expect(operation?.tags).toEqual(['Responses']);
    expect(operation?.parameters.map((p: { name: string }) => p.name).sort()).toEqual([
      'before',
      'cursor',
      'from',
      'hasComment',
      'limit',
      'maxScore',
      'minScore',
      'survey',
      'touchpointType',
    ]);
  });
});

import { asUser, createUser, signIn, type SignedIn } from '../support/factories';
import { startSurveyTestApp, type SurveyTestApp, unhappyCase } from '../support/survey-fixtures';

/**
 * `GET /api/v1/cases` with the console queue's search (`q`), views and sorts: the same cases as
 * `/console/cases` finds, as the API's case rows, paged by keyset; bad values a 400 naming the
 * field. Without them the list and its cursors are as they were.
 */
describe('GET /api/v1/cases: search, views and sorts', () => {
  let t: SurveyTestApp;
  let session: SignedIn;
  let otherTeam: SignedIn;
  let agentId: string;
  const cases: Record<string, string> = {};

  const list = (query: string, as = session) =>
    asUser(t.http, as).get(`/api/v1/cases?${query}`).expect(200);
  const ids = async (query: string, as = session) =>
    ((await list(query, as)).body as { items: { id: string }[] }).items.map((c) => c.id);
  const set = (caseId: string, sql: string, params: unknown[] = []) =>
    t.db.query(`UPDATE follow_up_cases SET ${sql} WHERE id = $1`, [caseId, ...params]);

  beforeAll(async () => {
    t = await startSurveyTestApp();
    const agent = await createUser(t.app, 'agent', 'Customer Care');
    const billing = await createUser(t.app, 'agent', 'Billing');
    agentId = agent.user.id;
    session = await signIn(t.http, agent.email, agent.password);
    otherTeam = await signIn(t.http, billing.email, billing.password);
    cases.searched = (
      await unhappyCase(t, 1, {
        customer: { name: 'Philippa Pemberton-Oakes', email: 'pippa.p@example.com' },
        answer: { comment: 'The kettle whistled like a steam engine' },
      })
    ).caseId;
    cases.other = (await unhappyCase(t, 2)).caseId;
    cases.mine = (await unhappyCase(t, 2)).caseId;
    await set(cases.mine, `status = 'assigned', assignee_id = $2, team_id = $3`, [
      agentId,
      agent.user.teamId,
    ]);
  });
  afterAll(() => t.close());

  it('finds a case by the customer’s email, name and a word of the comment', async () => {
    for (const q of [
      'pippa.p@example.com',
      'Pemberton-Oakes',
      'philippa',
      'kettle',
      'STEAM whis',
    ]) {
      const response = await list(`q=${encodeURIComponent(q)}`);
      expect({ q, ids: response.body.items.map((c: { id: string }) => c.id) }).toEqual({
        q,
        ids: [cases.searched],
      });
    }
    // The rows are the API's cases, as the plain list gives them.
    const [found] = (await list('q=kettle')).body.items;
    const plain = (await list('limit=200')).body.items.find(
      (c: { id: string }) => c.id === cases.searched,
    );
    expect(found).toEqual(plain);
    expect(found).toMatchObject({ status: 'open', customer: { name: 'Philippa Pemberton-Oakes' } });
    // All words must match; nothing searchable finds nothing; another team's agent sees no more
    // than their scope.
    expect(await ids('q=kettle+piano')).toEqual([]);
    expect(await ids('q=%21%21%21')).toEqual([]);
    await set(cases.searched, `team_id = (SELECT team_id FROM users WHERE id = $2)`, [agentId]);
    expect(await ids('q=kettle', otherTeam)).toEqual([]);
    expect(await ids('q=kettle')).toEqual([cases.searched]);
    await set(cases.searched, 'team_id = NULL');
  });

  it('gives a view’s cases, and narrows a search to it', async () => {
    expect(await ids('view=waiting_on_me')).toEqual([cases.mine]);
    expect((await ids('view=team_unassigned')).sort()).toEqual(
      [cases.searched, cases.other].sort(),
    );
    expect(await ids('view=waiting_on_me&q=kettle')).toEqual([]);
    expect(await ids('view=team_unassigned&q=kettle')).toEqual([cases.searched]);
    // With the other filters too.
    expect(await ids('view=all&status=assigned')).toEqual([cases.mine]);
  });

  it('sorts, and pages each sort by keyset without repeating a case', async () => {
    // Unhappiest first (1, then the two 2s oldest first).
    expect(await ids('sort=score')).toEqual([cases.searched, cases.other, cases.mine]);
    const { rows } = await t.db.query<{ id: string }>(
      `SELECT id FROM follow_up_cases ORDER BY created_at, id`,
    );
    const oldestFirst = rows.map((r) => r.id);
    expect(await ids('sort=oldest')).toEqual(oldestFirst);
    expect(await ids('sort=newest')).toEqual([...oldestFirst].reverse());
    // Without a view, sort or search: the plain list, newest first, as before.
    expect(await ids('')).toEqual([...oldestFirst].reverse());

    for (const sort of ['oldest', 'score', 'due']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`;
        const page = (await list(query)).body as { items: { id: string }[]; nextCursor: string };
        seen.push(...page.items.map((c) => c.id));
        cursor = page.nextCursor;
      } while (cursor && seen.length < 10);
      expect({ sort, seen }).toEqual({ sort, seen: await ids(`sort=${sort}`) });
      expect(seen).toHaveLength(3);
    }
  });

  it('refuses a bad view, sort, search or cursor with 400 naming the field in a sentence', async () => {
    for (const [query, field, message] of [
      [
        'view=everything',
        'view',
        'must be one of waiting_on_me, waiting_on_customer, team_unassigned, team_in_progress, overdue, recently_closed, all',
      ],
      ['sort=sideways', 'sort', 'must be one of due, priority, score, newest, oldest, activity'],
      [`q=${'a'.repeat(201)}`, 'q', 'must be at most 200 characters'],
    ]) {
      const refused = await asUser(t.http, session).get(`/api/v1/cases?${query}`).expect(400);
      expect({ query, body: refused.body as unknown }).toEqual({
        query,
        body: expect.objectContaining({
          code: 'validation_failed',
          message: `The request is not valid: ${field} ${message}.`,
          details: [{ field, message }],
        }) as unknown,
      });
    }
    // A cursor of another sort, or of the plain list, is not one of this sort's.
    const byScore = (await list('sort=score&limit=1')).body.nextCursor as string;
    const plain = (await list('limit=1')).body.nextCursor as string;
    for (const query of [`sort=oldest&cursor=${byScore}`, `sort=newest&cursor=${plain}`]) {
      const refused = await asUser(t.http, session).get(`/api/v1/cases?${query}`).expect(400);
      expect(refused.body.details).toEqual([
        { field: 'cursor', message: expect.stringContaining('with the same sort') as string },
      ]);
    }
  });
});

import { createUser, signIn, type SignedIn } from '../support/factories';
import {
  answerIdentified,
  startSurveyTestApp,
  type SurveyTestApp,
} from '../support/survey-fixtures';

/**
 * `/console/leaderboard` (issue 16): both leaderboards, places and people, for the dashboard's
 * period (the last 30 days unless it says), in words; for managers and admins, not agents.
 */
describe('the leaderboard page', () => {
  let t: SurveyTestApp;
  let manager: SignedIn;

  beforeAll(async () => {
    t = await startSurveyTestApp();
    const lead = await createUser(t.app, 'manager');
    manager = await signIn(t.http, lead.email, lead.password);
    const served = [
      ['Helsinki Airport hotel', { externalId: 'E-1', name: 'Aino Virtanen' }, 5],
      ['Helsinki Airport hotel', { externalId: 'E-1', name: 'Aino Virtanen' }, 4],
      ['Helsinki Airport hotel', { externalId: 'E-1', name: 'Aino Virtanen' }, 5],
      ['Tampere Station', { externalId: 'E-2', name: 'Bea Berg' }, 2],
      ['Tampere Station', { externalId: 'E-2', name: 'Bea Berg' }, 4],
      ['Tampere Station', { externalId: 'E-3', name: 'Cai Carlsson' }, 5],
    ] as const;
    for (const [location, staff, score] of served) {
      const invited = await t.invite({}, { touchpoint: { type: 'stay', location, staff } });
      await answerIdentified(t, invited, { score });
    }
  });
  afterAll(() => t?.close());

  const get = (path: string, session = manager) => t.http().get(path).set('cookie', session.cookie);
  const table = (html: string, id: string) =>
    new RegExp(`<table id="${id}">([\\s\\S]*?)</table>`).exec(html)?.[1] ?? '';

  it('ranks places and people by CSAT over the last 30 days', async () => {
    const page = (await get('/console/leaderboard?minAnswers=2').expect(200)).text;
    expect(page).toContain('Where customers were happiest');
    expect(page).toContain('Only those with at least 2 CSAT answers in the period are ranked.');
    expect(table(page, 'leaderboard-locations')).toMatch(
      /<td>1<\/td><th scope="row">Helsinki Airport hotel<\/th><td>100\.0 %<\/td><td>4\.67<\/td><td>3<\/td>[\s\S]*<td>2<\/td><th scope="row">Tampere Station<\/th><td>66\.7 %<\/td><td>3\.67<\/td><td>3<\/td>/,
    );
    const staff = table(page, 'leaderboard-staff');
    expect(staff).toMatch(/<td>1<\/td><th scope="row">Aino Virtanen<\/th>/);
    expect(staff).toMatch(/<td>2<\/td><th scope="row">Bea Berg<\/th><td>50\.0 %<\/td>/);
    expect(staff).not.toContain('Cai Carlsson'); // one answer: not ranked at two
  });

  it('says so when nobody has enough answers yet (the configured 10 by default)', async () => {
    const page = (await get('/console/leaderboard').expect(200)).text;
    expect(page).toContain('No location has 10 CSAT answers in this period.');
    expect(page).toContain('No member of staff has 10 CSAT answers in this period.');
  });

  it('is linked from the dashboard with its period and survey', async () => {
    const dashboard = (
      await get('/console/dashboard?from=2026-03-01&to=2026-03-31&survey=stay').expect(200)
    ).text;
    expect(dashboard).toContain(
      'href="/console/leaderboard?from=2026-03-01&amp;to=2026-03-31&amp;survey=stay"',
    );
  });

  it('keeps the period and survey of the dashboard, and links back to it', async () => {
    const page = (
      await get('/console/leaderboard?from=2026-03-01&to=2026-03-31&survey=stay').expect(200)
    ).text;
    expect(page).toContain('2026-03-01 to 2026-03-31');
    expect(page).toContain('<option value="stay" selected>');
    // Handlebars writes = and & as entities in an attribute.
    expect(page).toContain(
      'href="/console/dashboard?from&#x3D;2026-03-01&amp;to&#x3D;2026-03-31&amp;survey&#x3D;stay"',
    );
  });

  it('refuses a bad minimum with a sentence, and agents', async () => {
    const refused = (await get('/console/leaderboard?minAnswers=0').expect(400)).text;
    expect(refused).toContain(
      'minAnswers must be a whole number of answers, 1 to 100000. Showing the last 30 days instead.',
    );
    const agent = await createUser(t.app, 'agent');
    await get('/console/leaderboard', await signIn(t.http, agent.email, agent.password)).expect(
      403,
    );
  });
});

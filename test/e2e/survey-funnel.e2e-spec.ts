import { eventually } from '../support/eventually';
import { asUser, createUser, signIn } from '../support/factories';
import { form, startSurveyTestApp, type SurveyTestApp } from '../support/survey-fixtures';

/**
 * The survey funnel: delivered → opened by a person → consent chosen → answered, per survey.
 * A link scanner fetching the page's HTML (GET or HEAD) opens nothing; a browser showing the page
 * loads its stylesheet, which does.
 */
describe('the survey funnel (worker running)', () => {
  let t: SurveyTestApp;
  beforeAll(async () => {
    t = await startSurveyTestApp();
  });
  afterAll(() => t?.close());

  const funnelStep = async (invitationId: string) =>
    (
      await t.db.query<{ opened: boolean; chosen: boolean; answered: boolean }>(
        `SELECT opened_at IS NOT NULL AS opened, consent_chosen_at IS NOT NULL AS chosen,
           answered_at IS NOT NULL AS answered FROM invitations WHERE id = $1`,
        [invitationId],
      )
    ).rows[0];

  it('counts a person opening, choosing and answering, never a scanner fetching the link', async () => {
    const [scanned, opened, chose, answered] = [
      await t.invite(),
      await t.invite(),
      await t.invite(),
      await t.invite(),
    ];
    await eventually(async () =>
      expect(
        await t.count(
          `SELECT count(*)::int AS n FROM invitations WHERE id = ANY($1::uuid[]) AND sent_at IS NOT NULL`,
          [[scanned.id, opened.id, chose.id, answered.id]],
        ),
      ).toBe(4),
    );

    // A scanner: the HTML, twice, and a HEAD.
    await t.http().get(`/s/${scanned.token}`).expect(200);
    await t.http().get(`/s/${scanned.token}?score=1`).expect(200);
    await t.http().head(`/s/${scanned.token}`).expect(200);
    expect(await funnelStep(scanned.id)).toEqual({ opened: false, chosen: false, answered: false });

    // A person: the page and its stylesheet, as a browser loads them.
    const page = await t.http().get(`/s/${opened.token}`).expect(200);
    const stylesheet = /<link rel="stylesheet" href="([^"]+opened\.css)">/.exec(page.text)![1];
    expect(stylesheet).toBe(`/s/${opened.token}/opened.css`);
    const css = await t.http().get(stylesheet).expect(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.headers['cache-control']).toBe('no-store');
    await t.http().get(stylesheet).expect(200);
    expect(await funnelStep(opened.id)).toEqual({ opened: true, chosen: false, answered: false });

    // A choice posted without a score: refused, but the choice was made.
    await t
      .http()
      .post(`/s/${chose.token}`)
      .type('form')
      .send(form({ consent: 'anonymous' }))
      .expect(400);
    expect(await funnelStep(chose.id)).toEqual({ opened: true, chosen: true, answered: false });

    await t
      .http()
      .post(`/s/${answered.token}`)
      .type('form')
      .send(form({ consent: 'anonymous', score: '4' }))
      .expect(303);
    expect(await funnelStep(answered.id)).toEqual({ opened: true, chosen: true, answered: true });

    await t.http().get('/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/opened.css').expect(404);

    const report = await t.http().get('/api/v1/reports/funnel?survey=stay').set(t.auth).expect(200);
    expect(report.body.surveys).toEqual([
      expect.objectContaining({ survey: 'stay', name: 'Your stay with us' }),
    ]);
    const [stay] = report.body.surveys as Record<string, number>[];
    // Earlier tests of this file may have sent more: these four moved the counts by this much.
    expect(stay.sent).toBeGreaterThanOrEqual(4);
    expect(stay).toMatchObject({ opened: 3, consentChosen: 2, answered: 1 });
    expect(stay.delivered).toBe(stay.sent);

    // The manager's dashboard shows it per survey.
    const boss = await createUser(t.app, 'manager');
    const manager = await signIn(t.http, boss.email, boss.password);
    const dashboard = await asUser(t.http, manager)
      .get('/console/dashboard?survey=stay')
      .expect(200);
    expect(dashboard.text).toContain('<h2>Where customers drop off</h2>');
    expect(dashboard.text).toContain(
      `<tr><th scope="row">Your stay with us</th><td>${stay.sent} <span class="muted">(100 %)</span></td>`,
    );
  });
});

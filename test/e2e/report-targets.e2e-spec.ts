import { presetDays } from '../../src/modules/console/dashboard-presets';
import { ReportRollups } from '../../src/modules/reports/report-rollups';
import { asUser, createUser, signIn } from '../support/factories';
import { startSurveyTestApp, type SurveyTestApp, unhappyCase } from '../support/survey-fixtures';

jest.setTimeout(60_000);

const MARCH = { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' };

/**
 * Targets and signals (issue 16) over three unhappy customers moved into the past:
 *   March: A (score 1, 5 March, team Care, resolved) and B (score 2, 10 March, not routed, open);
 *   the period before (29 January – 28 February): C (score 1, 20 February, team Care, open).
 * So March's resolution rate is 0.5 against 0 before (better), Care's is 1 against 0.
 */
describe('KPI targets and the summary’s signals', () => {
  let t: SurveyTestApp;
  let manager: ReturnType<typeof asUser>;
  let managerSession: { cookie: string; csrfToken: string };
  let admin: ReturnType<typeof asUser>;
  let care: string;
  let billing: string;

  beforeAll(async () => {
    t = await startSurveyTestApp();
    const boss = await createUser(t.app, 'manager', 'Care');
    care = boss.user.teamId as string;
    billing = (await createUser(t.app, 'agent', 'Billing')).user.teamId as string;
    managerSession = await signIn(t.http, boss.email, boss.password);
    manager = asUser(t.http, managerSession);
    const root = await createUser(t.app, 'admin', 'Care');
    admin = asUser(t.http, await signIn(t.http, root.email, root.password));

    const place = async (score: number, at: string, fields: Record<string, unknown>) => {
      const { caseId, invited } = await unhappyCase(t, score);
      await t.db.query('UPDATE invitations SET sent_at = $2 WHERE id = $1', [invited.id, at]);
      await t.db.query('UPDATE responses SET submitted_at = $2 WHERE invitation_id = $1', [
        invited.id,
        at,
      ]);
      const names = Object.keys(fields);
      await t.db.query(
        `UPDATE follow_up_cases SET created_at = $2, first_contact_due_at = $2::timestamptz + interval '1 day',
           resolution_due_at = $2::timestamptz + interval '5 days'
           ${names.map((name, i) => `, ${name} = $${i + 3}`).join('')} WHERE id = $1`,
        [caseId, at, ...Object.values(fields)],
      );
    };
    await place(1, '2026-03-05T10:00:00Z', {
      team_id: care,
      status: 'resolved',
      first_contacted_at: '2026-03-05T12:00:00Z',
      resolved_at: '2026-03-06T10:00:00Z',
      root_cause: 'billing',
    });
    await place(2, '2026-03-10T10:00:00Z', { team_id: null });
    await place(1, '2026-02-20T10:00:00Z', { team_id: care });
    await t.app.get(ReportRollups).rebuild();
  });
  afterAll(() => t?.close());

  const query = (params: Record<string, string>) => new URLSearchParams(params).toString();
  const summary = async (params: Record<string, string> = {}) =>
    (await manager.get(`/api/v1/reports/summary?${query({ ...MARCH, ...params })}`).expect(200))
      .body as {
      kpis: Record<string, number | null>;
      targets: Record<string, { value: number } | null>;
      signals: Record<string, { signal: string; change: string; target: string | null }>;
    };
  const remove = (params: Record<string, string>) =>
    t
      .http()
      .delete(`/api/v1/reports/targets?${query(params)}`)
      .set('cookie', managerSession.cookie)
      .set('x-csrf-token', managerSession.csrfToken);

  it('refuses a target it could not judge, each with a sentence', async () => {
    const refused = async (body: Record<string, unknown>) =>
      (await manager.put('/api/v1/reports/targets').send(body).expect(400)).body as {
        message: string;
        details: { field: string; message: string }[];
      };
    expect((await refused({ kpi: 'happiness', value: 1 })).details[0].message).toMatch(
      /^must be one of the KPIs: invitationsSent, /,
    );
    expect((await refused({ kpi: 'responseRate', value: 80 })).message).toBe(
      'The request is not valid: value must be a fraction from 0 to 1 (0.8 is 80 %) for responseRate.',
    );
    expect((await refused({ kpi: 'invitationsSent', value: 100 })).details).toEqual([
      {
        field: 'kpi',
        message:
          'invitationsSent counts how many, not how well: no direction is better, so it takes no target',
      },
    ]);
    expect((await refused({ kpi: 'csatMean', value: 4, team: care })).details[0].field).toBe(
      'team',
    );
    expect((await refused({ kpi: 'csatMean', value: 4, survey: 'nope' })).details).toEqual([
      { field: 'survey', message: 'is no survey key here' },
    ]);
    expect(
      (
        await refused({
          kpi: 'resolutionRate',
          value: 0.5,
          team: '00000000-0000-4000-8000-000000000000',
        })
      ).details,
    ).toEqual([{ field: 'team', message: 'is no team here' }]);
    expect((await refused({ kpi: 'csatMean', value: '4' })).details[0]).toEqual({
      field: 'value',
      message: 'must be a number',
    });
    await manager.put('/api/v1/reports/targets').send({ kpi: 'nps', value: 1, x: 1 }).expect(400);
    expect(await t.count('SELECT count(*)::int AS n FROM kpi_targets')).toBe(0);
  });

  it('lets managers and admins set targets, integrations read them, agents neither', async () => {
    const created = await manager
      .put('/api/v1/reports/targets')
      .send({ kpi: 'resolutionRate', value: 0.9 })
      .expect(201);
    expect(created.body).toMatchObject({
      kpi: 'resolutionRate',
      survey: null,
      team: null,
      value: 0.9,
      setBy: { name: expect.stringMatching(/^manager \d+$/) as string },
    });
    // The same scope again replaces it, and says who set it last.
    const replaced = await admin
      .put('/api/v1/reports/targets')
      .send({ kpi: 'resolutionRate', value: 0.8, survey: null, team: null })
      .expect(200);
    expect(replaced.body).toMatchObject({ id: created.body.id, value: 0.8 });
    expect(replaced.body.setBy.name).toMatch(/^admin \d+$/);

    const agent = await createUser(t.app, 'agent', 'Care');
    const asAgent = asUser(t.http, await signIn(t.http, agent.email, agent.password));
    await asAgent.get('/api/v1/reports/targets').expect(403);
    await asAgent.put('/api/v1/reports/targets').send({ kpi: 'nps', value: 10 }).expect(403);
    await t
      .http()
      .put('/api/v1/reports/targets')
      .set(t.auth)
      .send({ kpi: 'nps', value: 10 })
      .expect(403);
    const read = await t.http().get('/api/v1/reports/targets').set(t.auth).expect(200);
    expect(read.body.items).toHaveLength(1);
  });

  it('answers each KPI with the most specific target for the filter, and its signal', async () => {
    for (const [scope, value] of [
      [{ team: care }, 0.6],
      [{ survey: 'stay' }, 0.7],
      [{ survey: 'stay', team: care }, 0.95],
    ] as const) {
      await manager
        .put('/api/v1/reports/targets')
        .send({ kpi: 'resolutionRate', value, ...scope })
        .expect(201);
    }
    await manager
      .put('/api/v1/reports/targets')
      .send({ kpi: 'medianHoursToFirstContact', value: 4 })
      .expect(201);
    const listed = await manager.get('/api/v1/reports/targets').expect(200);
    expect(listed.body.items).toHaveLength(5);
    expect(listed.body.items[0]).toMatchObject({ kpi: 'medianHoursToFirstContact' });
    expect(listed.body.items).toContainEqual(
      expect.objectContaining({
        kpi: 'resolutionRate',
        survey: { key: 'stay', name: expect.any(String) as string },
        team: { id: care, name: 'Care' },
        value: 0.95,
      }),
    );

    const all = await summary();
    expect(all.kpis.resolutionRate).toBe(0.5);
    expect(all.targets.resolutionRate).toMatchObject({ value: 0.8, survey: null, team: null });
    // Better than February's 0, but under the company's 0.8: bad.
    expect(all.signals.resolutionRate).toEqual({ signal: 'bad', change: 'good', target: 'missed' });
    // Two hours to A's first contact, under four: met. No target, no judgement of volume.
    expect(all.signals.medianHoursToFirstContact).toMatchObject({ signal: 'good', target: 'met' });
    expect(all.targets.casesOpened).toBeNull();
    expect(all.signals.casesOpened).toEqual({ signal: 'neutral', change: 'neutral', target: null });

    expect((await summary({ team: care })).targets.resolutionRate?.value).toBe(0.6);
    expect((await summary({ survey: 'stay' })).targets.resolutionRate?.value).toBe(0.7);
    const careStay = await summary({ survey: 'stay', team: care });
    expect(careStay.targets.resolutionRate?.value).toBe(0.95);
    // Care resolved A, its one March case: 1 against 0.95.
    expect(careStay.signals.resolutionRate).toEqual({
      signal: 'good',
      change: 'good',
      target: 'met',
    });
    // Another team has none of its own: the company's.
    expect((await summary({ team: billing })).targets.resolutionRate?.value).toBe(0.8);
  });

  it('removes a target, and the next most specific one applies', async () => {
    await remove({ kpi: 'resolutionRate', survey: 'stay', team: care }).expect(204);
    expect((await summary({ survey: 'stay', team: care })).targets.resolutionRate?.value).toBe(0.7);
    const again = await remove({ kpi: 'resolutionRate', survey: 'stay', team: care }).expect(404);
    expect(again.body.message).toBe(
      'No target for resolutionRate is set for survey stay and that team: there is nothing to remove.',
    );
    await remove({ kpi: 'happiness' }).expect(400);
  });

  it('buckets a series by day up to 60 days and by week beyond, empty buckets null', async () => {
    const series = async (params: Record<string, string>) =>
      (
        await manager
          .get(`/api/v1/reports/timeseries?${query({ metric: 'csatMean', ...params })}`)
          .expect(200)
      ).body as { interval: string; points: { start: string; value: number | null }[] };
    const march = await series(MARCH);
    expect(march.interval).toBe('day');
    expect(march.points).toHaveLength(31);
    const values = Object.fromEntries(march.points.map((p) => [p.start.slice(0, 10), p.value]));
    expect(values['2026-03-05']).toBe(1);
    expect(values['2026-03-10']).toBe(2);
    // No answer those days: no figure at all, not a zero the chart would draw.
    expect(values['2026-03-06']).toBeNull();
    expect(march.points.filter((p) => p.value === null)).toHaveLength(29);

    const sixtyDays = await series({ from: '2026-01-31T00:00:00Z', to: MARCH.to });
    expect(sixtyDays.interval).toBe('day');
    const quarter = await series({ from: '2026-01-01T00:00:00Z', to: MARCH.to });
    expect(quarter.interval).toBe('week');
    const weeks = Object.fromEntries(quarter.points.map((p) => [p.start.slice(0, 10), p.value]));
    expect(weeks['2026-02-16']).toBe(1); // C, 20 February
    expect(weeks['2026-03-02']).toBe(1); // A, 5 March
    expect(weeks['2026-03-09']).toBe(2); // B, 10 March
    expect(weeks['2026-01-05']).toBeNull();
    // Asked for, a day's series still comes by day.
    expect(
      (await series({ from: '2026-01-01T00:00:00Z', to: MARCH.to, interval: 'day' })).interval,
    ).toBe('day');
  });
  it('colours the dashboard’s tiles by target and direction, and says so in words', async () => {
    const page = await manager.get('/console/dashboard?from=2026-03-01&to=2026-03-31').expect(200);
    const tile = (kpi: string) => {
      const found = new RegExp(
        `<li class="tile tile-(\\w+)" data-kpi="${kpi}"[\\s\\S]*?</li>`,
      ).exec(page.text);
      return { tone: found![1], words: visible(found![0]) };
    };
    // 50.0 % of March's cases resolved, 0 % in February; the company's target is 80 %.
    expect(tile('resolutionRate')).toEqual({
      tone: 'bad',
      words: expect.stringContaining('Below target 80.0 % Better than last period') as string,
    });
    // Two hours to the first contact against a target of at most four.
    expect(tile('medianHoursToFirstContact').tone).toBe('good');
    expect(tile('medianHoursToFirstContact').words).toContain('Target 4.0 h met');
    // A count of how many is shown, never judged.
    expect(tile('casesOpened')).toEqual({
      tone: 'neutral',
      words: expect.not.stringMatching(/target|period/) as string,
    });
  });

  it('leads from “Not routed” to the cases of no team, as many as it counts', async () => {
    const page = await manager.get('/console/dashboard?from=2026-03-01&to=2026-03-31').expect(200);
    const row = /<tr><td><a href="([^"]+)">Not routed<\/a><\/td><td>(\d+)<\/td>/.exec(page.text);
    expect(row![2]).toBe('1');
    const list = await manager.get(unescapeHtml(row![1])).expect(200);
    const routedNowhere = await t.count(
      `SELECT count(*)::int AS n FROM follow_up_cases
       WHERE team_id IS NULL AND created_at >= $1 AND created_at < $2`,
      [MARCH.from, MARCH.to],
    );
    expect(list.text.match(/href="\/console\/cases\/[0-9a-f-]{36}"/g)).toHaveLength(routedNowhere);
    expect(list.text).toContain('not routed to a team');
    // The API takes the same filter, and none for no one's cases.
    const api = await manager
      .get(
        `/api/v1/cases?${query({ team: 'none', openedFrom: MARCH.from, openedBefore: MARCH.to })}`,
      )
      .expect(200);
    expect(api.body.items).toHaveLength(routedNowhere);
    expect(api.body.items[0].teamId).toBeNull();
    // B and C are no one's yet, A is resolved by no one either (placed without an owner).
    const nobodys = await manager.get('/api/v1/cases?assignee=none').expect(200);
    expect(nobodys.body.items.map((item: { assigneeId: unknown }) => item.assigneeId)).toEqual([
      null,
      null,
      null,
    ]);
    const unowned = await manager.get(`/api/v1/cases?assignee=none&team=${care}`).expect(200);
    expect(unowned.body.items).toHaveLength(2);
    expect((await manager.get('/api/v1/cases?team=nobody').expect(400)).body.details[0]).toEqual({
      field: 'team',
      message: 'must be a team id or none',
    });
  });

  it('offers periods by name in the business calendar, and the touchpoints seen', async () => {
    const page = await manager.get('/console/dashboard?preset=lastMonth&survey=stay').expect(200);
    const expected = presetDays('lastMonth', new Date(), 'Europe/Helsinki');
    expect(page.text).toContain(`name="from" value="${expected.from}"`);
    expect(page.text).toContain(`name="to" value="${expected.to}"`);
    expect(page.text).toMatch(
      /<a href="\/console\/dashboard\?preset&#x3D;lastMonth&amp;survey&#x3D;stay" aria-current="true">Last month<\/a>/,
    );
    expect(page.text).toContain('>This quarter</a>');
    expect(page.text).toMatch(
      /<select name="touchpointType">\s*<option value="" selected>Any touchpoint<\/option><option value="stay">Stay<\/option>\s*<\/select>/,
    );
  });

  it('sets and removes targets in the console, refusing a bad one with a sentence', async () => {
    const post = (path: string, fields: Record<string, string>) =>
      manager
        .post(path)
        .type('form')
        .send({ _csrf: managerSession.csrfToken, ...fields });
    const page = await manager.get('/console/dashboard/targets').expect(200);
    expect(page.text).toContain(
      '<td>Resolution rate</td><td>Every survey</td><td>Every team</td><td>80.0 %</td>',
    );
    // A rate as the dashboard shows it: 150 % is no rate.
    const refused = await post('/console/dashboard/targets', {
      kpi: 'responseRate',
      value: '150',
    }).expect(400);
    expect(refused.text).toContain('value must be a percentage from 0 to 100 for Response rate');
    expect(refused.text).toContain('value="150"');
    await post('/console/dashboard/targets', {
      kpi: 'responseRate',
      value: '62,5',
      survey: 'stay',
    }).expect(303);
    const [stored] = (
      await t.db.query<{ value: number }>(
        `SELECT value FROM kpi_targets WHERE kpi = 'responseRate'`,
      )
    ).rows;
    expect(stored.value).toBe(0.625);
    const done = await manager.get('/console/dashboard/targets?done=set').expect(200);
    expect(done.text).toContain('The target is set.');
    await post('/console/dashboard/targets/remove', {
      kpi: 'responseRate',
      survey: 'stay',
      team: '',
    }).expect(303);
    expect(
      await t.count(`SELECT count(*)::int AS n FROM kpi_targets WHERE kpi = 'responseRate'`),
    ).toBe(0);
  });
});

/** A tile's text as a reader meets it. */
function visible(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** An attribute's value as the browser reads it (Handlebars escapes &, = and quotes). */
function unescapeHtml(text: string): string {
  return text.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
}

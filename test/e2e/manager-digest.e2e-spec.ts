import { type CapturedMail, MailCatcher } from '../../src/modules/mail-transport/mail-catcher';
import { format } from '../../src/modules/console/dashboard.views';
import { KpiAlerts } from '../../src/modules/notifications/kpi-alerts';
import { SPIKE_MINIMUM, TopicAlerts } from '../../src/modules/notifications/topic-alerts';
import { DIGEST_KPIS, ManagerMail } from '../../src/modules/notifications/manager-mail';
import { WeeklyDigest } from '../../src/modules/notifications/weekly-digest';
import { weekWords } from '../../src/modules/notifications/weekly-schedule';
import { KPI_CATALOGUE } from '../../src/modules/reports/kpi-catalogue';
import { eventually } from '../support/eventually';
import { asUser, createUser, signIn, type SignedIn } from '../support/factories';
import {
  answerIdentified,
  form,
  startSurveyTestApp,
  type SurveyTestApp,
  unhappyCase,
} from '../support/survey-fixtures';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The managers' weekly digest and KPI alerts with the worker running: each reader is told once
 * however many runs race, the digest's figures are the summary API's, it quotes only comments
 * that may be quoted, and a target crossed is told once each way.
 */
describe('the weekly digest and KPI alerts', () => {
  let t: SurveyTestApp;
  let catcher: MailCatcher;
  let manager: { user: { id: string; teamId: string | null }; email: string; password: string };
  let admin: { user: { id: string }; email: string; password: string };
  let managerSession: SignedIn;
  /** This week so far: the answers the tests make fall in it. */
  const tomorrow = new Date((Math.floor(Date.now() / DAY_MS) + 1) * DAY_MS);
  const week = {
    from: new Date(tomorrow.getTime() - 7 * DAY_MS).toISOString().slice(0, 10),
    to: tomorrow.toISOString().slice(0, 10),
  };

  const notifications = (userId: string, kind: string) =>
    t.count(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND kind = $2`, [
      userId,
      kind,
    ]);
  /**
   * Digests of one week: the worker's own Monday-morning run (a test run on a Monday at 08:00 in
   * the calendar's zone) tells of another week, never this one's.
   */
  const digests = (userId: string, from: string) =>
    t.count(
      `SELECT count(*)::int AS n FROM notifications
       WHERE user_id = $1 AND kind = 'weekly_digest' AND detail->>'from' = $2`,
      [userId, from],
    );

  beforeAll(async () => {
    t = await startSurveyTestApp();
    catcher = t.app.get(MailCatcher);
    manager = await createUser(t.app, 'manager', 'Customer Care');
    admin = await createUser(t.app, 'admin');
    managerSession = await signIn(t.http, manager.email, manager.password);
  });
  afterAll(() => t.close());

  it('tells each manager and admin once, however many runs race', async () => {
    const digest = t.app.get(WeeklyDigest);
    const told = await Promise.all([1, 2, 3].map(() => digest.sendWeek(week)));
    expect(told.reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual(2);
    expect(await digests(manager.user.id, week.from)).toBe(1);
    expect(await digests(admin.user.id, week.from)).toBe(1);
    // This week's (a worker's own Monday-morning run tells of the week before).
    const isDigest = (m: CapturedMail) =>
      m.envelope.to.includes(manager.email) && (m.subject ?? '').endsWith(weekWords(week));
    const mail = await catcher.waitFor(isDigest, 10_000);
    expect(mail.subject).toContain("Customer Care's week");
    expect(mail.text).toContain('Open the week on the dashboard');
    // One notification, one email queued (the outbox's Message-ID keeps a retry from doubling it).
    expect(catcher.messages().filter(isDigest)).toHaveLength(1);
    // Not due outside Monday morning: a Tuesday run tells no one.
    expect(await digest.send(new Date('2026-12-08T10:00:00Z'))).toBeNull();
  });

  it("gives the summary API's figures for the week and the team", async () => {
    await unhappyCase(t, 1, { answer: { comment: 'The shower was cold every morning.' } });
    const happy = await t.invite();
    await answerIdentified(t, happy, { score: 5, comment: 'Lovely breakfast, thank you Anna.' });
    const summary = (
      await asUser(t.http, managerSession)
        .get(`/api/v1/reports/summary?from=${week.from}&to=${week.to}`)
        .expect(200)
    ).body as { kpis: Record<string, number | null> };
    const view = await t.app.get(ManagerMail).digestView({ ...week, teamId: null }, null);
    expect(view.kpis.map((kpi) => kpi.value)).toEqual(
      DIGEST_KPIS.map((kpi) => format(summary.kpis[kpi], KPI_CATALOGUE[kpi].unit)),
    );
    expect(summary.kpis.responses).toBeGreaterThanOrEqual(2);
    const quoted = view.comments.map((comment) => comment.text);
    expect(quoted).toEqual(
      expect.arrayContaining([
        '“The shower was cold every morning.”',
        '“Lovely breakfast, thank you Anna.”',
      ]),
    );
    // The unhappiest first, with a link to its case.
    expect(view.comments[0]).toMatchObject({
      text: '“The shower was cold every morning.”',
      about: 'Score 1 of 5',
      url: expect.stringContaining('/console/cases/'),
    });
  });

  it('quotes no one who withdrew consent, and anonymous comments only among ten of a month', async () => {
    const invited = await t.invite();
    await answerIdentified(t, invited, { score: 1, comment: 'Please forget what I said here.' });
    await t
      .http()
      .post(`/p/${invited.token}/withdraw`)
      .type('form')
      .send(form({ purpose: 'identified_feedback' }))
      .expect(303);
    const [{ id: version }] = (
      await t.db.query<{ id: string }>(
        'SELECT id FROM survey_versions ORDER BY created_at DESC LIMIT 1',
      )
    ).rows;
    const month = `${new Date(tomorrow.getTime() - 1).toISOString().slice(0, 7)}-01`;
    const anonymously = (times: number) =>
      t.db.query(
        `INSERT INTO anonymous_responses (survey_version_id, score, dissatisfied, answers, comment, submitted_month)
         SELECT $1, 1, true, '{"questions": {}, "preferences": []}'::jsonb, 'Nobody answered the phone at night.', $2
         FROM generate_series(1, $3)`,
        [version, month, times],
      );
    const quoted = async () =>
      (await t.app.get(ManagerMail).digestView({ ...week, teamId: null }, null)).comments;
    await anonymously(9);
    expect((await quoted()).map((c) => c.text)).not.toContain('“Please forget what I said here.”');
    expect((await quoted()).map((c) => c.text)).not.toContain(
      '“Nobody answered the phone at night.”',
    );
    await anonymously(1);
    const anonymous = (await quoted()).find(
      (c) => c.text === '“Nobody answered the phone at night.”',
    );
    expect(anonymous).toEqual({
      text: '“Nobody answered the phone at night.”',
      about: `Score 1 of 5, anonymous, ${month.slice(0, 7)}`,
      url: null,
    });
    // A team's digest has no anonymous answers: they have no team.
    const teams = await t.app
      .get(ManagerMail)
      .digestView({ ...week, teamId: manager.user.teamId }, 'Customer Care');
    expect(teams.comments.map((c) => c.text)).not.toContain(
      '“Nobody answered the phone at night.”',
    );
  });

  it('alerts once when a KPI falls short of its target, and once when it is back', async () => {
    const alerts = t.app.get(KpiAlerts);
    const set = (value: number) =>
      asUser(t.http, managerSession)
        .put('/api/v1/reports/targets')
        .send({ kpi: 'csatSatisfiedPct', value })
        .expect((response) => expect([200, 201]).toContain(response.status));
    await set(99);
    await Promise.all([alerts.check(), alerts.check(), alerts.check()]);
    await alerts.check();
    expect(await notifications(manager.user.id, 'kpi_alert')).toBe(1);
    expect(await notifications(admin.user.id, 'kpi_alert')).toBe(1);
    const mail = await catcher.waitFor(
      (m) => m.envelope.to.includes(manager.email) && /fell below its target/.test(m.subject ?? ''),
      10_000,
    );
    expect(mail.subject).toMatch(
      /^CSAT satisfied fell below its target of 99\.0 %: [0-9.]+ % over the 7 days to/,
    );

    await set(1);
    await alerts.check();
    await alerts.check();
    expect(await notifications(manager.user.id, 'kpi_alert')).toBe(2);
    await catcher.waitFor(
      (m) => m.envelope.to.includes(manager.email) && /is back on target/.test(m.subject ?? ''),
      10_000,
    );
    const page = await asUser(t.http, managerSession).get('/console/notifications').expect(200);
    expect(page.text).toContain('CSAT satisfied is back on target (1.0 %)');
    expect(page.text).toContain('Open the dashboard');
    // Over the days the alert told of: the dashboard shows its figures.
    const links = page.text.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
    expect(links).toMatch(
      /href="\/console\/dashboard\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}"/,
    );
  });

  it('alerts once when customers write about a topic far more than usual', async () => {
    const admins = await signIn(t.http, admin.email, admin.password);
    const created = await asUser(t.http, admins)
      .post('/api/v1/topics')
      .send({ names: { en: 'Breakfast', fi: 'Aamiainen' }, rules: { en: ['breakfast'], fi: [] } })
      .expect(201);
    const topicId = (created.body as { id: string }).id;
    for (let i = 0; i < SPIKE_MINIMUM; i += 1) {
      const invited = await t.invite();
      await answerIdentified(t, invited, { score: 2, comment: `The breakfast ran out (${i}).` });
    }
    await eventually(async () =>
      expect(
        await t.count(`SELECT count(*)::int AS n FROM comment_topics WHERE topic_id = $1`, [
          topicId,
        ]),
      ).toBe(SPIKE_MINIMUM),
    );
    const alerts = t.app.get(TopicAlerts);
    await Promise.all([alerts.check(), alerts.check()]);
    await alerts.check();
    expect(await notifications(manager.user.id, 'topic_alert')).toBe(1);
    expect(await notifications(admin.user.id, 'topic_alert')).toBe(1);
    const mail = await catcher.waitFor(
      (m) => m.envelope.to.includes(manager.email) && /about Breakfast/.test(m.subject ?? ''),
      10_000,
    );
    expect(mail.text).toContain(
      `Customers write about Breakfast far more than usual: ${SPIKE_MINIMUM} comments this week, none in the four weeks before.`,
    );
    expect(mail.text).toContain(`/console/responses?topic=${topicId}`);
  });

  it('tells that comments on a topic doubled at one hotel, with a link to read them there', async () => {
    const admins = await signIn(t.http, admin.email, admin.password);
    const created = await asUser(t.http, admins)
      .post('/api/v1/topics')
      .send({
        names: { en: 'Room cleanliness', fi: 'Huoneen siisteys' },
        rules: { en: ['dirty', 'dust'], fi: [] },
      })
      .expect(201);
    const topicId = (created.body as { id: string }).id;
    const at = async (location: string, comment: string) => {
      const invited = await t.invite(
        {},
        {
          touchpoint: {
            type: 'stay',
            reference: `R-${comment.length}`,
            occurredAt: '2026-11-20T10:00:00Z',
            location,
          },
        },
      );
      await answerIdentified(t, invited, { score: 2, comment });
      return invited;
    };
    const lastWeek = await at('Airport hotel', 'The room was dirty when we came.');
    for (const comment of ['Dirty towels.', 'Dust on every shelf.', 'The carpet was dirty.']) {
      await at('Airport hotel', comment);
    }
    await at('Harbour hotel', 'A dirty glass in the bathroom.');
    await eventually(async () =>
      expect(
        await t.count(`SELECT count(*)::int AS n FROM comment_topics WHERE topic_id = $1`, [
          topicId,
        ]),
      ).toBe(5),
    );
    // One of the Airport hotel's comments came the week before.
    await t.db.query(
      `UPDATE comment_topics SET counted_at = counted_at - interval '7 days'
       WHERE response_id = (SELECT id FROM responses WHERE invitation_id = $1)`,
      [lastWeek.id],
    );
    const view = await t.app.get(ManagerMail).digestView({ ...week, teamId: null }, null);
    const cleanliness = view.topics.find((topic) => topic.text.startsWith('Room cleanliness'));
    expect(cleanliness).toEqual({
      text: 'Room cleanliness: 4 comments, 1 the week before; at Airport hotel 3, 1 the week before',
      url: expect.stringContaining(`/console/responses?topic=${topicId}&from=${week.from}`),
    });
    expect(cleanliness!.url).toContain('location=Airport+hotel');
    // The dashboard says it too, each topic a link to its comments of the period.
    const dashboard = (await asUser(t.http, managerSession).get('/console/dashboard').expect(200))
      .text;
    expect(dashboard).toContain('What customers wrote about');
    expect(dashboard).toMatch(
      new RegExp(`<a href="/console/responses\\?topic&#x3D;${topicId}[^"]*">Room cleanliness</a>`),
    );
  });

  it('lets a manager switch the digest and the alerts off, and shows an agent only theirs', async () => {
    const page = await asUser(t.http, managerSession).get('/console/settings').expect(200);
    expect(page.text).toContain('Weekly digest of the numbers');
    expect(page.text).not.toContain('Morning digest of my team');
    await asUser(t.http, managerSession)
      .post('/console/settings')
      .type('form')
      .send(form({ case_assigned: 'on', customer_replied: 'on', kpi_alerts: 'on' }))
      .expect(303);
    const { rows } = await t.db.query(
      `SELECT weekly_digest, kpi_alerts, topic_alerts, unassigned_digest
       FROM notification_settings WHERE user_id = $1`,
      [manager.user.id],
    );
    // What the page did not show (the agents' morning digest) is kept as it was.
    expect(rows).toEqual([
      { weekly_digest: false, kpi_alerts: true, topic_alerts: false, unassigned_digest: true },
    ]);
    await t.app.get(WeeklyDigest).sendWeek({ from: '2026-11-23', to: '2026-11-30' });
    // Switched off: not told of that week; the admin, switched on, is.
    expect(await digests(manager.user.id, '2026-11-23')).toBe(0);
    expect(await digests(admin.user.id, '2026-11-23')).toBe(1);

    const agent = await createUser(t.app, 'agent');
    const agentSession = await signIn(t.http, agent.email, agent.password);
    const agentPage = await asUser(t.http, agentSession).get('/console/settings').expect(200);
    expect(agentPage.text).not.toContain('Weekly digest of the numbers');
    expect(agentPage.text).toContain('Morning digest of my team');
  });
});

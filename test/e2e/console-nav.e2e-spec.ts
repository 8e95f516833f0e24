import { ADMIN_PAGES, consolePages } from '../support/console-pages';
import { asUser, createUser, signIn, type SignedIn } from '../support/factories';
import { startSurveyTestApp, type SurveyTestApp, unhappyCase } from '../support/survey-fixtures';

jest.setTimeout(120_000);

/** The pages the top bar adds: the customer search, the notifications, My settings. */
const NAV_PAGES = [
  '/console/customers',
  '/console/customers?q=Ann',
  '/console/notifications',
  '/console/settings',
];

/** What each role's top bar links to, in order (besides Notifications and My settings). */
const ROLE_LINKS = {
  agent: ['Queue', 'Customers', 'Responses'],
  manager: ['Queue', 'Customers', 'Responses', 'Dashboard', 'Questions', 'Topics'],
  admin: ['Queue', 'Customers', 'Responses', 'Dashboard', 'Questions', 'Topics', 'Admin'],
} as const;

function topBar(html: string): string {
  const nav = /<nav class="console-nav"[\s\S]*?<\/nav>/.exec(html);
  if (!nav) throw new Error('no top bar');
  return nav[0];
}

/**
 * The top bar (issue 15) on every console page: the links the role may open (none a 403),
 * Notifications with its count, My settings, the case search and the keyboard shortcuts; and the
 * customer search it leads to, within the team scope.
 */
describe('the console top bar', () => {
  let t: SurveyTestApp;
  const sessions = {} as Record<keyof typeof ROLE_LINKS, SignedIn>;
  let pages: string[];

  beforeAll(async () => {
    t = await startSurveyTestApp();
    for (const role of ['agent', 'manager', 'admin'] as const) {
      const user = await createUser(t.app, role);
      sessions[role] = await signIn(t.http, user.email, user.password);
    }
    const { caseId, invited } = await unhappyCase(t);
    pages = [...consolePages(caseId, invited.externalId), ...NAV_PAGES];
  });
  afterAll(() => t?.close());

  for (const role of ['agent', 'manager', 'admin'] as const) {
    it(`gives ${role}s their links on every page they open, none of which is refused`, async () => {
      const as = asUser(t.http, sessions[role]);
      const forbidden =
        role === 'agent'
          ? [
              '/console/dashboard',
              '/console/dashboard/targets',
              '/console/reports/questions',
              '/console/reports/questions?survey=stay&touchpointType=stay',
              '/console/topics',
              '/console/leaderboard',
              ...ADMIN_PAGES,
            ]
          : role === 'manager'
            ? ADMIN_PAGES
            : [];
      const hrefs = new Set<string>();
      for (const path of pages.filter((page) => !forbidden.includes(page))) {
        const response = await as.get(path);
        expect({ path, status: response.status }).toEqual({ path, status: 200 });
        const bar = topBar(response.text);
        const labels = [...bar.matchAll(/<li><a href="[^"]+"[^>]*>([^<]+)<\/a><\/li>/g)].map(
          (m) => m[1],
        );
        expect({ path, labels }).toEqual({
          path,
          labels: [...ROLE_LINKS[role], 'Notifications', 'My settings'],
        });
        expect(bar).toContain('<form method="get" action="/console/cases" role="search"');
        expect(bar).toContain(
          '<label for="nav-search" class="visually-hidden">Search cases</label>',
        );
        expect(bar).toMatch(/<input id="nav-search" name="q" type="search"/);
        expect(bar).toContain('aria-label="Notifications: none unread"');
        expect(bar).toContain('<summary>Keyboard shortcuts</summary>');
        expect(bar).toContain('Sign out');
        expect(bar).not.toMatch(/· (agent|manager|admin)</);
        expect(response.text).toContain(
          '<script src="/assets/console-shortcuts.js" defer></script>',
        );
        for (const [, href] of bar.matchAll(/<a href="([^"]+)"/g)) hrefs.add(href);
      }
      for (const href of hrefs) {
        const response = await as.get(href);
        expect({ href, status: response.status }).toEqual({ href, status: 200 });
      }
      for (const path of forbidden) await as.get(path).expect(403);
    });
  }

  it('serves the shortcuts script and the top bar styles', async () => {
    const script = await t.http().get('/assets/console-shortcuts.js').expect(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect(script.text).toContain("'reply-body'");
    await t
      .http()
      .get('/assets/console-nav.css')
      .expect(200)
      .expect('content-type', /text\/css/);
  });

  describe('the customer search', () => {
    it('finds a customer by name, email or external id, within the team scope', async () => {
      const care = await createUser(t.app, 'agent', 'Care');
      const billing = await createUser(t.app, 'agent', 'Billing');
      const agent = await signIn(t.http, care.email, care.password);
      const ours = await unhappyCase(t, 1, { customer: { name: 'Zelda Quarrington' } });
      const theirs = await unhappyCase(t, 1, { customer: { name: 'Zelda Quince' } });
      await t.db.query('UPDATE follow_up_cases SET team_id = $1 WHERE id = $2', [
        care.user.teamId,
        ours.caseId,
      ]);
      await t.db.query('UPDATE follow_up_cases SET team_id = $1 WHERE id = $2', [
        billing.user.teamId,
        theirs.caseId,
      ]);
      const found = async (session: SignedIn, q: string) => {
        const page = await asUser(t.http, session)
          .get(`/console/customers?q=${encodeURIComponent(q)}`)
          .expect(200);
        return [...page.text.matchAll(/<a href="\/console\/customers\/([^"]+)">/g)].map((m) =>
          decodeURIComponent(m[1]),
        );
      };

      expect(await found(agent, 'zelda q')).toEqual([ours.invited.externalId]);
      expect(await found(agent, ours.invited.email.toUpperCase())).toEqual([
        ours.invited.externalId,
      ]);
      expect(await found(agent, ours.invited.externalId)).toEqual([ours.invited.externalId]);
      // Another team's customer is not there for the agent, as their page is a 404.
      expect(await found(agent, theirs.invited.externalId)).toEqual([]);
      const none = await asUser(t.http, agent).get('/console/customers?q=Quince').expect(200);
      expect(none.text).toContain('No customer you may see matches “Quince”.');
      // A manager finds both; punctuation only separates words, and a wildcard alone finds no one.
      expect((await found(sessions.manager, 'Zelda Qu')).sort()).toEqual(
        [ours.invited.externalId, theirs.invited.externalId].sort(),
      );
      expect((await found(sessions.manager, 'Zelda%Qu')).sort()).toEqual(
        [ours.invited.externalId, theirs.invited.externalId].sort(),
      );
      expect(await found(sessions.manager, '%')).toEqual([]);
      // Each result leads to the customer's page.
      await asUser(t.http, agent).get(`/console/customers/${ours.invited.externalId}`).expect(200);
    });
  });
});

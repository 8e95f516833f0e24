import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ADMIN_PAGES } from '../support/console-pages';
import { axeCheck, expectAccessible, launchChromium } from '../support/browser';
import { asUser, createUser, signIn } from '../support/factories';
import { startSurveyTestApp, type SurveyTestApp, unhappyCase } from '../support/survey-fixtures';

// Jest reads testTimeout from the root config only, never from a project: set it per file.
jest.setTimeout(90_000);

/**
 * The manager's side in a real Chromium: the dashboard shows the API's numbers for the same
 * period, draws its trends, and leads from a figure to the cases behind it and to the CSV export.
 * Every page is checked with axe-core.
 */
describe('the manager dashboard in Chromium', () => {
  let t: SurveyTestApp;
  let baseURL: string;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  let manager: { email: string; password: string };

  beforeAll(async () => {
    t = await startSurveyTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseURL = await t.app.getUrl();
    manager = await createUser(t.app, 'manager');
    const agent = await createUser(t.app, 'agent');
    const asAgent = asUser(t.http, await signIn(t.http, agent.email, agent.password));
    // Three unhappy customers today: one case resolved, one overdue, one waiting.
    const [resolved, overdue] = [await unhappyCase(t, 1), await unhappyCase(t, 2)];
    await unhappyCase(t, 1);
    await asAgent.post(`/api/v1/cases/${resolved.caseId}/assign`).send({ userId: agent.user.id });
    await asAgent
      .post(`/api/v1/cases/${resolved.caseId}/resolve`)
      .send({ rootCause: 'billing', resolution: 'Refunded the extra night.' })
      .expect(200);
    await t.db.query(
      `UPDATE follow_up_cases SET first_contact_due_at = now() - interval '1 hour',
         overdue_at = now() WHERE id = $1`,
      [overdue.caseId],
    );
    // The company wants 90 % of cases resolved: a third is below it.
    const asManager = asUser(t.http, await signIn(t.http, manager.email, manager.password));
    await asManager
      .put('/api/v1/reports/targets')
      .send({ kpi: 'resolutionRate', value: 0.9 })
      .expect(201);
    browser = await launchChromium();
  });
  beforeEach(async () => {
    context = await browser!.newContext({ baseURL, bypassCSP: true });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
  });
  afterEach(() => context?.close());
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the API’s figures, draws the trends and drills down to the cases', async () => {
    await page.goto('/console/login');
    await page.getByLabel('Email address').fill(manager.email);
    await page.getByLabel('Password').fill(manager.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // From the top bar every console page has.
    await page
      .getByRole('navigation', { name: 'Console' })
      .getByRole('link', { name: 'Dashboard' })
      .click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'How the loop closes',
    );

    // The page's period, asked of the API with the same session.
    const from = await page.getByLabel('From').inputValue();
    const to = await page.getByLabel('To (included)').inputValue();
    const end = new Date(Date.parse(`${to}T00:00:00Z`) + 24 * 3600 * 1000).toISOString();
    const api = await page.request.get(`/api/v1/reports/summary?from=${from}T00:00:00Z&to=${end}`);
    const { kpis } = (await api.json()) as { kpis: Record<string, number | null> };
    expect(kpis).toMatchObject({ casesOpened: 3, casesResolved: 1 });
    const shown = await page
      .locator('li[data-kpi]')
      .evaluateAll((tiles) =>
        tiles.map((tile) => [tile.getAttribute('data-kpi'), tile.getAttribute('data-value')]),
      );
    expect(shown.length).toBeGreaterThan(10);
    for (const [kpi, value] of shown) {
      if (kpi === 'overdueNow') expect(value).toBe('1');
      else expect([kpi, value]).toEqual([kpi, kpis[kpi!] === null ? '' : String(kpis[kpi!])]);
    }
    // Chart.js drew each trend over its table.
    await expect(page.locator('figure[data-chart] canvas').count()).resolves.toBe(3);
    await expectAccessible(page);

    // Good or bad in words, not colour alone: the resolution rate is under its target.
    const resolution = page.locator('li[data-kpi="resolutionRate"]');
    await expect(resolution.getAttribute('data-signal')).resolves.toBe('bad');
    await expect(resolution.getByText('Below target 90.0 %').isVisible()).resolves.toBe(true);
    // A named period is a link: the form then shows its days.
    await page
      .getByRole('navigation', { name: 'Periods' })
      .getByRole('link', { name: 'Last 7 days' })
      .click();
    await expect(
      page.getByRole('link', { name: 'Last 7 days' }).getAttribute('aria-current'),
    ).resolves.toBe('true');
    const week = Date.parse(`${await page.getByLabel('To (included)').inputValue()}T00:00:00Z`);
    const first = Date.parse(`${await page.getByLabel('From').inputValue()}T00:00:00Z`);
    expect((week - first) / (24 * 3600 * 1000)).toBe(6);
    // The targets, set in a form.
    await page.getByRole('link', { name: 'Set targets' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Targets');
    await page.getByLabel('KPI', { exact: true }).selectOption('closeTheLoopRate');
    await page.getByLabel('Target', { exact: true }).fill('75');
    await page.getByRole('button', { name: 'Set the target' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('The target is set.');
    await expect(page.locator('tr[data-kpi="closeTheLoopRate"]').textContent()).resolves.toContain(
      '75.0 %',
    );
    await expectAccessible(page);
    await page.goto('/console/dashboard');

    // The CSV behind the figures.
    const csvHref = await page
      .getByRole('link', { name: /Export the period's cases/ })
      .getAttribute('href');
    const csv = await page.request.get(csvHref!);
    expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
    expect((await csv.text()).trim().split('\r\n')).toHaveLength(4);

    // From the overdue figure to the overdue case, and on to it.
    await page.getByRole('link', { name: 'See the overdue cases' }).click();
    await expect(page.getByText('past a deadline and not resolved').count()).resolves.toBe(1);
    await expect(page.locator('table a').count()).resolves.toBe(1);
    await expectAccessible(page);
    await page.locator('table a').first().click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/^Case: /);
    // The customer behind the case, on their own page.
    await page.getByRole('link', { name: /^c-\d+$/ }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(
      /^Customer: /,
    );
    await expectAccessible(page);

    // On a phone: nothing scrolls sideways (wide tables scroll inside their own region).
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/console/dashboard');
    await expectAccessible(page);
    await page.goto('/console/cases');
    await expectAccessible(page);
  });

  it('keeps every other console page accessible: sign-in, home, errors, administration', async () => {
    await axeCheck(page, '/console/login');
    const admin = await createUser(t.app, 'admin');
    await page.getByLabel('Email address').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The console home after the sign-in's redirect (counted too soon, it is still the sign-in page).
    await page.waitForURL((url) => !url.pathname.startsWith('/console/login'));
    await expect(page.getByRole('link', { name: 'Administration' }).count()).resolves.toBe(1);
    await expectAccessible(page);
    for (const path of [...ADMIN_PAGES, '/console/cases/list']) {
      await axeCheck(page, path);
    }
    await axeCheck(page, '/console/cases/00000000-0000-4000-8000-000000000000', 404);
    // The keyboard alone fills the add-person form (Tab between fields) and Enter submits it.
    await page.goto('/console/admin/users');
    await page.getByLabel('Name').focus();
    await page.keyboard.type('Kai Keyboard');
    await page.keyboard.press('Tab');
    await page.keyboard.type('kai@example.test');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status').textContent()).resolves.toContain('kai@example.test');
  });
});

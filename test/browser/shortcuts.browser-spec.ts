import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeCheck, launchChromium, phoneContext } from '../support/browser';
import { createUser } from '../support/factories';
import {
  assignCase,
  startSurveyTestApp,
  type SurveyTestApp,
  unhappyCase,
} from '../support/survey-fixtures';

interface Focused {
  id: string;
  tagName: string;
  blur(): void;
}

// Jest reads testTimeout from the root config only, never from a project: set it per file.
jest.setTimeout(90_000);

/**
 * The top bar's keyboard shortcuts in a real Chromium (issue 15): `?` opens their list, `/` goes
 * to the case search, `r` to the reply and `e` to the root cause on a case; keys typed into a
 * field stay the field's. The pages the top bar adds pass axe on a phone and a desktop.
 */
describe('the console top bar in Chromium', () => {
  let t: SurveyTestApp;
  let baseURL: string;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  let agent: { email: string; password: string; user: { id: string } };
  let caseId: string;

  beforeAll(async () => {
    t = await startSurveyTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseURL = await t.app.getUrl();
    agent = await createUser(t.app, 'agent');
    caseId = (await unhappyCase(t)).caseId;
    await assignCase(t, caseId, agent.user.id);
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

  async function signIn(on: Page = page): Promise<void> {
    await on.goto('/console/login');
    await on.getByLabel('Email address').fill(agent.email);
    await on.getByLabel('Password').fill(agent.password);
    await on.getByRole('button', { name: 'Sign in' }).click();
    await on.waitForURL('**/console');
  }

  /** The focused element's id and tag (the test's TypeScript has no DOM types). */
  const focused = () =>
    page.evaluate(() => {
      const active = (globalThis as unknown as { document: { activeElement: Focused | null } })
        .document.activeElement;
      return { id: active?.id ?? '', tag: active?.tagName ?? '' };
    });
  const focusedId = async () => (await focused()).id;
  /** Back to the page itself, as after a click on its text. */
  const leaveFields = () =>
    page.evaluate(() =>
      (
        globalThis as unknown as { document: { activeElement: Focused | null } }
      ).document.activeElement?.blur(),
    );

  it('opens the shortcut list with ? and focuses the search with /', async () => {
    await signIn();
    await page.goto(`/console/cases/${caseId}`);
    const help = page.locator('#shortcut-help');
    await expect(help.getAttribute('open')).resolves.toBeNull();
    await page.keyboard.press('?');
    await expect(help.getAttribute('open')).resolves.toBe('');
    await page.getByText('Claim the next case (on the queue)').waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await expect(help.getAttribute('open')).resolves.toBeNull();

    await page.keyboard.press('/');
    expect(await focusedId()).toBe('nav-search');
    // The / itself is the shortcut's, not typed into the box; what follows is typed.
    await page.keyboard.type('cold room');
    await expect(page.locator('#nav-search').inputValue()).resolves.toBe('cold room');

    await leaveFields();
    await page.keyboard.press('r');
    expect(await focusedId()).toBe('reply-body');
    await leaveFields();
    await page.keyboard.press('e');
    expect(await focusedId()).toBe('resolve-root-cause');
  });

  it('leaves keys typed in a text area to the text area', async () => {
    await signIn();
    await page.goto(`/console/cases/${caseId}`);
    const note = page.getByLabel(/^Note/);
    await note.click();
    await page.keyboard.type('n/?re call back');
    await expect(note.inputValue()).resolves.toBe('n/?re call back');
    await expect(page.locator('#shortcut-help').getAttribute('open')).resolves.toBeNull();
    expect((await focused()).tag).toBe('TEXTAREA');
    await expect(page.locator('#nav-search').inputValue()).resolves.toBe('');
    // The search box too keeps its keys.
    await page.locator('#nav-search').fill('');
    await page.locator('#nav-search').focus();
    await page.keyboard.type('r?');
    await expect(page.locator('#nav-search').inputValue()).resolves.toBe('r?');
    expect(await focusedId()).toBe('nav-search');
  });

  it('passes axe on the new pages, on a desktop and on a phone', async () => {
    await signIn();
    const phone = await (await phoneContext(browser!, { baseURL, bypassCSP: true })).newPage();
    await signIn(phone);
    for (const on of [page, phone]) {
      for (const path of [
        '/console/settings',
        '/console/notifications',
        '/console/customers?q=Ann',
      ]) {
        await axeCheck(on, path);
      }
      await on.keyboard.press('?');
      await axeCheck(on, '/console');
    }
    await phone.context().close();
  });
});

import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { expectAccessible, launchChromium, phoneContext } from '../support/browser';
import { createUser } from '../support/factories';
import {
  assignCase,
  startSurveyTestApp,
  type SurveyTestApp,
  unhappyCase,
} from '../support/survey-fixtures';

// Jest reads testTimeout from the root config only, never from a project: set it per file.
jest.setTimeout(90_000);

const DRAFT = { subject: 'Your room', body: 'Hello Ann,\n\nI read what you wrote about the room.' };

/**
 * Writing from a message template in a real Chromium, on a desktop and on a phone, with and without
 * JavaScript: a draft the agent typed survives choosing a template (they are asked, and "keep"
 * keeps every word); "replace" puts the template in, filled in from the case.
 */
describe('the composer in Chromium', () => {
  let t: SurveyTestApp;
  let baseURL: string;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let agent: { email: string; password: string; user: { id: string } };
  let admin: { email: string; password: string };

  beforeAll(async () => {
    t = await startSurveyTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseURL = await t.app.getUrl();
    agent = await createUser(t.app, 'agent');
    admin = await createUser(t.app, 'admin');
    browser = await launchChromium();
  });
  afterEach(() => context?.close());
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function open(options: BrowserContextOptions, phone: boolean): Promise<void> {
    const settings = { baseURL, bypassCSP: true, ...options };
    context = phone
      ? await phoneContext(browser!, settings)
      : await browser!.newContext({ viewport: { width: 1280, height: 900 }, ...settings });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
  }

  async function signIn(as: { email: string; password: string }): Promise<void> {
    await page.goto('/console/login');
    await page.getByLabel('Email address').fill(as.email);
    await page.getByLabel('Password').fill(as.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => !url.pathname.endsWith('/login'));
  }

  /** A new unhappy customer's case, the agent's, open on the page with a typed draft. */
  async function caseWithDraft(): Promise<void> {
    const { caseId } = await unhappyCase(t);
    await assignCase(t, caseId, agent.user.id);
    await signIn(agent);
    await page.goto(`/console/cases/${caseId}`);
    await page.getByRole('textbox', { name: 'Subject', exact: true }).fill(DRAFT.subject);
    await page.getByRole('textbox', { name: 'Message', exact: true }).fill(DRAFT.body);
    await page.getByLabel('Start from a template').selectOption({ label: 'Offer a call' });
  }

  async function expectDraft(draft: { subject: string; body: string }): Promise<void> {
    await expect(
      page.getByRole('textbox', { name: 'Subject', exact: true }).inputValue(),
    ).resolves.toEqual(draft.subject);
    await expect(
      page.getByRole('textbox', { name: 'Message', exact: true }).inputValue(),
    ).resolves.toEqual(draft.body);
  }

  const OFFER_A_CALL = {
    subject: 'Could we talk?',
    body: expect.stringMatching(
      /^Hello Ann,\n\nThank you for your feedback\./,
    ) as unknown as string,
  };

  it.each([
    ['desktop', false],
    ['phone', true],
  ])(
    'asks in a dialog on a %s with JavaScript, and keeps the draft unless told',
    async (_, phone) => {
      await open({}, phone);
      await caseWithDraft();
      // Enter in the subject neither sends the email nor picks the template.
      const url = page.url();
      await page.getByRole('textbox', { name: 'Subject', exact: true }).press('Enter');
      expect(page.url()).toBe(url);

      const asked: string[] = [];
      page.once('dialog', (dialog) => {
        asked.push(dialog.message());
        void dialog.dismiss();
      });
      await page.getByRole('button', { name: 'Use template' }).click();
      expect(asked[0]).toMatch(/^Replace your draft with “Offer a call”\?/);
      expect(page.url()).toBe(url);
      await expectDraft(DRAFT);

      page.once('dialog', (dialog) => void dialog.accept());
      await Promise.all([
        page.waitForURL('**/template#composer'),
        page.getByRole('button', { name: 'Use template' }).click(),
      ]);
      await expectDraft(OFFER_A_CALL);
      await expect(page.getByRole('status').first().textContent()).resolves.toMatch(
        /“Offer a call” is in your draft/,
      );
      await expectAccessible(page);
    },
  );

  it('asks on the page without JavaScript, on a phone, and keeps the draft until told', async () => {
    await open({ javaScriptEnabled: false }, true);
    await caseWithDraft();
    await page.getByRole('button', { name: 'Use template' }).click();
    await expect(page.getByRole('heading', { level: 3 }).first().textContent()).resolves.toBe(
      'Replace your draft with “Offer a call”?',
    );
    await expectDraft(DRAFT);
    await expect(page.getByText('Voisimmeko').count()).resolves.toBe(0);
    await expect(page.getByText('Could we talk?').count()).resolves.toBe(1);

    await page.getByRole('button', { name: 'Keep my draft' }).click();
    await expectDraft(DRAFT);
    await expect(page.getByText('Your draft is kept.').count()).resolves.toBe(1);

    await page.getByRole('button', { name: 'Use template' }).click();
    await page.getByRole('button', { name: 'Replace', exact: true }).click();
    await expectDraft(OFFER_A_CALL);
  });

  it('lets an admin write a template, preview it and see a wrong placeholder named', async () => {
    await open({}, false);
    await signIn(admin);
    await page.goto('/console/admin');
    await page.getByRole('link', { name: 'Message templates' }).first().click();
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Add a template' }).click();
    await page.getByLabel('Name agents choose it by').fill('Thank for the reply');
    await page.getByLabel('Subject in English').fill('Thank you, {{customer.firstName}}');
    await page.getByLabel('Subject in Finnish').fill('Kiitos, {{customer.firstName}}');
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect(page.getByText('Thank you, Maria').count()).resolves.toBe(1);
    await expectAccessible(page);

    await page.getByLabel('Subject in Finnish').fill('Kiitos, {{customer.first}}');
    await page.getByRole('button', { name: 'Save template' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(
      /^The Finnish subject uses “\{\{customer\.first\}\}”/,
    );
    await page.getByLabel('Subject in Finnish').fill('Kiitos, {{customer.firstName}}');
    await page.getByRole('button', { name: 'Save template' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/^The template is saved/);
    await expect(page.getByRole('link', { name: 'Thank for the reply' }).count()).resolves.toBe(1);
  });
});

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ConsentService } from '../../src/modules/consent/consent.service';
import { DEMO_SURVEY } from '../../src/modules/demo/demo-survey';
import { invitationToken } from '../../src/common/links/link-tokens';
import { SurveysService } from '../../src/modules/surveys/surveys.service';
import { startTestApp, type TestApp } from '../support/app';
import { expectAccessible, launchChromium } from '../support/browser';
import { eventually } from '../support/eventually';
import { createApiKey, createUser } from '../support/factories';

// Jest reads testTimeout from the root config only, never from a project: set it per file.
jest.setTimeout(90_000);

/**
 * The loop as an agent works it, in a real Chromium against the whole app (worker included) on a
 * listening port: an unhappy answer reaches the queue, the agent claims it, writes to the
 * customer, the customer's reply (sent from /dev/mail) comes back to the case, the agent resolves
 * it, and the customer's recovery answer closes it. The pages are checked with axe-core on the way.
 */
describe('the agent console in Chromium', () => {
  let t: TestApp;
  let baseURL: string;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  let agent: { email: string; password: string };

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseURL = await t.app.getUrl();
    await t.app.get(SurveysService).createSurvey(DEMO_SURVEY);
    agent = await createUser(t.app, 'agent');
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

  /** A customer who answered 1 of 5 as themselves: their case is on its way to the queue. */
  async function unhappyCustomer(name: string): Promise<void> {
    const auth = { authorization: `Bearer ${await createApiKey(t.app)}` };
    const { body } = await t
      .http()
      .post('/api/v1/invitations')
      .set(auth)
      .send({
        survey: 'stay',
        customer: { externalId: `console-${name}`, email: `${name}@example.com`, name },
        touchpoint: { type: 'stay', reference: `R-${name}`, occurredAt: '2026-11-20T10:00:00Z' },
      })
      .expect(202);
    const token = invitationToken(t.config.tokenSecret, body.id);
    const consentText = t.app.get(ConsentService).currentText('identified_feedback', 'en');
    await t
      .http()
      .post(`/s/${token}`)
      .set('accept', 'application/json')
      .send({ consent: 'identified', consentText: consentText.id, score: 1, comment: 'Cold room.' })
      .expect(201);
  }

  async function signIn(): Promise<void> {
    await page.goto('/console/login');
    await page.getByLabel('Email address').fill(agent.email);
    await page.getByLabel('Password').fill(agent.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  it('claims, writes, hears back and resolves', async () => {
    await unhappyCustomer('Veera');
    await signIn();
    await page.getByRole('link', { name: 'Follow-up cases' }).click();

    // Within seconds of the answer, the case waits in the queue.
    await eventually(async () => {
      await page.reload();
      await expect(page.getByRole('link', { name: 'Veera' }).count()).resolves.toBe(1);
    }, 15_000);
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Claim the next case' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe('The case is yours now.');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Case: Veera',
    );
    // The comment, in the answer (and again in the customer's history beside it).
    await expect(
      page.getByRole('region', { name: 'What they told us' }).getByText('Cold room.').count(),
    ).resolves.toBe(1);
    await expectAccessible(page);

    await page.getByLabel('Subject').fill('Your cold room');
    await page
      .getByLabel('Message', { exact: true })
      .fill('Hi Veera,\n\nWe are sorry. Which room was it?');
    await page.getByRole('button', { name: 'Send email' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe(
      'Your message is on its way to the customer.',
    );

    // The customer's side, as /dev/mail shows it: the email arrives, and they reply.
    await eventually(async () => {
      await page.goto('/dev/mail');
      await page.getByRole('link', { name: 'Your cold room' }).click({ timeout: 1000 });
    }, 15_000);
    await page.getByLabel('Your reply').fill('Room 214, on Tuesday.');
    await page.getByRole('button', { name: 'Send reply' }).click();

    await page.goto('/console/cases');
    await page.getByRole('link', { name: 'Veera' }).click();
    await eventually(async () => {
      await page.reload();
      await expect(page.getByText('Room 214, on Tuesday.').count()).resolves.toBe(1);
    }, 15_000);

    await page.getByLabel('Root cause').selectOption({ label: 'Product quality' });
    await page.getByLabel('What was done').fill('Radiator fixed, one night refunded.');
    await page.getByRole('button', { name: 'Resolve case' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/^Resolved\./);
    await expect(page.locator('dl.facts dd').first().textContent()).resolves.toBe(
      'Resolved, waiting for the customer',
    );
    await expectAccessible(page);
    const caseUrl = page.url().replace(/\?.*$/, '');

    // The customer gets "did we make it right?", answers from the email's link, and that closes it.
    await eventually(async () => {
      await page.goto('/dev/mail');
      await page.getByRole('link', { name: 'Did we make it right?' }).click({ timeout: 1000 });
    }, 15_000);
    const text = (await page.locator('pre').textContent()) ?? '';
    const recoveryPath = /\/r\/[A-Za-z0-9_-]{32}/.exec(text)![0];
    await page.goto(`${recoveryPath}?score=5`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Did we make it right?',
    );
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Send answers' }).click();
    await page.waitForURL(`**${recoveryPath}/thanks`);
    await page.goto(caseUrl);
    await expect(page.locator('dl.facts dd').first().textContent()).resolves.toBe('Closed');
    await expect(page.getByText('The customer answered the recovery survey').count()).resolves.toBe(
      1,
    );
  });

  it('shows a stale page its conflict instead of overwriting a newer change', async () => {
    await unhappyCustomer('Oona');
    await signIn();
    await eventually(async () => {
      await page.goto('/console/cases?view=team_unassigned');
      await expect(page.getByRole('link', { name: 'Oona' }).count()).resolves.toBe(1);
    }, 15_000);
    await page.getByRole('button', { name: 'Claim the next case' }).click();
    // Someone else adds a note meanwhile (a second tab of the same agent will do).
    const other = await context.newPage();
    await other.goto(page.url());
    await other.getByLabel('Note').fill('Called the front desk.');
    await other.getByRole('button', { name: 'Add note' }).click();

    await page.getByLabel('Note').fill('A note from the stale page.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(
      /^Someone changed this case meanwhile/,
    );
    // Not written: the dialogue lacks it, and the form still holds it to try again.
    await expect(
      page.locator('.conversation').getByText('A note from the stale page.').count(),
    ).resolves.toBe(0);
    await expect(page.getByLabel('Note').inputValue()).resolves.toBe('A note from the stale page.');
  });
});

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Client } from 'pg';
import { invitationToken } from '../../src/common/links/link-tokens';
import { DEMO_SURVEY } from '../../src/modules/demo/demo-survey';
import { SurveysService } from '../../src/modules/surveys/surveys.service';
import { startTestApp, type TestApp } from '../support/app';
import { expectAccessible, launchChromium, phoneContext } from '../support/browser';
import { consoleContext, LAYOUTS, signInAt } from '../support/console-browser';
import { eventually } from '../support/eventually';
import { createApiKey, createUser } from '../support/factories';

// Jest reads testTimeout from the root config only, never from a project: set it per file.
jest.setTimeout(180_000);

/**
 * The survey builder in a real Chromium (issue 16): an admin builds a survey in two languages in
 * the form, with htmx and the app's own Content-Security-Policy, watches the preview follow, and
 * saves it; a Finnish customer invited to it through the API answers it on the public page. The
 * builder's pages are axe-clean on a desktop and on a phone.
 */
describe('the survey builder in Chromium', () => {
  let t: TestApp;
  let baseURL: string;
  let browser: Browser | undefined;
  let db: Client;
  let apiKey: string;
  let admin: { email: string; password: string };
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    t = await startTestApp({ ROLE: 'api' });
    await t.app.listen(0, '127.0.0.1');
    baseURL = await t.app.getUrl();
    admin = await createUser(t.app, 'admin');
    apiKey = await createApiKey(t.app);
    await t.app.get(SurveysService).createSurvey(DEMO_SURVEY);
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    browser = await launchChromium();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await db?.end();
    await t?.close();
  });

  async function adminPage(phone: boolean, bypassCSP: boolean): Promise<Page> {
    const context = await consoleContext(browser!, baseURL, phone, { bypassCSP });
    contexts.push(context);
    const page = await context.newPage();
    await signInAt(page, admin);
    return page;
  }

  /** The id of the element with the focus. */
  const focusedId = (page: Page) =>
    page.evaluate(
      () =>
        (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document
          .activeElement?.id ?? null,
    );

  /** A field of the form by its label, once the form (perhaps just swapped in by htmx) has it. */
  const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

  it('builds a two-language survey that a Finnish customer then answers', async () => {
    // The app's own CSP: htmx and the preview's frames work under it.
    const page = await adminPage(false, false);
    await page.goto('/console/admin/new-survey');
    await field(page, 'Key').fill('bike-service');
    await field(page, 'Name').fill('Your bike service');

    // Two questions through htmx: each new one's first field takes the focus.
    await field(page, 'Kind of the new question').selectOption({ label: 'One choice' });
    await page.getByRole('button', { name: 'Add a question' }).click();
    await eventually(async () => expect(await focusedId(page)).toBe('q0_label_en'));
    await page.keyboard.type('How was the waiting time?');
    await field(page, 'Question 1 in Finnish').fill('Miten odotusaika sujui?');
    await field(page, 'The key of question 1').fill('waiting');
    await field(page, 'The key of choice 1 of question 1').fill('short');
    await field(page, 'Choice 1 of question 1 in English').fill('Short');
    await field(page, 'Choice 1 of question 1 in Finnish').fill('Lyhyt');
    await field(page, 'The key of choice 2 of question 1').fill('long');
    await field(page, 'Choice 2 of question 1 in English').fill('Too long');
    await field(page, 'Choice 2 of question 1 in Finnish').fill('Liian pitkä');

    await field(page, 'Kind of the new question').selectOption({ label: 'Rating from 1 to 5' });
    await page.getByRole('button', { name: 'Add a question' }).click();
    await field(page, 'Question 2 in English').fill('The mechanic');
    await field(page, 'Question 2 in Finnish').fill('Mekaanikko');
    await field(page, 'The key of question 2').fill('mechanic');
    await page.getByLabel('An answer is required').nth(1).check();

    // Moved up with htmx: the question keeps all it was given, the choice question follows it.
    await page.getByRole('button', { name: 'Move up question 2' }).click();
    await eventually(async () =>
      expect(await field(page, 'Question 1 in Finnish').inputValue()).toBe('Mekaanikko'),
    );
    await expect(field(page, 'Choice 2 of question 2 in Finnish').inputValue()).resolves.toBe(
      'Liian pitkä',
    );
    await expect(page.getByLabel('An answer is required').first().isChecked()).resolves.toBe(true);
    // A question's new kind shows its fields at once, the kind keeping the focus.
    await field(page, 'Kind of the new question').selectOption({ label: 'Free text' });
    await page.getByRole('button', { name: 'Add a question' }).click();
    await field(page, 'Question 3 in English').waitFor();
    await field(page, 'Kind of question 3').selectOption({ label: 'One choice' });
    await page.getByRole('group', { name: 'Choices of question 3' }).waitFor();
    await eventually(async () => expect(await focusedId(page)).toBe('q2_type'));
    await page.getByRole('button', { name: 'Remove question 3' }).click();
    await eventually(async () =>
      expect(await field(page, 'Question 3 in English').count()).toBe(0),
    );
    await field(page, 'Email subject in Finnish').fill('Miten huolto onnistui?');

    // The preview follows what is typed, in the language chosen.
    await field(page, 'Preview in').selectOption({ label: 'Finnish' });
    const survey = page.frameLocator('iframe[title="The survey page in Finnish, as a preview"]');
    await expect(survey.getByText('Miten odotusaika sujui?').textContent()).resolves.toContain(
      'Miten odotusaika sujui?',
    );
    await expect(page.locator('#survey-preview-body strong').textContent()).resolves.toBe(
      'Miten huolto onnistui?',
    );
    await field(page, 'Question 1 in Finnish').fill('Mekaanikon työ');
    await expect(survey.getByText('Mekaanikon työ').textContent()).resolves.toContain(
      'Mekaanikon työ',
    );

    await page.getByRole('button', { name: 'Create survey' }).first().click();
    await page.waitForURL('**/console/admin/surveys/bike-service/edit?done=survey');
    await expect(page.getByRole('status').first().textContent()).resolves.toContain(
      'The survey is saved.',
    );
    await expect(page.getByRole('button', { name: 'Save as version 2' }).count()).resolves.toBe(2);

    // A Finnish customer, invited through the API, answers it.
    const { body } = await t
      .http()
      .post('/api/v1/invitations')
      .set('authorization', `Bearer ${apiKey}`)
      .send({
        survey: 'bike-service',
        customer: { externalId: 'bike-1', email: 'bike1@example.com', name: 'Aino', locale: 'fi' },
      })
      .expect(202);
    expect(body.status).toBe('queued');
    const customer = await phoneContext(browser!, { baseURL });
    contexts.push(customer);
    const answer = await customer.newPage();
    const token = invitationToken(t.config.tokenSecret, body.id as string);
    await answer.goto(`/s/${token}`);
    const pick = (role: 'radio' | 'checkbox', name: string | RegExp) =>
      answer.getByRole(role, { name, exact: typeof name === 'string' }).check({ force: true });
    await answer
      .getByRole('radiogroup', { name: /^Kuinka tyytyväinen/ })
      .getByRole('radio', { name: '2', exact: true })
      .check({ force: true });
    await pick('radio', /^Vastaan omalla nimelläni/);
    await answer
      .getByRole('radiogroup', { name: /^Mekaanikon työ/ })
      .getByRole('radio', { name: '4', exact: true })
      .check({ force: true });
    await pick('radio', 'Liian pitkä');
    await answer.getByRole('button', { name: 'Lähetä vastaukset' }).click();
    await answer.waitForURL(`**/s/${token}/thanks`);
    await expect(answer.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Kiitos vastauksistasi',
    );
    const { rows } = await db.query<{ score: number; answers: { questions: unknown } }>(
      `SELECT r.score, r.answers FROM responses r WHERE r.invitation_id = $1`,
      [body.id],
    );
    expect(rows).toEqual([
      {
        score: 2,
        answers: expect.objectContaining({ questions: { mechanic: '4', waiting: 'long' } }),
      },
    ]);
  });

  it.each(LAYOUTS)('finds no axe violation on the builder’s pages on a %s', async (_, phone) => {
    const page = await adminPage(phone, true);
    await page.goto('/console/admin/new-survey');
    await field(page, 'Kind of the new question').selectOption({ label: 'Several choices' });
    await page.getByRole('button', { name: 'Add a question' }).click();
    await field(page, 'Question 1 in English').fill('What went wrong?');
    await expectAccessible(page);
    // A refused save: the summary and each field's sentence.
    await page.getByRole('button', { name: 'Create survey' }).first().click();
    await expect(page.getByRole('alert').first().textContent()).resolves.toContain(
      'The survey is not saved yet',
    );
    await expectAccessible(page);
    await page.goto('/console/admin/surveys/stay/edit');
    await expectAccessible(page);

    // The rules in rows (htmx adds them): a routing rule names its team, a priority rule its
    // attribute; saved without them, each says why next to its field.
    await page.goto('/console/admin/case-settings');
    await page.getByRole('button', { name: 'Add a routing rule' }).click();
    await field(page, 'Team').selectOption({ label: 'Customer Care' });
    await page.getByRole('button', { name: 'Add a priority rule' }).click();
    await field(page, 'Customer attribute').waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Save settings' }).first().click();
    await expect(page.getByRole('alert').first().textContent()).resolves.toContain(
      'The customer attribute of priority rule 1 must be 1 to 64 characters.',
    );
    await expectAccessible(page);
  });
});

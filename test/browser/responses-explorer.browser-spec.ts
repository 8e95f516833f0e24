import type { Browser, BrowserContext } from 'playwright-core';
import { axeCheck, expectAccessible, launchChromium } from '../support/browser';
import { consoleContext, LAYOUTS, signInAt } from '../support/console-browser';
import { eventually } from '../support/eventually';
import { createUser } from '../support/factories';
import {
  answerIdentified,
  startSurveyTestApp,
  type SurveyTestApp,
} from '../support/survey-fixtures';

// Jest reads testTimeout from the root config only, never from a project: set it per file.
jest.setTimeout(180_000);

/**
 * The responses explorer in Chromium, on a desktop and a phone: a manager searches the comments
 * with the form, reads an answer whole, and sees anonymous answers as cards; axe finds no WCAG 2.1
 * A or AA violation on either page, and neither scrolls sideways.
 */
describe('the responses explorer in Chromium', () => {
  let t: SurveyTestApp;
  let baseURL: string;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  let manager: { email: string; password: string };
  let days: string;

  beforeAll(async () => {
    t = await startSurveyTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseURL = await t.app.getUrl();
    manager = await createUser(t.app, 'manager');
    const long = 'The room was cold and nobody came to fix the radiator. '.repeat(6);
    await answerIdentified(
      t,
      await t.invite({ name: 'Aino Virta', locale: 'fi' }),
      {
        score: 1,
        comment: 'Huone oli kylmä ja palvelu hidasta.',
        answers: { what_went_wrong: ['room', 'cleanliness'] },
        preferences: [{ context: 'family_travel', channel: 'phone', interests: ['spa'] }],
      },
      'fi',
    );
    await answerIdentified(t, await t.invite(), { score: 2, comment: long.trim() });
    await answerIdentified(t, await t.invite(), { score: 5 });
    for (let i = 0; i < 10; i += 1) {
      const invited = await t.invite();
      await t
        .http()
        .post(`/s/${invited.token}`)
        .set('accept', 'application/json')
        .send({
          consent: 'anonymous',
          score: (i % 5) + 1,
          comment: i % 3 === 0 ? undefined : `Anonymous thoughts number ${i}: ${long.slice(0, 80)}`,
          answers: i % 2 ? { what_went_wrong: ['staff'] } : {},
        })
        .expect(201);
    }
    await eventually(
      async () =>
        expect(await t.count('SELECT count(*)::int AS n FROM anonymous_responses')).toBe(10),
      10_000,
    );
    const { rows } = await t.db.query<{ first: string; last: string }>(
      `SELECT m::date::text AS first, (m + interval '1 month - 1 day')::date::text AS last
       FROM date_trunc('month', now() AT TIME ZONE 'UTC') AS m`,
    );
    days = `from=${rows[0].first}&to=${rows[0].last}`;
    browser = await launchChromium();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it.each(LAYOUTS)('searches, reads and stays accessible on a %s', async (_, phone) => {
    const context = await consoleContext(browser!, baseURL, phone);
    contexts.push(context);
    const page = await context.newPage();
    await signInAt(page, manager);

    await axeCheck(page, `/console/responses?${days}`);
    expect(await page.locator('main').textContent()).toContain('10 anonymous answers match.');
    expect(await page.locator('.anonymous-answers li').count()).toBe(10);
    expect(await page.locator('.anonymous-answers a').count()).toBe(0);

    // The form, as a person fills it: a Finnish word in another form finds the Finnish comment.
    await page.getByLabel('Search comments').fill('huoneessa');
    await page.getByRole('button', { name: 'Find answers' }).click();
    await page.waitForURL(/q=huoneessa/);
    const rows = page.locator('#identified-heading ~ div tbody tr');
    expect(await rows.count()).toBe(1);
    await expect(rows.first().textContent()).resolves.toContain('Aino Virta');
    await expectAccessible(page);

    await rows.first().getByRole('link', { name: /Read/ }).click();
    await page.waitForURL(/\/console\/responses\/[0-9a-f-]{36}$/);
    const reading = (await page.locator('main').textContent()) ?? '';
    expect(reading).toContain('Answer from Aino Virta');
    expect(reading).toContain('The room, Cleanliness');
    expect(reading).toContain('Travelling with family: Phone');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Open the case this answer opened' }).click();
    await page.waitForURL(/\/console\/cases\/[0-9a-f-]{36}$/);
  });
});

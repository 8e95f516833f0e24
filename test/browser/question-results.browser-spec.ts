import type { Browser, BrowserContext } from 'playwright-core';
import { expectAccessible, launchChromium } from '../support/browser';
import { consoleContext, LAYOUTS, signInAt } from '../support/console-browser';
import { createUser } from '../support/factories';
import {
  answerIdentified,
  startSurveyTestApp,
  type SurveyTestApp,
} from '../support/survey-fixtures';

jest.setTimeout(120_000);

/**
 * The per-question results page in a real Chromium: its scripts draw each question's answers as
 * a bar chart and its trend as lines, without an error, and the page stays axe-clean and within
 * the screen on a desktop and a phone with the charts drawn.
 */
describe('per-question results in Chromium', () => {
  let t: SurveyTestApp;
  let baseURL: string;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  let manager: { email: string; password: string };

  beforeAll(async () => {
    t = await startSurveyTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseURL = await t.app.getUrl();
    manager = await createUser(t.app, 'manager');
    for (const ticked of [['room'], ['room', 'staff'], ['billing']]) {
      await answerIdentified(t, await t.invite(), {
        score: 2,
        answers: { what_went_wrong: ticked },
      });
    }
    browser = await launchChromium();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const [layout, phone] of LAYOUTS) {
    it(`draws the charts on a ${layout}, axe-clean`, async () => {
      const context = await consoleContext(browser!, baseURL, phone);
      contexts.push(context);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await signInAt(page, manager);
      await page.goto('/console/reports/questions?survey=stay');
      const question = page.locator('#question-what_went_wrong');
      await question.locator('figure[data-chart="bar"] canvas').waitFor();
      await question.locator('figure[data-chart="line"] canvas').waitFor();
      // The answers' table stays in view beside its chart; the trend's is there for screen readers.
      await expect(question.getByRole('table').first().isVisible()).resolves.toBe(true);
      await expect(
        question
          .getByRole('row', { name: /The room/ })
          .first()
          .textContent(),
      ).resolves.toContain('2');
      expect(errors).toEqual([]);
      await expectAccessible(page);
    });
  }
});

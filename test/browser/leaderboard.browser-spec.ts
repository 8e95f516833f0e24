import type { Browser, BrowserContext } from 'playwright-core';
import { axeCheck, launchChromium } from '../support/browser';
import { consoleContext, LAYOUTS, signInAt } from '../support/console-browser';
import { createUser } from '../support/factories';
import {
  answerIdentified,
  startSurveyTestApp,
  type SurveyTestApp,
} from '../support/survey-fixtures';

// Jest reads testTimeout from the root config only, never from a project: set it per file.
jest.setTimeout(120_000);

/**
 * The leaderboard (issue 16) in a real Chromium with both tables filled: axe-core finds no WCAG 2
 * A or AA violation and nothing scrolls sideways, on a desktop and on a phone; the form keeps
 * working without JavaScript (a GET).
 */
describe('the leaderboard in Chromium', () => {
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
    const people = [
      { externalId: 'E-1', name: 'Aino Virtanen' },
      { externalId: 'E-2', name: 'Bartholomew Featherstonehaugh-Wolstenholme' },
    ];
    for (const [i, score] of [5, 4, 5, 2, 4, 3].entries()) {
      const invited = await t.invite(
        {},
        {
          touchpoint: {
            type: 'stay',
            location:
              i % 2 ? 'Helsinki Airport hotel, terminal 2 arrivals hall' : 'Tampere Station',
            channel: 'front desk',
            staff: people[i % 2],
          },
        },
      );
      await answerIdentified(t, invited, { score });
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

  it.each(LAYOUTS)('is accessible on a %s, both tables filled', async (_, phone) => {
    const context = await consoleContext(browser!, baseURL, phone);
    contexts.push(context);
    const page = await context.newPage();
    await signInAt(page, manager);
    await axeCheck(page, '/console/leaderboard?minAnswers=2');
    await page.getByRole('table').first().waitFor();
    expect(await page.getByRole('row').count()).toBe(6); // two heads, two rows each
    // The form asks again with a GET, as a link would.
    await page.getByLabel('At least this many CSAT answers').fill('4');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/minAnswers=4/);
    await page.getByText('No location has 4 CSAT answers in this period.').waitFor();
  });
});

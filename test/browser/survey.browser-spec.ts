import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { Client } from 'pg';
import { CaseOpening } from '../../src/modules/cases/case-opening';
import { DEMO_SURVEY } from '../../src/modules/demo/demo-survey';
import { invitationToken } from '../../src/common/links/link-tokens';
import { SurveysService } from '../../src/modules/surveys/surveys.service';
import { startTestApp, TestApp } from '../support/app';
import { axeCheck, expectAccessible, launchChromium, phoneContext } from '../support/browser';
import { createApiKey } from '../support/factories';

// Jest reads testTimeout from the root config only, never from a project: set it per file.
jest.setTimeout(60_000);

/**
 * A customer on a phone, in a real Chromium against the whole app on a listening port: the
 * survey answered both ways (and without JavaScript), and every customer-facing page checked
 * with axe-core against WCAG 2.1 A and AA.
 */
describe('survey pages in Chromium on a phone', () => {
  let t: TestApp;
  let baseURL: string;
  let browser: Browser | undefined;
  let auth: { authorization: string };
  let db: Client;
  let n = 0;

  /** A fresh invitation for a fresh customer, and its link token. */
  async function invitation(): Promise<{ id: string; token: string }> {
    n += 1;
    const { body } = await t
      .http()
      .post('/api/v1/invitations')
      .set(auth)
      .send({
        survey: 'stay',
        customer: { externalId: `b-${n}`, email: `b${n}@example.com`, name: 'Ann' },
        touchpoint: { type: 'stay', reference: `R-${n}`, occurredAt: '2026-11-20T10:00:00Z' },
      })
      .expect(202);
    expect(body.status).toBe('queued');
    return { id: body.id, token: invitationToken(t.config.tokenSecret, body.id) };
  }
  const count = async (sql: string, params: unknown[] = []) =>
    (await db.query<{ n: number }>(sql, params)).rows[0].n;
  const responsesOf = (id: string) =>
    count(`SELECT count(*)::int AS n FROM responses WHERE invitation_id = $1`, [id]);
  const anonymousWith = (comment: string) =>
    count(
      `SELECT count(*)::int AS n FROM (SELECT comment FROM anonymous_responses
       UNION ALL SELECT comment FROM anonymous_response_inbox) a WHERE comment = $1`,
      [comment],
    );

  /**
   * Ticks an option as a tap on it would. `force`: each option's whole card or row is its label,
   * laid over the input by design (a bigger target), which Playwright's hit-target check reads as
   * covered; the click still lands on the option, and `check` fails if it did not take.
   */
  const choose = (scope: Page | Locator, role: 'radio' | 'checkbox', name: string | RegExp) =>
    scope.getByRole(role, { name, exact: true }).check({ force: true });

  beforeAll(async () => {
    t = await startTestApp({ ROLE: 'api' });
    await t.app.listen(0, '127.0.0.1');
    baseURL = await t.app.getUrl();
    auth = { authorization: `Bearer ${await createApiKey(t.app)}` };
    await t.app.get(SurveysService).createSurvey(DEMO_SURVEY);
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await db?.end();
    await t?.close();
  });

  describe('answering', () => {
    let context: BrowserContext;
    let page: Page;
    beforeEach(async () => {
      context = await phoneContext(browser!, { baseURL });
      page = await context.newPage();
    });
    afterEach(() => context?.close());

    it('shows the chosen score and both consent choices on the first screen of a phone', async () => {
      const { token } = await invitation();
      await page.goto(`/s/${token}?score=2`);
      const firstScreen = page.viewportSize()!.height;
      const within = async (name: string | RegExp) => {
        const box = await page
          .getByRole('radio', { name, exact: typeof name === 'string' })
          .boundingBox();
        return box !== null && box.y >= 0 && box.y + box.height <= firstScreen;
      };
      await expect(page.getByRole('radio', { name: '2', exact: true }).isChecked()).resolves.toBe(
        true,
      );
      await expect(within('2')).resolves.toBe(true);
      await expect(within(/^Answer as myself/)).resolves.toBe(true);
      await expect(within(/^Answer anonymously/)).resolves.toBe(true);
      // The full, versioned consent text is one tap away.
      const full = page.locator('.consent-full .consent-text');
      await expect(full.isVisible()).resolves.toBe(false);
      await page.getByText('Read the full consent text').click();
      await expect(full.isVisible()).resolves.toBe(true);
      // A context's preference questions open only once it is ticked.
      const family = page.getByRole('group', { name: 'Travelling with family: your preferences' });
      await expect(family.isVisible()).resolves.toBe(false);
      await choose(page, 'checkbox', 'Travelling with family');
      await expect(family.isVisible()).resolves.toBe(true);
    });

    it('as myself from the email’s score button: consent asked first, then a person promised', async () => {
      const { id, token } = await invitation();
      await page.goto(`/s/${token}?score=2`);
      await expect(page.getByRole('radio', { name: '2', exact: true }).isChecked()).resolves.toBe(
        true,
      );
      await page.getByLabel('Anything else you want to tell us?').fill('The room was cold.');
      await page.getByRole('button', { name: 'Send answers' }).click();

      // Sent without choosing how to answer: the summary, the message at the field, input kept.
      await page.waitForURL(`**/s/${token}`);
      const summary = page.getByRole('alert');
      await expect(summary.getByRole('heading').textContent()).resolves.toBe(
        'Please check these answers',
      );
      await expect(summary.getByRole('link').allTextContents()).resolves.toEqual([
        'Choose how you want to answer.',
      ]);
      await expect(page.locator('#consent-error').textContent()).resolves.toContain(
        'Choose how you want to answer.',
      );
      await expect(
        page.getByLabel('Anything else you want to tell us?').inputValue(),
      ).resolves.toBe('The room was cold.');
      await expect(page.getByRole('radio', { name: '2', exact: true }).isChecked()).resolves.toBe(
        true,
      );
      await expect(page.title()).resolves.toMatch(/^Error: /);

      await choose(page, 'radio', /^Answer as myself/);
      await choose(page, 'checkbox', 'The room');
      await choose(page, 'checkbox', 'Travelling with family');
      await choose(
        page.getByRole('group', { name: 'Travelling with family: your preferences' }),
        'radio',
        'Phone',
      );
      await page.getByRole('button', { name: 'Send answers' }).click();

      await page.waitForURL(`**/s/${token}/thanks`);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
        'Thank you for your answers',
      );
      await expect(page.locator('.lead').textContent()).resolves.toMatch(
        /A person from .+ will contact you by \w+day \d{1,2} \w+, \d{2}:\d{2}\./,
      );
      const { rows } = await db.query(
        `SELECT score, dissatisfied, comment, answers FROM responses WHERE invitation_id = $1`,
        [id],
      );
      expect(rows).toEqual([
        {
          score: 2,
          dissatisfied: true,
          comment: 'The room was cold.',
          answers: expect.objectContaining({
            questions: { what_went_wrong: ['room'] },
          }),
        },
      ]);
      const { rows: profiles } = await db.query(
        `SELECT p.context, p.channel FROM preference_profiles p
         JOIN customers c ON c.id = p.customer_id WHERE c.external_id = $1`,
        [`b-${n}`],
      );
      expect(profiles).toEqual([{ context: 'family_travel', channel: 'phone' }]);
    });

    it('anonymously and unhappy: no follow-up, then contact offered and accepted', async () => {
      const { id, token } = await invitation();
      const comment = `Slow check-in ${id}`;
      await page.goto(`/s/${token}`);
      await choose(page, 'radio', 'Answer anonymously');
      await choose(page, 'radio', '1');
      await page.getByLabel('Anything else you want to tell us?').fill(comment);
      await page.getByRole('button', { name: 'Send answers' }).click();

      await page.waitForURL(`**/s/${token}/thanks?offer=contact`);
      await expect(page.locator('.lead').textContent()).resolves.toBe(
        'We are sorry it did not go well.',
      );
      await choose(page, 'checkbox', 'Yes, you may contact me about this');
      await page.getByRole('button', { name: 'Contact me about this' }).click();

      await page.waitForURL(`**/s/${token}/thanks`);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
        'Thank you, we will contact you',
      );
      expect(await responsesOf(id)).toBe(0);
      expect(await anonymousWith(comment)).toBe(1);
    });

    it('with JavaScript turned off: the pages are plain forms', async () => {
      await context.close();
      context = await phoneContext(browser!, { baseURL, javaScriptEnabled: false });
      page = await context.newPage();
      const { id, token } = await invitation();
      await page.goto(`/s/${token}?score=5`);
      await choose(page, 'radio', /^Answer as myself/);
      await page.getByRole('button', { name: 'Send answers' }).click();

      await page.waitForURL(`**/s/${token}/thanks`);
      await expect(page.locator('.lead').textContent()).resolves.toMatch(/^We read every answer/);
      expect(await responsesOf(id)).toBe(1);
    });
  });

  describe('accessibility (axe-core, WCAG 2.1 A and AA)', () => {
    let context: BrowserContext;
    let page: Page;
    beforeAll(async () => {
      context = await phoneContext(browser!, { baseURL, bypassCSP: true });
      page = await context.newPage();
    });
    afterAll(() => context?.close());

    /** Answers through the form post, as the browser would, and returns the thank-you URL. */
    async function answered(fields: Record<string, string>): Promise<string> {
      const { token } = await invitation();
      const consentText =
        fields.consent === 'identified'
          ? (
              await db.query<{ id: string }>(
                `SELECT id FROM consent_texts WHERE purpose = 'identified_feedback' AND locale = 'en' ORDER BY version DESC LIMIT 1`,
              )
            ).rows[0].id
          : '';
      const posted = await t
        .http()
        .post(`/s/${token}`)
        .type('form')
        .send(new URLSearchParams({ consentText, ...fields }).toString())
        .expect(303);
      return posted.headers.location;
    }
    const heading = () => page.getByRole('heading', { level: 1 }).textContent();

    it('survey page', async () => {
      const { token } = await invitation();
      await axeCheck(page, `/s/${token}?score=3`);
      await expect(heading()).resolves.toBe('Tell us how it went');
    });

    it('survey page with validation errors', async () => {
      const { token } = await invitation();
      await page.goto(`/s/${token}`);
      await page.getByRole('button', { name: 'Send answers' }).click();
      await page.waitForSelector('.error-summary');
      await expect(page.getByRole('alert').getByRole('link').count()).resolves.toBe(2);
      await expectAccessible(page);
    });

    it('survey page in dark mode', async () => {
      const dark = await phoneContext(browser!, { baseURL, bypassCSP: true, colorScheme: 'dark' });
      try {
        const { token } = await invitation();
        await axeCheck(await dark.newPage(), `/s/${token}?score=3`);
      } finally {
        await dark.close();
      }
    });

    it('thank-you page, satisfied', async () => {
      await axeCheck(page, await answered({ consent: 'anonymous', score: '5' }));
      await expect(page.locator('.lead').textContent()).resolves.toMatch(/^We read every answer/);
    });

    it('thank-you page with the follow-up promise', async () => {
      await axeCheck(page, await answered({ consent: 'identified', score: '1' }));
      await expect(page.locator('.lead').textContent()).resolves.toMatch(/will contact you by /);
    });

    it('thank-you page with the contact offer', async () => {
      await axeCheck(page, await answered({ consent: 'anonymous', score: '1' }));
      await expect(page.getByRole('checkbox').count()).resolves.toBe(1);
    });

    it('thank-you page after contact was requested', async () => {
      await page.goto(await answered({ consent: 'anonymous', score: '2' }));
      await choose(page, 'checkbox', 'Yes, you may contact me about this');
      await page.getByRole('button', { name: 'Contact me about this' }).click();
      await page.waitForURL('**/thanks');
      await expect(heading()).resolves.toBe('Thank you, we will contact you');
      await expectAccessible(page);
    });

    it('closed page, already answered', async () => {
      const thanks = await answered({ consent: 'anonymous', score: '4' });
      await axeCheck(page, thanks.replace(/\/thanks$/, ''));
      await expect(heading()).resolves.toBe('You have already answered this survey');
    });

    it('closed page, expired', async () => {
      const { id, token } = await invitation();
      await db.query(
        `UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = $1`,
        [id],
      );
      await axeCheck(page, `/s/${token}`, 410);
      await expect(heading()).resolves.toBe('This survey has closed');
    });

    it('Your feedback, with a consent given', async () => {
      const thanks = await answered({ consent: 'identified', score: '5' });
      const token = thanks.split('/')[2];
      await axeCheck(page, `/p/${token}`);
      await expect(heading()).resolves.toBe('Your feedback');
    });

    it('Your feedback: the case of an unhappy answer, and a message written from it', async () => {
      const thanks = await answered({ consent: 'identified', score: '1', comment: 'Cold room' });
      const token = thanks.split('/')[2];
      // What the worker would do (this app runs none): the answer opens its case.
      const { rows } = await db.query<{ id: string }>(
        `SELECT id FROM responses WHERE comment = 'Cold room' ORDER BY submitted_at DESC LIMIT 1`,
      );
      await t.app.get(CaseOpening).openForResponse(rows[0].id);
      await page.goto(`/p/${token}`);
      await expect(page.locator('.feedback-case').textContent()).resolves.toContain('Received.');
      await page.getByLabel('Write to us').fill('It was room 214.');
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      await page.waitForURL(/\?done=replied/);
      await expectAccessible(page);
      await expect(page.getByRole('status').textContent()).resolves.toContain(
        'the person looking after your case has your message',
      );
      await expect(page.locator('.feedback-message').textContent()).resolves.toContain(
        'It was room 214.',
      );
    });

    it('privacy center after erasure', async () => {
      const { token } = await invitation();
      await page.goto(`/p/${token}`);
      await page.getByLabel('I understand that this cannot be undone').check({ force: true });
      await page.getByRole('button', { name: 'Erase my data' }).click();
      await page.waitForSelector('h1');
      await expectAccessible(page);
      await expect(heading()).resolves.toBe('Your data is erased');
    });

    it('link-not-found page', async () => {
      await axeCheck(page, '/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 404);
      await expect(heading()).resolves.toBe('This link does not work');
    });

    it('the check itself: fails on a missing alt text and on a page wider than the phone', async () => {
      await page.setContent(
        '<html lang="en"><title>x</title><main><img src="a.png"></main></html>',
      );
      await expect(expectAccessible(page)).rejects.toThrow(/image-alt \(critical\)[^]*img/);
      await page.setContent(
        '<html lang="en"><title>x</title><main style="width:500px">x</main></html>',
      );
      await expect(expectAccessible(page)).rejects.toThrow(/scrolls sideways/);
    });
  });
});

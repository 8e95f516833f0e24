import { createTransport } from 'nodemailer';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CaseReplies } from '../../src/modules/cases/case-replies';
import { replyAddress } from '../../src/modules/cases/reply-address';
import { MailCatcher } from '../../src/modules/mail-transport/mail-catcher';
import { axeCheck, launchChromium } from '../support/browser';
import { consoleContext, LAYOUTS, signInAt } from '../support/console-browser';
import { consolePages, webhookEndpoint } from '../support/console-pages';
import { eventually } from '../support/eventually';
import { createUser, signIn, type SignedIn } from '../support/factories';
import {
  answerRecovery,
  form,
  startSurveyTestApp,
  type SurveyTestApp,
  unhappyCase,
} from '../support/survey-fixtures';

// Jest reads testTimeout from the root config only, never from a project: set it per file.
jest.setTimeout(180_000);

/** What the keyboard is on: enough to name it, and whether a sighted user can see it. */
interface Stop {
  tag: string;
  name: string;
  /** Focus drawn (an outline or a shadow) on an element that is on the screen. */
  visible: boolean;
}

/**
 * Accessibility of the whole console (issue 15) in a real Chromium: axe-core finds no WCAG 2 A or
 * AA violation on any page an admin reaches, around a case worked through every kind of entry, on
 * a phone and on a desktop; and the case page is worked by keyboard alone, its actions reached in
 * order with their focus visible.
 */
describe('the console’s accessibility in Chromium', () => {
  let t: SurveyTestApp;
  let baseURL: string;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  let admin: { email: string; password: string };
  let worked: { caseId: string; externalId: string; responseId: string };
  let webhookId: string;

  beforeAll(async () => {
    t = await startSurveyTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseURL = await t.app.getUrl();
    admin = await createUser(t.app, 'admin');
    // Agents and managers work cases; admins look on.
    const agent = await createUser(t.app, 'agent');
    worked = await workedCase(await signIn(t.http, agent.email, agent.password));
    webhookId = await webhookEndpoint(t.db);
    browser = await launchChromium();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /**
   * A case with one of everything: claimed, an email out and the customer's reply in, a logged
   * call, a note, resolved, and a recovery answer that was not made right (so it is open again,
   * with its composer and resolve form).
   */
  async function workedCase(session: SignedIn) {
    const { caseId, invited } = await unhappyCase(t, 1, {
      answer: {
        answers: { what_went_wrong: ['room', 'billing'] },
        comment: 'Cold room, wrong bill.',
        preferences: [{ context: 'family_travel', channel: 'email', interests: ['spa'] }],
      },
    });
    const get = (path: string) => t.http().get(path).set('cookie', session.cookie);
    const post = async (action: string, fields: Record<string, string> = {}) => {
      const page = (await get(`/console/cases/${caseId}`).expect(200)).text;
      const version = /name="version" value="(\d+)"/.exec(page)![1];
      await t
        .http()
        .post(`/console/cases/${caseId}/${action}`)
        .set('cookie', session.cookie)
        .type('form')
        .send(form({ _csrf: session.csrfToken, version, ...fields }))
        .expect(303);
    };
    const catcher = t.app.get(MailCatcher);
    const mailTo = (subject: string) =>
      catcher.waitFor(
        (m) => m.envelope.to.includes(invited.email) && m.subject === subject,
        10_000,
      );

    await post('claim');
    await post('messages', { subject: 'Your room', body: 'Which room was it?' });
    await mailTo('Your room');
    const reply = await createTransport({ streamTransport: true, buffer: true }).sendMail({
      from: invited.email,
      to: replyAddress(t.config.replyToAddress!, t.config.tokenSecret, caseId),
      subject: 'Re: Your room',
      text: 'Room 214.',
    });
    expect(await t.app.get(CaseReplies).receive(reply.message as Buffer)).toBe('recorded');
    await post('contacts', { channel: 'phone', summary: 'Called, apologised.' });
    await post('notes', { body: 'Radiator reported to maintenance.' });
    await post('resolve', { rootCause: 'product_quality', resolution: 'Radiator fixed.' });
    await answerRecovery(t, invited.email, { score: '2', comment: 'Still cold.' });
    await eventually(async () =>
      expect((await get(`/console/cases/${caseId}`)).text).toContain('recovery survey'),
    );
    const answer = await t.db.query<{ id: string }>(
      'SELECT response_id AS id FROM follow_up_cases WHERE id = $1',
      [caseId],
    );
    return { caseId, externalId: invited.externalId, responseId: answer.rows[0].id };
  }

  async function openPage(phone: boolean): Promise<Page> {
    const context = await consoleContext(browser!, baseURL, phone);
    contexts.push(context);
    return context.newPage();
  }

  it.each(LAYOUTS)('finds no axe violation on any console page on a %s', async (_, phone) => {
    const page = await openPage(phone);
    await signInAt(page, admin);
    // Every page is checked, and every failure reported together.
    const failures: string[] = [];
    const { caseId, externalId, responseId } = worked;
    for (const path of consolePages(caseId, externalId, responseId, webhookId)) {
      try {
        await axeCheck(page, path);
      } catch (error) {
        failures.push(`${path}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  /** Tabs from the top of the page to its end (focus back on the page), noting every stop. */
  async function tabThrough(page: Page): Promise<Stop[]> {
    const stops: Stop[] = [];
    for (let i = 0; i < 200; i += 1) {
      await page.keyboard.press('Tab');
      const stop = await page.evaluate(focusedStop);
      if (stop === null) return stops;
      stops.push(stop);
    }
    throw new Error(`200 tab stops and still not at the end: ${JSON.stringify(stops.slice(-5))}`);
  }

  /** Where in `stops` the control named `name` is (-1: never reached). */
  const stopOf = (stops: Stop[], tag: string, name: RegExp) =>
    stops.findIndex((stop) => stop.tag === tag && name.test(stop.name));

  it.each(LAYOUTS)('works the case page by keyboard alone on a %s', async (_, phone) => {
    const agent = await createUser(t.app, 'agent');
    const { caseId } = await unhappyCase(t, 1, { answer: { comment: 'Noisy at night.' } });
    const page = await openPage(phone);
    await signInAt(page, agent);
    await page.goto(`/console/cases/${caseId}`);

    // An open case, from the top: every stop's focus seen, the skip link second (after the
    // brand), then the top bar, the page's own controls and "Assign to me" among them.
    const before = await tabThrough(page);
    expect(before.filter((stop) => !stop.visible)).toEqual([]);
    expect(before.slice(0, 2).map((stop) => stop.name)).toEqual(['Candor', 'Skip to the page']);
    const pageStart = stopOf(before, 'SUMMARY', /^Keyboard shortcuts$/) + 1;
    const assign = stopOf(before, 'BUTTON', /^Assign to me$/);
    expect(assign).toBeGreaterThanOrEqual(pageStart);

    // The skip link leaves the top bar behind; Enter on "Assign to me" takes the case.
    await page.goto(`/console/cases/${caseId}`);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(focusedStop)).resolves.toMatchObject({ name: 'Skip to the page' });
    await page.keyboard.press('Enter');
    for (let i = pageStart; i <= assign; i += 1) await page.keyboard.press('Tab');
    await expect(page.evaluate(focusedStop)).resolves.toEqual(before[assign]);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/console/cases/${caseId}?done=claimed`);
    await expect(page.getByRole('status').first().textContent()).resolves.toBe(
      'The case is yours now.',
    );

    // The agent's case: from the top, the composer and then the resolve form, in reading order.
    const after = await tabThrough(page);
    expect(after.filter((stop) => !stop.visible)).toEqual([]);
    const order = [
      stopOf(after, 'SELECT', /^Start from a template/),
      stopOf(after, 'TEXTAREA', /^Message/),
      stopOf(after, 'BUTTON', /^Send email$/),
      stopOf(after, 'SELECT', /^Root cause/),
      stopOf(after, 'BUTTON', /^Resolve case$/),
    ];
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

/**
 * The focused element as a Stop, or null when focus is back on the page itself. Runs in the page
 * (the test's TypeScript has no DOM types, hence the loose ones).
 */
function focusedStop(): Stop | null {
  type El = {
    tagName: string;
    textContent: string | null;
    labels?: { textContent: string | null }[] | null;
    getAttribute(name: string): string | null;
    matches(selector: string): boolean;
    getBoundingClientRect(): { top: number; bottom: number; left: number; right: number };
  };
  const { document, getComputedStyle, innerHeight, innerWidth } = globalThis as unknown as {
    document: { activeElement: El | null; body: El };
    getComputedStyle(el: El): { outlineStyle: string; outlineWidth: string; boxShadow: string };
    innerHeight: number;
    innerWidth: number;
  };
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const words = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();
  const name =
    words(el.getAttribute('aria-label')) ||
    words(el.labels?.[0]?.textContent) ||
    words(el.textContent);
  const style = getComputedStyle(el);
  const drawn =
    (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) ||
    style.boxShadow !== 'none';
  const box = el.getBoundingClientRect();
  const onScreen =
    box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth;
  return { tag: el.tagName, name, visible: drawn && el.matches(':focus-visible') && onScreen };
}

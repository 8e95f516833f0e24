import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import type { SurveyTestApp } from './survey-fixtures';
import { phoneContext } from './browser';
import { eventually } from './eventually';

/** The two layouts the console is checked in: a desktop's two columns and a phone's one. */
export const LAYOUTS = [
  ['desktop', false],
  ['phone', true],
] as const;

/**
 * A browser context for the app at `baseURL` on a phone or a desktop. `bypassCSP`: axe goes in
 * as an inline script, which the app's Content-Security-Policy rightly refuses.
 */
export async function consoleContext(
  browser: Browser,
  baseURL: string,
  phone: boolean,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const settings = { baseURL, bypassCSP: true, ...options };
  const context = phone
    ? await phoneContext(browser, settings)
    : await browser.newContext({ viewport: { width: 1280, height: 900 }, ...settings });
  context.setDefaultTimeout(10_000);
  return context;
}

/** Signs in through the console's login page, as a person would. */
export async function signInAt(
  page: Page,
  user: { email: string; password: string },
): Promise<void> {
  await page.goto('/console/login');
  await page.getByLabel('Email address').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
}

/**
 * Every queued case event and email has run: what is in the SMTP sink now is all there will be
 * (a notification sent twice would be there by now).
 */
export async function jobsSettled(t: SurveyTestApp): Promise<void> {
  await eventually(async () => {
    const pending = await t.count(
      `SELECT count(*)::int AS n FROM pgboss.job
       WHERE name IN ('case.assigned', 'case.reply_received', 'email.send')
         AND state IN ('created', 'retry', 'active') AND start_after <= now()`,
    );
    if (pending !== 0) throw new Error(`${pending} jobs still to run`);
  }, 15_000);
}

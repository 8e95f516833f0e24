import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Axe from 'axe-core';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';

/**
 * Browser tests drive Debian's Chromium through playwright-core: never a browser build that
 * Playwright downloads (`npx playwright install` cannot reach its hosts here, nor in CI).
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A phone: the survey link is opened from an email, mostly on one. */
const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
};

/** Where every page that `axeCheck` looks at leaves a full-page screenshot, for a person to see. */
export const SCREENSHOT_DIR = join(tmpdir(), 'candor-browser-screenshots');

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const AXE_SCRIPT = require.resolve('axe-core/axe.min.js');

/** Fails loudly when Chromium is missing: CI installs it, so a skipped browser test hides a gap. */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}. The browser tests drive Debian's Chromium: ` +
        'apt-get install chromium (or set CHROMIUM_PATH to a Chromium binary).',
    );
  }
  // --no-sandbox: CI and development machines run as root, where Chromium refuses its sandbox.
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox'] });
}

/**
 * A phone's browser context (plus `options`: baseURL, colorScheme, …). Playwright's own waits are
 * cut to 10 s, so a missing element fails with its call log well within the test's time.
 */
export async function phoneContext(
  browser: Browser,
  options: BrowserContextOptions,
): Promise<BrowserContext> {
  const context = await browser.newContext({ ...PHONE, ...options });
  context.setDefaultTimeout(10_000);
  return context;
}

/**
 * Opens `url` (relative to the context's baseURL), expects the HTTP status and an accessible page
 * (`expectAccessible`). The context needs `bypassCSP: true`: axe goes in as an inline script, which
 * the app's Content-Security-Policy rightly refuses.
 */
export async function axeCheck(page: Page, url: string, status = 200): Promise<void> {
  const response = await page.goto(url);
  if (response?.status() !== status) {
    throw new Error(`GET ${url} answered ${response?.status()}, expected ${status}`);
  }
  await expectAccessible(page);
}

/**
 * The page as it is now: no sideways scrolling at the viewport's width (WCAG 1.4.10 reflow, which
 * axe cannot judge) and no axe-core violation of the WCAG 2.1 A and AA rules. Screenshots it first,
 * so a failure can be looked at.
 */
export async function expectAccessible(page: Page): Promise<void> {
  await screenshot(page);
  const widths = await page.evaluate(() => {
    type Box = { scrollWidth: number; clientWidth: number };
    const root = (globalThis as unknown as { document: { documentElement: Box } }).document
      .documentElement;
    return { scroll: root.scrollWidth, client: root.clientWidth };
  });
  if (widths.scroll > widths.client) {
    throw new Error(
      `${page.url()} is ${widths.scroll}px wide on a ${widths.client}px screen: it scrolls sideways`,
    );
  }
  await page.addScriptTag({ path: AXE_SCRIPT });
  const violations = await page.evaluate(async (tags) => {
    const { axe, document } = globalThis as unknown as {
      axe: typeof Axe;
      document: Axe.ElementContext;
    };
    const results = await axe.run(document, { runOnly: tags, resultTypes: ['violations'] });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
    }));
  }, WCAG_TAGS);
  if (violations.length > 0) {
    const list = violations
      .map((v) => `- ${v.id} (${v.impact}): ${v.help}\n    ${v.targets.join('\n    ')}`)
      .join('\n');
    throw new Error(`axe found ${violations.length} violation(s) on ${page.url()}:\n${list}`);
  }
}

/** A full-page screenshot named after the running test. */
export async function screenshot(page: Page): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const test = expect.getState().currentTestName ?? 'page';
  const name = test
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

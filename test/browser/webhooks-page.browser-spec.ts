import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app';
import { expectAccessible, launchChromium } from '../support/browser';
import { consoleContext, LAYOUTS, signInAt } from '../support/console-browser';
import { createUser } from '../support/factories';
import { WebhookReceiver } from '../support/webhook-receiver';

// Jest reads testTimeout from the root config only, never from a project: set it per file.
jest.setTimeout(120_000);

/**
 * The webhooks admin pages in a real Chromium (issue 17), on a desktop and on a phone, against a
 * receiver on loopback: every page a form answers with (a refusal, the secret shown once, a
 * rotated secret, the delete question) fits the screen and passes axe; a test event sent from the
 * endpoint's page shows as delivered in its log by itself, without a reload (htmx).
 */
describe('the webhooks pages in Chromium', () => {
  let t: TestApp;
  let baseURL: string;
  let browser: Browser | undefined;
  let receiver: WebhookReceiver;
  let admin: { email: string; password: string };
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_ALLOW_PRIVATE: '127.0.0.1', WEBHOOK_RETRY_BASE_MS: '1000' });
    await t.app.listen(0, '127.0.0.1');
    baseURL = await t.app.getUrl();
    admin = await createUser(t.app, 'admin');
    receiver = await WebhookReceiver.start();
    browser = await launchChromium();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    await t?.close();
  });

  async function openPage(phone: boolean): Promise<Page> {
    const context = await consoleContext(browser!, baseURL, phone);
    contexts.push(context);
    const page = await context.newPage();
    await signInAt(page, admin);
    return page;
  }

  it.each(LAYOUTS)('adds, tests, rotates and deletes an endpoint on a %s', async (_, phone) => {
    const page = await openPage(phone);
    await page.goto('/console/admin/webhooks');
    const url = page.getByLabel('URL', { exact: true });
    const add = page.getByRole('button', { name: 'Add endpoint' });

    // Refused: the sentence next to the field (and in the summary, focused), what was typed kept.
    await url.fill('https://crm.example.com/hooks/candor/with-a-long-path/that-goes-on-and-on');
    await page.getByLabel('Value').first().fill('a value without a name');
    await add.click();
    await expect(page.locator('.error-summary').textContent()).resolves.toContain(
      'Header 1 has a value but no name.',
    );
    await expect(page.getByLabel('Value').first().inputValue()).resolves.toBe(
      'a value without a name',
    );
    await expectAccessible(page);
    await page.getByLabel('Value').first().fill('');
    await url.fill('not a url');
    await add.click();
    await expect(url.getAttribute('aria-invalid')).resolves.toBe('true');
    await expectAccessible(page);

    await url.fill(receiver.url);
    await page.getByLabel('Description').fill(`The CRM on a ${phone ? 'phone' : 'desktop'}`);
    await add.click();
    await expect(page.getByRole('status').first().textContent()).resolves.toContain(
      'will not be shown again',
    );
    await expectAccessible(page);

    // The test event, refused by the receiver until the page shows it waiting: then delivered at
    // a retry, which the log shows by itself.
    let receiving = false;
    receiver.answer = () => (receiving ? 200 : 503);
    const before = receiver.accepted('webhook.test').length;
    await page.getByRole('button', { name: 'Send test event' }).click();
    await page.waitForURL(/\?done=test$/);
    await page.evaluate(() => ((globalThis as Record<string, unknown>).notReloaded = true));
    await page.locator('#delivery-log td', { hasText: /^Waiting to be sent$/ }).waitFor();
    receiving = true;
    await page.locator('#delivery-log td', { hasText: /^Delivered$/ }).waitFor({ timeout: 20_000 });
    await expect(
      page.evaluate(() => (globalThis as Record<string, unknown>).notReloaded),
    ).resolves.toBe(true);
    expect(receiver.accepted('webhook.test').length).toBe(before + 1);
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await expect(page.getByRole('status').first().textContent()).resolves.toContain(
      'The old secret keeps signing beside it until',
    );
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Delete endpoint' }).click();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Yes, delete the endpoint' }).click();
    await page.waitForURL(/\/console\/admin\/webhooks\?done=deleted$/);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain(
      'The endpoint is deleted',
    );
  });
});

import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { AllExceptionsFilter } from '../../src/common/errors/all-exceptions.filter';
import { createLogger } from '../../src/common/logging/logger';
import { TemplatesModule } from '../../src/common/templates/templates.module';
import { type AppConfig, loadConfig } from '../../src/config/app-config';
import { ConfigModule } from '../../src/config/config.module';
import { EmailRenderer } from '../../src/modules/email/email-renderer';
import { MailCatcher } from '../../src/modules/mail-transport/mail-catcher';
import { MailTransport, type OutgoingMail } from '../../src/modules/mail-transport/mail-transport';
import { MailTransportModule } from '../../src/modules/mail-transport/mail-transport.module';
import { mailConfig } from '../../src/config/config-sections';

const MAIL_FROM = 'Candor <feedback@candor.localhost>';

function testConfig(env: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    TOKEN_SECRET: 'test-token-secret-0123456789abcdef0123',
    SESSION_SECRET: 'test-session-secret-0123456789abcdef01',
    LOG_LEVEL: 'silent',
    ...env,
  });
}

/** ConfigModule + TemplatesModule + MailTransportModule behind Fastify with the app's error filter; no database needed. */
async function startMailApp(config: AppConfig): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(config),
      TemplatesModule,
      MailTransportModule.forRoot(mailConfig(config)),
    ],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
  app.useGlobalFilters(new AllExceptionsFilter(createLogger('silent'), config.bodyLimitBytes));
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/** The text part of a real invitation: long lines (quoted-printable soft breaks), an en dash. */
function invitationText(): string {
  return new EmailRenderer().render('invitation', {
    locale: 'en',
    companyName: 'Candor Demo Hotel',
    customerName: 'Ann',
    subject: 'How was your stay?',
    intro: 'Thank you for staying with us.\n\nWe read every answer.',
    scoreQuestion: 'How satisfied were you?',
    scoreLinks: [1, 2, 3, 4, 5].map((score) => ({
      score,
      url: `https://candor.localhost/s/t?score=${score}`,
    })),
    scaleLabels: { low: 'Very dissatisfied', high: 'Very satisfied' },
    surveyUrl: 'https://candor.localhost/s/t',
    privacyUrl: 'https://candor.localhost/p/t',
    unsubscribeUrl: 'https://candor.localhost/u/t',
    expiresOn: '8 December 2026',
    minutes: 2,
  }).text;
}

/** The text of the page's <pre>, with Handlebars' escapes undone. */
function preformatted(page: string): string | undefined {
  const escaped = /<pre[^>]*>([\s\S]*?)<\/pre>/.exec(page)?.[1];
  const entities: Record<string, string> = {
    '&lt;': '<',
    '&gt;': '>',
    '&quot;': '"',
    '&#x27;': "'",
    '&#x60;': '`',
    '&#x3D;': '=',
    '&amp;': '&',
  };
  return escaped?.replace(/&(lt|gt|quot|amp|#x27|#x60|#x3D);/g, (entity) => entities[entity]);
}

function message(overrides: Partial<OutgoingMail> = {}): OutgoingMail {
  return {
    to: 'ann@example.com',
    subject: 'Subject',
    html: '<p>Hello</p>',
    text: 'Hello',
    messageId: `<${randomUUID()}@candor.localhost>`,
    ...overrides,
  };
}

describe('MailTransportModule without SMTP_URL: the catcher and /dev/mail', () => {
  let app: NestFastifyApplication;
  let catcher: MailCatcher;
  let transport: MailTransport;

  beforeAll(async () => {
    app = await startMailApp(testConfig());
    catcher = app.get(MailCatcher);
    transport = app.get(MailTransport);
  });

  afterAll(() => app?.close());

  beforeEach(() => catcher.clear());

  async function deliver(overrides: Partial<OutgoingMail> = {}) {
    const sent = message(overrides);
    await transport.send(sent);
    return catcher.waitFor((m) => m.messageId === sent.messageId);
  }

  it('explains the empty list', async () => {
    const page = await app.inject({ method: 'GET', url: '/dev/mail' });

    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<title>Captured mail · Candor</title>');
    expect(page.body).toContain('No mail has been captured yet');
  });

  it('lists mail newest first as HTML (escaped) and as JSON', async () => {
    const first = await deliver({ to: 'first@example.com', subject: 'First' });
    const second = await deliver({
      to: 'second@example.com',
      subject: '<script>alert(1)</script>',
    });

    const page = await app.inject({ method: 'GET', url: '/dev/mail' });
    expect(page.body).not.toContain('No mail has been captured yet');
    expect(page.body).toContain(`href="/dev/mail/${first.id}"`);
    expect(page.body).toContain(`href="/dev/mail/${second.id}"`);
    expect(page.body.indexOf('second@example.com')).toBeLessThan(
      page.body.indexOf('first@example.com'),
    );
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).not.toContain('<script>');

    const list = await app.inject({ method: 'GET', url: '/dev/mail/messages' });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual([second, first]);
  });

  it('returns one message as JSON, and the error shape for an unknown id', async () => {
    const mail = await deliver();

    const one = await app.inject({ method: 'GET', url: `/dev/mail/messages/${mail.id}` });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual(mail);

    for (const url of ['/dev/mail/messages/nope', '/dev/mail/nope']) {
      const missing = await app.inject({ method: 'GET', url });
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({
        code: 'not_found',
        message: 'No captured message has this id.',
      });
    }
  });

  it('shows headers, the text part, and the HTML part only inside a sandboxed srcdoc', async () => {
    const mail = await deliver({
      subject: 'Your survey',
      html: '<p onclick="steal()">Answer <a href="https://candor.localhost/s/t">here</a></p>',
      text: 'Answer here: https://candor.localhost/s/t',
      headers: { 'List-Unsubscribe': '<https://candor.localhost/u/t>' },
    });

    const page = await app.inject({ method: 'GET', url: `/dev/mail/${mail.id}` });

    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<title>Your survey · Candor</title>');
    const frame = /<iframe [^>]*>/.exec(page.body)?.[0] ?? '';
    expect(frame).toContain(
      'sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation"',
    );
    // srcdoc holds the email escaped once, with links sent to a new tab.
    expect(frame).toContain(
      'srcdoc="&lt;base target&#x3D;&quot;_blank&quot;&gt;&lt;p onclick&#x3D;&quot;steal()&quot;&gt;',
    );
    expect(page.body).not.toContain('<p onclick');
    expect(page.body).toContain('Answer here: https://candor.localhost/s/t');
    expect(page.body).toContain('<code>list-unsubscribe</code>');
    expect(page.body).toContain('&lt;https://candor.localhost/u/t&gt;');
  });

  it('passes the text part of a rendered invitation through SMTP unchanged', async () => {
    const text = invitationText();
    const mail = await deliver({ text });

    expect(mail.text).toBe(text);
    const json = await app.inject({ method: 'GET', url: `/dev/mail/messages/${mail.id}` });
    expect(json.json()).toMatchObject({ text });
  });

  // Known bug: the page layout (templates/partials/layout.hbs) calls `{{> @partial-block }}`
  // indented by four spaces, and Handlebars copies that indent onto every line of the page, the
  // <pre> included. Turn this into `it` once PageRenderer compiles with `preventIndent: true`.
  it('shows the text part exactly as sent, no line indented', async () => {
    const text = invitationText();
    const mail = await deliver({ text });

    const page = await app.inject({ method: 'GET', url: `/dev/mail/${mail.id}` });

    expect(preformatted(page.body)).toBe(text);
  });

  it('stops its catcher when the application shuts down', async () => {
    const other = await startMailApp(testConfig());
    const url = other.get(MailCatcher).url;
    await other.close();

    const probe = new MailTransport(url, MAIL_FROM);
    try {
      await expect(probe.verify()).rejects.toMatchObject({ kind: 'transient' });
    } finally {
      probe.close();
    }
    await expect(transport.verify()).resolves.toBeUndefined();
  });
});

describe('MailTransportModule with SMTP_URL', () => {
  const relay = new MailCatcher();
  let app: NestFastifyApplication;

  beforeAll(async () => {
    await relay.start();
    app = await startMailApp(testConfig({ SMTP_URL: relay.url }));
  });

  afterAll(async () => {
    await app?.close();
    await relay.stop();
  });

  it('sends through that server, runs no catcher and serves no /dev/mail', async () => {
    expect(() => app.get(MailCatcher)).toThrow();
    const sent = message();

    await app.get(MailTransport).send(sent);

    await expect(relay.waitFor((m) => m.messageId === sent.messageId)).resolves.toMatchObject({
      envelope: { from: 'feedback@candor.localhost', to: ['ann@example.com'] },
    });
    const page = await app.inject({ method: 'GET', url: '/dev/mail' });
    expect(page.statusCode).toBe(404);
  });
});

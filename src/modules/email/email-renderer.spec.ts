import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locale } from '../../common/i18n/locale';
import { projectRoot } from '../../common/project-root';
import {
  EmailRenderer,
  sanitizeSubject,
  type EmailTemplate,
  type SurveyEmailContext,
} from './email-renderer';
import { EMAIL_TEXTS } from './email-texts';

const SURVEY_URL = 'https://candor.example/s/TOKEN123';

function context(overrides: Partial<SurveyEmailContext> = {}): SurveyEmailContext {
  return {
    locale: 'en',
    companyName: 'Candor Demo Hotel',
    customerName: 'Ann',
    subject: 'How was your stay?',
    intro: 'Thank you for staying with us.\n\nWe read every answer.',
    scoreQuestion: 'How satisfied were you?',
    scoreLinks: scale(1, 5),
    scaleLabels: { low: 'Very dissatisfied', high: 'Very satisfied' },
    surveyUrl: SURVEY_URL,
    privacyUrl: 'https://candor.example/privacy/TOKEN123',
    unsubscribeUrl: 'https://candor.example/u/TOKEN123',
    expiresOn: '8 December 2026',
    minutes: 2,
    ...overrides,
  };
}

function scale(min: number, max: number): SurveyEmailContext['scoreLinks'] {
  const links: SurveyEmailContext['scoreLinks'] = [];
  for (let score = min; score <= max; score++) {
    links.push({ score, url: `${SURVEY_URL}?score=${score}&src=email` });
  }
  return links;
}

/** Every href, with character references decoded the way a mail client's HTML parser would. */
function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map(([, value]) =>
    value
      .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
      .replace(/&#([0-9]+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&'),
  );
}

const HTML_TAG = /<\/?[a-z!][^>]*>/i;
/** A line of text that starts with a space or a tab. */
const LEADING_WHITESPACE = /^[^\S\n]/m;
const CHARACTER_REFERENCE = /&(#[0-9]+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i;

describe('EmailRenderer', () => {
  const renderer = new EmailRenderer();

  describe.each<[EmailTemplate, Locale]>([
    ['invitation', 'en'],
    ['invitation', 'fi'],
    ['reminder', 'en'],
    ['reminder', 'fi'],
  ])('%s in %s', (template, locale) => {
    const texts = EMAIL_TEXTS[locale];
    const email = renderer.render(template, context({ locale }));

    it('renders HTML in the locale with the fixed wording', () => {
      expect(email.html).toMatch(/^<!doctype html>/);
      expect(email.html).toContain(`<html lang="${locale}"`);
      expect(email.html).toContain('<meta name="color-scheme" content="light dark">');
      expect(email.html).toContain('<meta name="supported-color-schemes" content="light dark">');
      expect(email.html).toContain(`>${texts.greetingNamed('Ann')}<`);
      expect(email.html).toContain(`>${texts.answerSurvey}<`);
      expect(email.html).toContain(texts.takesAbout(2));
      expect(email.html).toContain(texts.validUntil('8 December 2026'));
      expect(email.html).toContain(`>${texts.unsubscribe}<`);
      expect(email.html).toContain(`>${texts.privacy}<`);
      expect(email.html).toContain('Thank you for staying with us.');
      expect(email.html.includes(texts.reminderLead)).toBe(template === 'reminder');
    });

    it('renders the same content as plain text', () => {
      expect(email.text).toContain(texts.greetingNamed('Ann'));
      expect(email.text).toContain(`${texts.answerSurvey}: ${SURVEY_URL}\n`);
      expect(email.text).toContain(`${texts.unsubscribe}: https://candor.example/u/TOKEN123\n`);
      expect(email.text).toContain(`${texts.privacy}: https://candor.example/privacy/TOKEN123\n`);
      expect(email.text).toContain(texts.validUntil('8 December 2026'));
      expect(email.text.includes(texts.reminderLead)).toBe(template === 'reminder');
      expect(email.text).not.toMatch(HTML_TAG);
    });

    it('starts no line of the text part with whitespace', () => {
      // Handlebars copies the indentation of a partial call onto every line the partial outputs.
      expect(email.text).not.toMatch(LEADING_WHITESPACE);
    });

    it('links every score, the survey, privacy and unsubscribe', () => {
      const links = hrefs(email.html);
      for (const { url } of context().scoreLinks) expect(links).toContain(url);
      expect(links).toContain(SURVEY_URL);
      expect(links).toContain('https://candor.example/privacy/TOKEN123');
      expect(links).toContain('https://candor.example/u/TOKEN123');
    });

    it('writes every score link out in full on its own line in the text part', () => {
      for (const { score, url } of context().scoreLinks) {
        expect(email.text).toContain(`\n${score} – ${url}\n`);
      }
    });

    it('returns the subject', () => {
      expect(email.subject).toBe('How was your stay?');
    });
  });

  it('greets neutrally without a name', () => {
    for (const customerName of [null, '  ', '\r\n']) {
      const email = renderer.render('invitation', context({ customerName }));
      expect(email.html).toContain(`>${EMAIL_TEXTS.en.greetingNeutral}<`);
      expect(email.text).toMatch(/^Hello,\n/);
    }
    expect(renderer.render('reminder', context({ locale: 'fi', customerName: null })).text).toMatch(
      /^Hei,\n/,
    );
  });

  it.each<[keyof SurveyEmailContext, string, string]>([
    ['customerName', '<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['intro', '<img src=x onerror=alert(1)>', '&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;'],
    [
      'companyName',
      '<b onclick=alert(1)>Acme</b>',
      '&lt;b onclick&#x3D;alert(1)&gt;Acme&lt;/b&gt;',
    ],
    ['scoreQuestion', '<iframe src=//evil.example>', '&lt;iframe src&#x3D;//evil.example&gt;'],
    ['subject', '</title><script>alert(1)</script>', '&lt;/title&gt;&lt;script&gt;alert(1)'],
  ])('escapes markup in %s', (field, value, escaped) => {
    const { html, text } = renderer.render('invitation', context({ [field]: value }));
    expect(html).toContain(escaped);
    expect(html).not.toMatch(/<(script|img|iframe|b)[\s>]/i);
    // Plain text shows what the customer wrote, markup and all; it is never parsed as HTML.
    if (field !== 'subject') expect(text).toContain(value);
  });

  it('escapes markup in the scale labels', () => {
    const { html } = renderer.render(
      'invitation',
      context({ scaleLabels: { low: '<u>low</u>', high: '<svg onload=alert(1)>' } }),
    );
    expect(html).toContain('&lt;u&gt;low&lt;/u&gt;');
    expect(html).not.toMatch(/<(u|svg)[\s>]/);
  });

  it('collapses line breaks and control characters in the subject', () => {
    const { subject } = renderer.render(
      'invitation',
      context({ subject: 'Hi\r\nBcc: eve@example.com' }),
    );
    expect(subject).toBe('Hi Bcc: eve@example.com');
    expect(sanitizeSubject('  a\u0000\t\u2028b\u0085c\n\n')).toBe('a b c');
  });

  it('caps the subject at 200 characters without splitting a character', () => {
    expect(sanitizeSubject('x'.repeat(200))).toBe('x'.repeat(200));
    const long = sanitizeSubject('x'.repeat(198) + '👍🏽'.repeat(5));
    expect(long).toBe('x'.repeat(198) + '…');
    expect(sanitizeSubject('é'.repeat(300))).toHaveLength(200);
  });

  it('keeps a name on one line in the text part', () => {
    const { text } = renderer.render(
      'invitation',
      context({ customerName: 'Ann\n\nClick https://evil.example' }),
    );
    expect(text).toMatch(/^Hi Ann Click https:\/\/evil\.example,\n/);
  });

  it("writes O'Brien & Sons as is in plain text and as entities in HTML", () => {
    const name = "O'Brien & Sons";
    const { html, text } = renderer.render(
      'reminder',
      context({ customerName: name, companyName: name, intro: `${name} <thanks> "you"` }),
    );
    expect(text).toContain(`Hi ${name},`);
    expect(text).toContain(`\n${name}\n`);
    expect(text).toContain(`${name} <thanks> "you"`);
    expect(text).not.toMatch(CHARACTER_REFERENCE);
    expect(text.replace(`<thanks>`, '')).not.toMatch(HTML_TAG);
    expect(html).toContain('Hi O&#x27;Brien &amp; Sons,');
  });

  it('gives NPS 11 buttons from 0 to 10', () => {
    const { html, text } = renderer.render(
      'invitation',
      context({
        scoreLinks: scale(0, 10),
        scaleLabels: { low: 'Not likely', high: 'Very likely' },
      }),
    );
    const labels = [...html.matchAll(/aria-label="Score (\d+) of (\d+)"/g)];
    expect(labels.map(([, score]) => Number(score))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(labels.every(([, , max]) => max === '10')).toBe(true);
    const buttons = [...html.matchAll(/aria-label="[^"]*"[^>]*>(\d+)<\/a>/g)];
    expect(buttons.map(([, score]) => Number(score))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(text.match(/^\d+ – https:\/\/\S+$/gm)).toHaveLength(11);
    expect(text).toContain('(0 = Not likely, 10 = Very likely)');
  });

  it('labels the Finnish buttons in Finnish', () => {
    const { html } = renderer.render('invitation', context({ locale: 'fi' }));
    expect(html).toContain('aria-label="Arvosana 4 asteikolla 1–5"');
  });

  it('splits the intro into paragraphs and lines', () => {
    const { html, text } = renderer.render(
      'invitation',
      context({ intro: 'One\r\ntwo\r\n\r\n\r\nThree' }),
    );
    expect(html).toContain('>One<br>two</p>');
    expect(html).toContain('>Three</p>');
    expect(text).toContain('\nOne\ntwo\n\nThree\n');
  });

  it('drops the indentation of intro lines in the text part', () => {
    const { text } = renderer.render(
      'invitation',
      context({
        intro:
          '    Thank you for staying with us.\n\t and for your patience.\n \n  We read every answer.',
      }),
    );
    expect(text).toContain(
      '\nThank you for staying with us.\nand for your patience.\n\nWe read every answer.\n',
    );
    expect(text).not.toMatch(LEADING_WHITESPACE);
  });

  it('fails clearly for a locale the dictionary lacks', () => {
    expect(() => renderer.render('invitation', context({ locale: 'sv' as Locale }))).toThrow(
      'No email texts for locale "sv"',
    );
  });

  it('refuses a link that is not http(s)', () => {
    expect(() =>
      renderer.render('invitation', context({ unsubscribeUrl: 'javascript:alert(1)' })),
    ).toThrow('The unsubscribe link must be http or https');
    expect(() => renderer.render('invitation', context({ surveyUrl: '/s/relative' }))).toThrow(
      'The survey link is not an absolute URL',
    );
  });

  describe('strict templates', () => {
    let dir: string;

    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'candor-email-templates-'));
      cpSync(join(projectRoot(), 'templates', 'email'), dir, { recursive: true });
    });

    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('loads a copy of the real templates', () => {
      const email = new EmailRenderer(dir).render('invitation', context());
      expect(email.html).toContain('Candor Demo Hotel');
    });

    it.each(['invitation.html.hbs', 'reminder.text.hbs', 'layout.html.hbs'])(
      'fails at start when %s references a missing variable',
      (file) => {
        writeFileSync(join(dir, file), '{{#if true}}{{customerNmae}}{{/if}}');
        expect(() => new EmailRenderer(dir)).toThrow('"customerNmae" not defined');
      },
    );

    it('fails at start when a template is missing', () => {
      rmSync(join(dir, 'reminder.html.hbs'));
      expect(() => new EmailRenderer(dir)).toThrow(/reminder\.html\.hbs/);
    });

    it('reads templates only once, at start', () => {
      const copy = new EmailRenderer(dir);
      writeFileSync(join(dir, 'invitation.html.hbs'), 'changed');
      rmSync(join(dir, 'invitation.text.hbs'));
      const email = copy.render('invitation', context());
      expect(email.html).not.toBe('changed');
      expect(email.text).toContain(SURVEY_URL);
    });
  });
});

import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deadlineText } from '../../common/i18n/deadline';
import { LOCALES, type Locale } from '../../common/i18n/locale';
import { projectRoot } from '../../common/project-root';
import { emailTextsFor, resolveEmailTexts } from './email-texts';
import { MANAGER_TEMPLATES, type ManagerEmailContexts } from './manager-emails';
import { STAFF_TEMPLATES, type StaffEmailContexts } from './staff-emails';

/** A template is named after its email kind; staff emails' are in staff-emails.ts. */
export type EmailTemplate = keyof EmailContexts;

export interface SurveyEmailContext {
  locale: Locale;
  /** Sender company, e.g. "Candor Demo Hotel". */
  companyName: string;
  /** The greeting uses it when present ("Hi Ann,"), else a neutral greeting. */
  customerName: string | null;
  /** Already chosen per locale by the caller. */
  subject: string;
  /** Plain text; a blank line starts a new paragraph. */
  intro: string;
  scoreQuestion: string;
  /** One-click buttons: 5 (csat5), 11 (nps 0–10) or 7 (ces7). */
  scoreLinks: { score: number; url: string }[];
  /** Words under the two ends of the scale. */
  scaleLabels: { low: string; high: string };
  /** The personal survey link. */
  surveyUrl: string;
  /** The privacy center. */
  privacyUrl: string;
  /** The visible unsubscribe link. */
  unsubscribeUrl: string;
  /** Already formatted, e.g. "8 December 2026". */
  expiresOn: string;
  /** How long answering takes (`estimatedMinutes`), a whole number of minutes. */
  minutes: number;
}

/**
 * "Did we make it right?": a survey email like the invitation, which says why it came and what the
 * answer does in its own words (the recovery asks no consent).
 */
export interface RecoveryEmailContext extends SurveyEmailContext {
  /** Why they got this email. */
  reason: string;
  /** What their answer does, where the invitation explains the consent choice. */
  choice: string;
}

/** After an identified, unhappy answer: thanks, and when a person will be in touch. */
export interface ThankYouContext {
  locale: Locale;
  companyName: string;
  customerName: string | null;
  /** The case's first-contact due time, as `deadlineText` writes it for the reader. */
  contactBy: string;
  privacyUrl: string;
  unsubscribeUrl: string;
}

/** An agent's message to the customer of a case, in the agent's words. */
export interface CaseMessageContext {
  locale: Locale;
  companyName: string;
  subject: string;
  /** Plain text as the agent wrote it; a blank line starts a new paragraph. */
  body: string;
  /** Signs the message. */
  agentName: string;
  /** Whether a reply reaches the case (a Reply-To is set): the email then says so. */
  replyable: boolean;
  privacyUrl: string;
  unsubscribeUrl: string;
}

/** To the managers of a team: a case nears or passes a deadline. Staff mail: no customer data. */
export interface CaseEscalationContext {
  companyName: string;
  subject: string;
  /** Plain sentences, one paragraph each. */
  lines: string[];
  caseUrl: string;
}

export interface EmailContexts extends StaffEmailContexts, ManagerEmailContexts {
  invitation: SurveyEmailContext;
  reminder: SurveyEmailContext;
  'thank-you': ThankYouContext;
  recovery: RecoveryEmailContext;
  'case-message': CaseMessageContext;
  'case-escalation': CaseEscalationContext;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/**
 * Each template's view of its context, and a realistic context to render it with at start. A
 * template is named after its email kind (`thank_you` → `thank-you`); its files are
 * `templates/email/<name>.{html,text}.hbs`, or another template's where they share them.
 */
const TEMPLATES: {
  [T in EmailTemplate]: {
    view(context: EmailContexts[T]): object & { subject: string };
    sample(locale: Locale): EmailContexts[T];
    files?: EmailTemplate;
  };
} = {
  invitation: { view: toView, sample: sampleContext },
  reminder: { view: toView, sample: sampleContext },
  'thank-you': { view: toThankYouView, sample: sampleThankYouContext },
  // "Did we make it right?": the invitation's files, with its own link and footer.
  recovery: { view: toRecoveryView, sample: sampleRecoveryContext, files: 'invitation' },
  'case-message': { view: toCaseMessageView, sample: sampleCaseMessageContext },
  'case-escalation': { view: toEscalationView, sample: sampleEscalationContext },
  ...STAFF_TEMPLATES,
  ...MANAGER_TEMPLATES,
};
const SUBJECT_MAX_LENGTH = 200;
/** Control characters, line and paragraph separators, bidi overrides: nothing a one-line value needs. */
const LINE_BREAKERS = /[\p{Cc}\p{Zl}\p{Zp}\u202a-\u202e\u2066-\u2069]/gu;
const BLANK_LINE = /\n[^\S\n]*\n\s*/;

/**
 * Renders the survey emails (HTML + plain text) from `templates/email/`. Every template is read and
 * compiled once, here, by an isolated Handlebars instance in strict mode, and then rendered once
 * with sample data per locale, so a misspelt variable or a missing translation stops the process
 * at start instead of failing a send.
 */
export class EmailRenderer {
  private readonly handlebars = Handlebars.create();
  private readonly html = new Map<EmailTemplate, Handlebars.TemplateDelegate>();
  private readonly text = new Map<EmailTemplate, Handlebars.TemplateDelegate>();

  constructor(templatesDir = join(projectRoot(), 'templates', 'email')) {
    const compile = (file: string, format: 'html' | 'text') =>
      this.handlebars.compile(
        this.handlebars.parse(readFileSync(join(templatesDir, file), 'utf8')),
        {
          strict: true,
          // A text/plain body shows entities literally, and it has no markup to break out of.
          noEscape: format === 'text',
        },
      );
    this.handlebars.registerPartial('layout', compile('layout.html.hbs', 'html'));
    this.handlebars.registerPartial('text-layout', compile('layout.text.hbs', 'text'));
    this.handlebars.registerPartial('score-buttons', compile('score-buttons.html.hbs', 'html'));
    const names = Object.keys(TEMPLATES) as EmailTemplate[];
    for (const name of names) {
      const files = TEMPLATES[name].files ?? name;
      this.html.set(name, this.html.get(files) ?? compile(`${files}.html.hbs`, 'html'));
      this.text.set(name, this.text.get(files) ?? compile(`${files}.text.hbs`, 'text'));
    }
    // Handlebars turns a template into code on its first call: make that call now, per locale.
    for (const name of names) {
      for (const locale of LOCALES) {
        this.render(name, TEMPLATES[name].sample(locale));
      }
    }
  }

  render<T extends EmailTemplate>(template: T, context: EmailContexts[T]): RenderedEmail {
    const html = this.html.get(template);
    const text = this.text.get(template);
    if (!html || !text) throw new Error(`No email template named ${String(template)}`);
    const view = TEMPLATES[template].view(context);
    return { subject: view.subject, html: html(view), text: tidyText(text(view)) };
  }
}

/** A subject safe for a header: one line, no control characters, at most 200 characters. */
export function sanitizeSubject(subject: string): string {
  const line = oneLine(subject);
  if (line.length <= SUBJECT_MAX_LENGTH) return line;
  // Cut between user-perceived characters so no emoji or accented letter is split in half.
  let cut = '';
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(
    line,
  )) {
    if (cut.length + segment.length > SUBJECT_MAX_LENGTH - 1) break;
    cut += segment;
  }
  return cut.trimEnd() + '…';
}

function toView(context: SurveyEmailContext) {
  const texts = emailTextsFor(context.locale);
  const { scoreLinks } = context;
  if (scoreLinks.length === 0) throw new Error('An email needs at least one score link');
  const scores = scoreLinks.map((link) => link.score);
  if (!scores.every(Number.isInteger)) throw new Error('Scores must be integers');
  const min = Math.min(...scores);
  const max = Math.max(...scores);
  const companyName = oneLine(context.companyName);
  const customerName = oneLine(context.customerName ?? '') || null;
  const expiresOn = oneLine(context.expiresOn);
  if (!Number.isInteger(context.minutes) || context.minutes < 1) {
    throw new Error('The time to answer must be a whole number of minutes');
  }
  return {
    lang: context.locale,
    subject: sanitizeSubject(context.subject),
    companyName,
    introParagraphs: paragraphs(context.intro),
    scoreQuestion: oneLine(context.scoreQuestion),
    scoreButtons: scoreLinks.map(({ score, url }) => ({
      score,
      url: webUrl('score link', url),
      label: texts.scoreAria(score, min, max),
      width: `${Number((100 / scoreLinks.length).toFixed(2))}%`,
    })),
    scale: {
      min,
      max,
      low: oneLine(context.scaleLabels.low),
      high: oneLine(context.scaleLabels.high),
    },
    surveyUrl: webUrl('survey link', context.surveyUrl),
    privacyUrl: webUrl('privacy link', context.privacyUrl),
    unsubscribeUrl: webUrl('unsubscribe link', context.unsubscribeUrl),
    t: resolveEmailTexts(texts, { customerName, companyName, expiresOn, minutes: context.minutes }),
  };
}

function toRecoveryView(context: RecoveryEmailContext) {
  const view = toView(context);
  return {
    ...view,
    t: { ...view.t, reason: oneLine(context.reason), yourChoice: oneLine(context.choice) },
  };
}

function toThankYouView(context: ThankYouContext) {
  const texts = emailTextsFor(context.locale);
  const companyName = oneLine(context.companyName);
  const customerName = oneLine(context.customerName ?? '') || null;
  if (!context.contactBy.trim()) throw new Error('The thank-you needs the first-contact time');
  return {
    lang: context.locale,
    subject: sanitizeSubject(texts.followUpSubject),
    companyName,
    privacyUrl: webUrl('privacy link', context.privacyUrl),
    unsubscribeUrl: webUrl('unsubscribe link', context.unsubscribeUrl),
    t: {
      greeting: customerName ? texts.greetingNamed(customerName) : texts.greetingNeutral,
      lead: texts.followUpLead,
      promise: texts.followUpPromise(companyName, oneLine(context.contactBy)),
      meanwhile: texts.followUpMeanwhile,
      signOff: texts.signOff,
      whyYouGotThis: texts.whyYouGotThis,
      reason: texts.followUpReason(companyName),
      yourChoice: texts.followUpChoice,
      privacy: texts.privacy,
      unsubscribe: texts.unsubscribe,
    },
  };
}

function toCaseMessageView(context: CaseMessageContext) {
  const texts = emailTextsFor(context.locale);
  const companyName = oneLine(context.companyName);
  const body = paragraphs(context.body);
  if (body.length === 0) throw new Error('A case message needs a body');
  return {
    lang: context.locale,
    subject: sanitizeSubject(context.subject),
    companyName,
    bodyParagraphs: body,
    agentName: oneLine(context.agentName),
    privacyUrl: webUrl('privacy link', context.privacyUrl),
    unsubscribeUrl: webUrl('unsubscribe link', context.unsubscribeUrl),
    t: {
      replyHint: context.replyable ? texts.caseReplyHint : null,
      whyYouGotThis: texts.whyYouGotThis,
      reason: texts.caseMessageReason(companyName),
      yourChoice: texts.followUpChoice,
      privacy: texts.privacy,
      unsubscribe: texts.unsubscribe,
    },
  };
}

function toEscalationView(context: CaseEscalationContext) {
  return {
    lang: 'en',
    subject: sanitizeSubject(context.subject),
    companyName: oneLine(context.companyName),
    lines: context.lines.map(oneLine),
    caseUrl: webUrl('case link', context.caseUrl),
  };
}

function oneLine(value: string): string {
  return value.replace(LINE_BREAKERS, ' ').replace(/\s+/g, ' ').trim();
}

/** Paragraphs split at blank lines, each a list of lines, with control characters removed. */
function paragraphs(text: string): string[][] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(BLANK_LINE)
    .map((paragraph) => paragraph.split('\n').map(oneLine).filter(Boolean))
    .filter((lines) => lines.length > 0);
}

/** Links come from our own URL builders; refuse anything but an absolute http(s) URL anyway. */
function webUrl(what: string, value: string): string {
  let protocol: string;
  try {
    protocol = new URL(value).protocol;
  } catch {
    throw new Error(`The ${what} is not an absolute URL`);
  }
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw new Error(`The ${what} must be http or https, not ${protocol}`);
  }
  return value;
}

/** Unix line ends, no trailing spaces, at most one blank line in a row, one final newline. */
function tidyText(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      .replace(/[^\S\n]+$/gm, '')
      .replace(/\n{3,}/g, '\n\n')
      .trim() + '\n'
  );
}

function sampleThankYouContext(locale: Locale): ThankYouContext {
  return {
    locale,
    companyName: 'Example Company',
    customerName: 'Ann',
    contactBy: deadlineText(locale, new Date('2026-12-09T14:00:00Z'), 'Europe/Helsinki'),
    privacyUrl: 'https://example.com/p/token',
    unsubscribeUrl: 'https://example.com/u/token',
  };
}

function sampleCaseMessageContext(locale: Locale): CaseMessageContext {
  return {
    locale,
    companyName: 'Example Company',
    subject: 'About your stay',
    body: 'Hi Ann,\n\nI am sorry about the noise. Could we call you tomorrow?',
    agentName: 'Alex Agent',
    replyable: true,
    privacyUrl: 'https://example.com/p/token',
    unsubscribeUrl: 'https://example.com/u/token',
  };
}

function sampleEscalationContext(): CaseEscalationContext {
  return {
    companyName: 'Example Company',
    subject: 'Overdue: a case passed its first-contact deadline',
    lines: ['A follow-up case passed its first-contact deadline.', 'Its priority is now 1.'],
    caseUrl: 'https://example.com/console/cases/id',
  };
}

function sampleRecoveryContext(locale: Locale): RecoveryEmailContext {
  return {
    ...sampleContext(locale),
    subject: 'Did we make it right?',
    reason: 'You told Example Company that you were not satisfied, and they worked on it.',
    choice: 'Your answer goes to the people who looked after your feedback.',
  };
}

/** A realistic context: the templates are rendered with it at start, and the mail benchmark sends it. */
export function sampleContext(locale: Locale): SurveyEmailContext {
  return {
    locale,
    companyName: 'Example Company',
    customerName: 'Ann',
    subject: 'How did we do?',
    intro: 'Thank you for your visit.\n\nWe would like to hear about it.',
    scoreQuestion: 'How satisfied were you?',
    scoreLinks: [1, 2, 3, 4, 5].map((score) => ({
      score,
      url: `https://example.com/s/token?score=${score}`,
    })),
    scaleLabels: { low: 'Not at all', high: 'Very' },
    surveyUrl: 'https://example.com/s/token',
    privacyUrl: 'https://example.com/privacy',
    unsubscribeUrl: 'https://example.com/unsubscribe/token',
    expiresOn: '1 January 2030',
    minutes: 2,
  };
}

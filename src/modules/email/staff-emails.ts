import type { Locale } from '../../common/i18n/locale';

/**
 * The emails to people at the console about their work (notifications): in English, the
 * console's language, and with case links and counts only, never anything about a customer.
 * Their templates are `templates/email/<name>.{html,text}.hbs`, rendered by `EmailRenderer`.
 */

/** To an agent, about one case of theirs: assigned to them, or its customer replied. */
export interface CaseNoticeContext {
  companyName: string;
  subject: string;
  /** Plain sentences, one paragraph each. */
  lines: string[];
  caseUrl: string;
  /** "My settings", where this kind of email is switched off. */
  settingsUrl: string;
}

/** To an agent in the morning: the cases of their team's queue that nobody has taken. */
export interface UnassignedDigestContext {
  companyName: string;
  subject: string;
  lines: string[];
  /** The oldest few, each a sentence and its link. */
  cases: { text: string; url: string }[];
  queueUrl: string;
  settingsUrl: string;
}

export interface StaffEmailContexts {
  'case-assigned': CaseNoticeContext;
  'customer-replied': CaseNoticeContext;
  'unassigned-digest': UnassignedDigestContext;
}

type StaffTemplates = {
  [T in keyof StaffEmailContexts]: {
    view(context: StaffEmailContexts[T]): object & { subject: string };
    sample(locale: Locale): StaffEmailContexts[T];
  };
};

/** Each staff template's view and the sample it is rendered with at start. */
export const STAFF_TEMPLATES: StaffTemplates = {
  'case-assigned': {
    view: caseNoticeView,
    sample: () => sampleNotice('A case was assigned to you'),
  },
  'customer-replied': { view: caseNoticeView, sample: () => sampleNotice('Your customer replied') },
  'unassigned-digest': { view: digestView, sample: sampleDigest },
};

const LINE_BREAKERS = /[\p{Cc}\p{Zl}\p{Zp}\u202a-\u202e\u2066-\u2069]/gu;

function oneLine(value: string): string {
  return value.replace(LINE_BREAKERS, ' ').replace(/\s+/g, ' ').trim().slice(0, 500);
}

function link(value: string): string {
  const { protocol } = new URL(value);
  if (protocol !== 'https:' && protocol !== 'http:') throw new Error(`Not a web link: ${protocol}`);
  return value;
}

function caseNoticeView(context: CaseNoticeContext) {
  return {
    lang: 'en',
    subject: oneLine(context.subject).slice(0, 200),
    companyName: oneLine(context.companyName),
    lines: context.lines.map(oneLine),
    caseUrl: link(context.caseUrl),
    settingsUrl: link(context.settingsUrl),
  };
}

function digestView(context: UnassignedDigestContext) {
  return {
    lang: 'en',
    subject: oneLine(context.subject).slice(0, 200),
    companyName: oneLine(context.companyName),
    lines: context.lines.map(oneLine),
    cases: context.cases.map((item) => ({ text: oneLine(item.text), url: link(item.url) })),
    queueUrl: link(context.queueUrl),
    settingsUrl: link(context.settingsUrl),
  };
}

function sampleNotice(subject: string): CaseNoticeContext {
  return {
    companyName: 'Example Company',
    subject,
    lines: ['Manager Mary assigned a follow-up case to you.', 'Its first contact is due soon.'],
    caseUrl: 'https://example.com/console/cases/id',
    settingsUrl: 'https://example.com/console/settings',
  };
}

function sampleDigest(): UnassignedDigestContext {
  return {
    companyName: 'Example Company',
    subject: '3 cases wait for someone in your queue',
    lines: ['3 follow-up cases in your team’s queue have nobody on them yet.'],
    cases: [{ text: 'Opened 2 days ago, priority 1', url: 'https://example.com/console/cases/id' }],
    queueUrl: 'https://example.com/console/cases',
    settingsUrl: 'https://example.com/console/settings',
  };
}

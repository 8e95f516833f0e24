import type { Locale } from '../../common/i18n/locale';

/**
 * The emails to managers and admins about the numbers (notifications): in English, the
 * console's language. Figures, root causes and links; a digest quotes a few comments as
 * NotableComments allows (never a name, an address or a date finer than a month for an
 * anonymous one). Templates `templates/email/<name>.{html,text}.hbs`, rendered by `EmailRenderer`.
 */

/** Monday's digest: the week's figures against the week before and the targets. */
export interface WeeklyDigestContext {
  companyName: string;
  subject: string;
  title: string;
  /** Each figure: its name, this week's and last week's value, and its signal in words. */
  kpis: { name: string; value: string; before: string; said: string }[];
  /** The most talked-about topics, each a sentence and the link to read its comments. */
  topics: { text: string; url: string }[];
  /** "Billing: 4", the most frequent first. */
  rootCauses: string[];
  overdue: string;
  comments: { text: string; about: string; url: string | null }[];
  dashboardUrl: string;
  settingsUrl: string;
}

/** A KPI crossed its target (or is back on it), or a topic spiked: what happened and where to look. */
export interface ManagerAlertContext {
  companyName: string;
  subject: string;
  lines: string[];
  linkUrl: string;
  linkText: string;
  settingsUrl: string;
}

export interface ManagerEmailContexts {
  'weekly-digest': WeeklyDigestContext;
  'manager-alert': ManagerAlertContext;
}

type ManagerTemplates = {
  [T in keyof ManagerEmailContexts]: {
    view(context: ManagerEmailContexts[T]): object & { subject: string };
    sample(locale: Locale): ManagerEmailContexts[T];
  };
};

export const MANAGER_TEMPLATES: ManagerTemplates = {
  'weekly-digest': { view: weeklyDigestView, sample: sampleDigest },
  'manager-alert': { view: alertView, sample: sampleAlert },
};

const LINE_BREAKERS = /[\p{Cc}\p{Zl}\p{Zp}\u202a-\u202e\u2066-\u2069]/gu;

function oneLine(value: string, most = 500): string {
  return value.replace(LINE_BREAKERS, ' ').replace(/\s+/g, ' ').trim().slice(0, most);
}

function link(value: string): string {
  const { protocol } = new URL(value);
  if (protocol !== 'https:' && protocol !== 'http:') throw new Error(`Not a web link: ${protocol}`);
  return value;
}

function weeklyDigestView(context: WeeklyDigestContext) {
  return {
    lang: 'en',
    subject: oneLine(context.subject, 200),
    companyName: oneLine(context.companyName),
    title: oneLine(context.title),
    kpis: context.kpis.map((kpi) => ({
      name: oneLine(kpi.name),
      value: oneLine(kpi.value),
      before: oneLine(kpi.before),
      said: oneLine(kpi.said),
    })),
    topics: context.topics.map((topic) => ({ text: oneLine(topic.text), url: link(topic.url) })),
    rootCauses: context.rootCauses.map((cause) => oneLine(cause)),
    overdue: oneLine(context.overdue),
    comments: context.comments.map((comment) => ({
      text: oneLine(comment.text),
      about: oneLine(comment.about),
      url: comment.url ? link(comment.url) : null,
    })),
    dashboardUrl: link(context.dashboardUrl),
    settingsUrl: link(context.settingsUrl),
  };
}

function alertView(context: ManagerAlertContext) {
  return {
    lang: 'en',
    subject: oneLine(context.subject, 200),
    companyName: oneLine(context.companyName),
    lines: context.lines.map((line) => oneLine(line)),
    linkUrl: link(context.linkUrl),
    linkText: oneLine(context.linkText, 100),
    settingsUrl: link(context.settingsUrl),
  };
}

function sampleDigest(): WeeklyDigestContext {
  return {
    companyName: 'Example Company',
    subject: 'Customer Care’s week, 2026-11-30 to 2026-12-06',
    title: 'Customer Care’s week, 2026-11-30 to 2026-12-06',
    kpis: [
      { name: 'CSAT satisfied', value: '81.0 %', before: '78.0 %', said: 'Target 80.0 % met' },
    ],
    topics: [
      {
        text: 'Room cleanliness: 8 comments, 3 the week before; at the Airport hotel 6, 2 the week before',
        url: 'https://example.com/console/responses',
      },
    ],
    rootCauses: ['Billing: 4'],
    overdue: 'One case is overdue now.',
    comments: [{ text: '“The room was cold.”', about: 'Score 1 of 5', url: null }],
    dashboardUrl: 'https://example.com/console/dashboard',
    settingsUrl: 'https://example.com/console/settings',
  };
}

function sampleAlert(): ManagerAlertContext {
  return {
    companyName: 'Example Company',
    subject: 'CSAT satisfied fell below its target of 80.0 %',
    lines: [
      'CSAT satisfied fell below its target of 80.0 %: 72.3 % over the 7 days to 6 December.',
    ],
    linkUrl: 'https://example.com/console/dashboard',
    linkText: 'Open the dashboard',
    settingsUrl: 'https://example.com/console/settings',
  };
}

import type { UserPrincipal } from '../../common/auth/principal';
import type { CaseDetailDto } from '../cases/cases.service';
import { statusesAllowing } from '../cases/case-states';
import { CONTACT_CHANNELS } from '../cases/dto/case-actions.dto';
import type { PreferredContactDto } from '../cases/preferred-contact';
import type { ComposerView } from './case-composer';
import {
  caseStatusWords,
  consentActionWords,
  consentPurposeWords,
  CONSOLE_LOCALE,
  CONTACT_CHANNEL_WORDS,
} from './case-words';
import {
  caseFacts,
  type CaseFactsView,
  conversationOf,
  type ConversationItem,
  timelineOf,
  type TimelineItemView,
  timeView,
  type TimeView,
} from './case-workspace.views';
import { when } from './when';

/** What a finished form says on the page it returns to (`?done=…`). */
const DONE: Record<string, string> = {
  claimed: 'The case is yours now.',
  assigned: 'Assigned.',
  message: 'Your message is on its way to the customer.',
  note: 'Note added.',
  contact: 'Contact logged.',
  resolved: 'Resolved. The customer gets the recovery survey.',
  reopened: 'Reopened.',
  none: 'No case is waiting for you right now.',
};

/** `console-case.hbs`: the case workspace, the conversation beside the customer and the case. */
export interface CasePageView {
  csrfToken: string;
  notice: string | null;
  error: string | null;
  case: { id: string; version: number; title: string };
  /** "2026-12-06 10:00 UTC" when the customer was erased: the case is a record, read-only. */
  erased: string | null;
  facts: CaseFactsView;
  /** The answer the case follows up; null for a contact request made anonymously. */
  response: CaseDetailDto['response'];
  conversation: ConversationItem[];
  customer: CustomerPanelView | null;
  timeline: TimelineItemView[];
  rootCauses: { key: string; label: string; selected: boolean }[];
  /** The log form's channels, the customer's preferred one selected. */
  channels: { value: string; label: string; selected: boolean }[];
  /** How the customer wants to be reached, said first; null when they stated nothing. */
  reachOut: { prefers: string; stated: string; byAgent: boolean } | null;
  /** Colleagues the case can be handed to (its team's agents and managers), not its owner. */
  colleagues: { id: string; name: string }[];
  can: {
    claim: boolean;
    assign: boolean;
    write: boolean;
    resolve: boolean;
    reopen: boolean;
    note: boolean;
  };
  /** The email form: templates to start from and the draft. */
  composer: ComposerView;
  /** The other forms' text as a refused post left it (empty otherwise). */
  typed: {
    note: string;
    contactSummary: string;
    contactChannel: string | null;
    resolution: string;
    rootCause: string;
  };
}

/** The side panel's customer: who, how to reach them, what they agreed to, their history. */
export interface CustomerPanelView {
  name: string | null;
  email: string;
  externalId: string;
  /** Their page; the id may hold any character. */
  href: string;
  language: string;
  attributes: { name: string; value: string }[];
  consents: { purpose: string; action: string; textVersion: number; at: TimeView }[];
  preferences: string[];
  answers: { survey: string; score: number; comment: string | null; at: TimeView }[];
  cases: { id: string; status: string; opened: TimeView; current: boolean }[];
}

export function casePageView(
  user: UserPrincipal,
  detail: CaseDetailDto,
  options: {
    /** The taxonomy, retired causes too (a past resolution may name one). */
    rootCauses: { key: string; label: string; retired: boolean }[];
    colleagues: { id: string; name: string }[];
    composer: ComposerView;
    now: Date;
  },
  feedback: {
    done?: unknown;
    error?: string;
    refused?: { action: string; form: Record<string, unknown> };
  },
): CasePageView {
  const live = !detail.erasedAt;
  const allows = (action: Parameters<typeof statusesAllowing>[0]) =>
    live && statusesAllowing(action).includes(detail.status);
  const channelWords = CONTACT_CHANNEL_WORDS[CONSOLE_LOCALE];
  const typed = typedIn(feedback.refused);
  const causeLabels = new Map(options.rootCauses.map((cause) => [cause.key, cause.label]));
  return {
    csrfToken: user.csrfToken,
    notice: noticeFor(feedback.done),
    error: feedback.error ?? null,
    case: {
      id: detail.id,
      version: detail.version,
      title: detail.customer
        ? (detail.customer.name ?? detail.customer.externalId)
        : 'Erased customer',
    },
    erased: detail.erasedAt ? when(detail.erasedAt) : null,
    facts: caseFacts(detail, options.now),
    response: detail.response,
    conversation: conversationOf(detail, options.now, causeLabels),
    customer: customerPanel(detail, options.now),
    timeline: timelineOf(detail, options.now, causeLabels),
    rootCauses: options.rootCauses
      .filter((cause) => !cause.retired)
      .map(({ key, label }) => ({ key, label, selected: key === typed.rootCause })),
    channels: CONTACT_CHANNELS.map((value) => ({
      value,
      label: channelWords[value],
      selected: value === (typed.contactChannel ?? detail.preferredContact?.channel),
    })),
    reachOut: reachOutView(detail.preferredContact),
    colleagues: options.colleagues.filter((colleague) => colleague.id !== detail.assigneeId),
    // A case kept after its customer's erasure can no longer change.
    can: {
      // Admins run the system; agents and managers own cases.
      claim: allows('claim') && user.role !== 'admin',
      assign: allows('assign'),
      write: allows('contact'),
      resolve: allows('resolve'),
      reopen: allows('reopen'),
      note: allows('note'),
    },
    composer: options.composer,
    typed,
  };
}

/** What a refused form posted, to fill it in again. */
function typedIn(refused: { action: string; form: Record<string, unknown> } | undefined) {
  const text = (action: string, field: string) => {
    const value = refused?.action === action ? refused.form[field] : undefined;
    return typeof value === 'string' ? value : '';
  };
  return {
    note: text('notes', 'body'),
    contactSummary: text('contacts', 'summary'),
    contactChannel: text('contacts', 'channel') || null,
    resolution: text('resolve', 'resolution'),
    rootCause: text('resolve', 'rootCause'),
  };
}

const languages = new Intl.DisplayNames([CONSOLE_LOCALE], { type: 'language' });

function customerPanel(detail: CaseDetailDto, now: Date): CustomerPanelView | null {
  const customer = detail.customer;
  if (!customer) return null;
  return {
    name: customer.name,
    email: customer.email,
    externalId: customer.externalId,
    href: `/console/customers/${encodeURIComponent(customer.externalId)}`,
    language: languageName(customer.locale),
    attributes: Object.entries(customer.attributes).map(([name, value]) => ({
      name,
      value: typeof value === 'string' ? value : JSON.stringify(value),
    })),
    consents: customer.consents.map((consent) => ({
      purpose: consentPurposeWords(consent.purpose),
      action: consentActionWords(consent.action),
      textVersion: consent.textVersion,
      at: timeView(consent.at, now),
    })),
    preferences: detail.preferencesInWords,
    answers: customer.responses.map((answer) => ({
      survey: answer.survey,
      score: answer.score,
      comment: answer.comment,
      at: timeView(answer.at, now),
    })),
    cases: customer.cases.map((other) => ({
      id: other.id,
      status: caseStatusWords(other.status as CaseDetailDto['status']),
      opened: timeView(other.openedAt, now),
      current: other.id === detail.id,
    })),
  };
}

function languageName(locale: string): string {
  try {
    return languages.of(locale) ?? locale;
  } catch {
    return locale;
  }
}

/** "Phone, Evenings", stated when and for what; `byAgent`: a channel Candor cannot send. */
function reachOutView(preferred: PreferredContactDto | null): CasePageView['reachOut'] {
  if (!preferred) return null;
  const ways = [preferred.channelLabel, preferred.contactTimeLabel].filter(Boolean);
  return {
    prefers: ways.join(', '),
    stated: `${when(preferred.statedAt)}, for ${preferred.contextLabel.toLowerCase()}`,
    byAgent: !preferred.candorCanSend,
  };
}

export function noticeFor(done: unknown): string | null {
  return typeof done === 'string' && Object.hasOwn(DONE, done) ? DONE[done] : null;
}

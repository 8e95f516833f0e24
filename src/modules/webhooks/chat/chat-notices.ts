import type { WebhookMessage } from '../payloads/webhook-message';
import type { DigestHeadline } from './chat-digest';
import { CHAT_WORDS, type ChatWords } from './chat-words';

/** A fact's value: words, or a moment each reader's chat writes in their own time zone. */
export type ChatFactValue = { text: string } | { at: string };

/** What a chat message says, before it is laid out for Slack or Teams. Plain text throughout. */
export interface ChatNotice {
  title: string;
  facts: { name: string; value: ChatFactValue }[];
  /** The customer's words, cut to `COMMENT_CHARS`; null when there are none to show. */
  quote: string | null;
  link: { text: string; url: string } | null;
}

/** How much of a comment a chat shows: enough to tell what it is about, the rest in the case. */
export const COMMENT_CHARS = 200;

/** The case as a case event's message has it (`payloads/case-payloads.ts`). */
interface CaseData {
  case: {
    id: string;
    source: string;
    priority: number;
    team: { name: string } | null;
    assignee: { name: string } | null;
    firstContactDueAt: string | null;
    resolutionDueAt: string | null;
  };
  touchpoint: { type: string | null; location: string | null; channel: string | null } | null;
  response?: { score: number | null; comment: string | null; scaleMax?: number | null } | null;
  entry?: { step?: string } | null;
}

/**
 * The notice of a message for a chat, or null for one chats are not told of: a new case, an
 * overdue one, a customer's reply on a case nobody has taken (once someone has, they are told
 * themselves), the weekly digest's headline, and the test button's message.
 */
export function chatNotice(
  message: WebhookMessage,
  publicBaseUrl: string,
  words: ChatWords = CHAT_WORDS.en,
): ChatNotice | null {
  const caseLink = (data: CaseData) => ({
    text: words.openCase,
    url: `${publicBaseUrl}/console/cases/${data.case.id}`,
  });
  const data = message.data as unknown as CaseData;
  switch (message.type) {
    case 'case.opened': {
      const quote = cutComment(data.response?.comment);
      return {
        title: data.case.source === 'contact_request' ? words.contactRequested : words.newCase,
        facts: [
          ...scoreFact(data, words),
          // An answer without a comment says so, rather than quoting nothing.
          ...(data.response && quote === null
            ? [{ name: words.comment, value: { text: words.noComment } }]
            : []),
          ...placeFact(data, words),
          ...caseFacts(data, words),
          { name: words.firstContactDue, value: at(data.case.firstContactDueAt) },
        ],
        quote,
        link: caseLink(data),
      };
    }
    case 'case.overdue': {
      const step = data.entry?.step;
      return {
        title:
          step === 'first_contact_overdue' || step === 'resolution_overdue'
            ? words.overdue[step]
            : words.overdue.other,
        facts: [
          ...placeFact(data, words),
          ...caseFacts(data, words),
          { name: words.assignee, value: { text: data.case.assignee?.name ?? words.nobody } },
          step === 'first_contact_overdue'
            ? { name: words.firstContactDue, value: at(data.case.firstContactDueAt) }
            : { name: words.resolutionDue, value: at(data.case.resolutionDueAt) },
        ],
        quote: null,
        link: caseLink(data),
      };
    }
    case 'case.reply_received':
      if (data.case.assignee) return null;
      return {
        title: words.unassignedReply,
        facts: [...placeFact(data, words), ...caseFacts(data, words)],
        quote: null,
        link: caseLink(data),
      };
    case 'digest.weekly':
      return digestNotice(message.data as unknown as DigestHeadline, publicBaseUrl, words);
    case 'webhook.test':
      return { title: words.test, facts: [], quote: null, link: null };
    default:
      return null;
  }
}

function digestNotice(headline: DigestHeadline, publicBaseUrl: string, words: ChatWords) {
  return {
    title: headline.title,
    facts: headline.figures.map((figure) => ({
      name: figure.name,
      value: { text: `${figure.value} ${words.weekBefore(figure.before)}` },
    })),
    quote: null,
    link: { text: words.openDashboard, url: `${publicBaseUrl}${headline.dashboardPath}` },
  };
}

/**
 * The first `COMMENT_CHARS` characters of the comment on one line, "…" when it goes on; null for
 * no comment.
 */
export function cutComment(comment: string | null | undefined): string | null {
  const line = (comment ?? '')
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (line === '') return null;
  // By code points, so that a cut never splits an emoji.
  const chars = Array.from(line);
  return chars.length > COMMENT_CHARS ? `${chars.slice(0, COMMENT_CHARS).join('')}…` : line;
}

function scoreFact(data: CaseData, words: ChatWords) {
  const score = data.response?.score;
  if (score === null || score === undefined) return [];
  const scaleMax = data.response?.scaleMax ?? null;
  return [{ name: words.score, value: { text: words.scoreOf(score, scaleMax) } }];
}

/** Where the visit was: its place, else its channel or kind (never the reference: the CRM's). */
function placeFact(data: CaseData, words: ChatWords) {
  const { location, channel, type } = data.touchpoint ?? {};
  const place = location ?? channel ?? type;
  return place ? [{ name: words.where, value: { text: place } }] : [];
}

function caseFacts(data: CaseData, words: ChatWords) {
  return [
    { name: words.priority, value: { text: words.priorityOf(data.case.priority) } },
    { name: words.team, value: { text: data.case.team?.name ?? words.noTeam } },
  ];
}

function at(iso: string | null): ChatFactValue {
  return iso ? { at: iso } : { text: '–' };
}

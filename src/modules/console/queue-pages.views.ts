import { createHash } from 'node:crypto';
import type { UserPrincipal } from '../../common/auth/principal';
import type { CaseOutcome } from '../cases/case-outcomes';
import { QUEUE_SORTS, QUEUE_VIEWS, type QueueView } from '../cases/case-queue-sql';
import type { QueueCounts, QueueItem, QueueQuery } from '../cases/case-queue';
import { CASE_STATUSES } from '../cases/case-states';
import { noticeFor } from './case-pages.views';
import { CONSOLE_LOCALE, caseStatusWords } from './case-words';
import { ageWords, dueWords, QUEUE_SORT_WORDS, QUEUE_VIEW_WORDS } from './queue-words';
import { when } from './when';

/** A row of a case table: every value in words, times relative with the exact one on hover. */
export interface CaseRowView {
  id: string;
  customer: string;
  /** The email or external id under the name; empty when erased. */
  contact: string;
  score: string;
  survey: string;
  touchpoint: string;
  status: string;
  assignee: string;
  age: TimeView;
  due: (TimeView & { overdue: boolean }) | null;
  replied: TimeView | null;
}

/** `<time datetime="{{iso}}" title="{{exact}}">{{words}}</time>`. */
export interface TimeView {
  iso: string;
  exact: string;
  words: string;
}

/** The part of the queue that refreshes itself: the view's tabs with counts, its table, paging. */
export interface QueueLiveView {
  /** `count` as text ("0" too); empty for All cases, which is not counted. */
  tabs: { href: string; label: string; count: string; current: boolean }[];
  heading: string;
  definition: string;
  /** What the search and filters narrow it to, in words; empty when nothing does. */
  narrowed: string;
  cases: CaseRowView[];
  empty: string;
  /** A search that found nothing here may find the case among all cases. */
  searchAll: string | null;
  next: string | null;
  /** Where the page asks for a fresh copy: the same view, told what it shows now. */
  refreshHref: string;
}

/** The search and filter form, as submitted, with its choices. */
export interface QueueFormView {
  view: QueueView;
  q: string;
  choices: {
    name: string;
    label: string;
    options: { value: string; label: string; selected: boolean }[];
  }[];
  touchpointType: string;
}

export interface QueuePageView {
  csrfToken: string;
  notice: string | null;
  /** Agents and managers take cases; an admin assigns them from the case page. */
  canClaim: boolean;
  form: QueueFormView;
  live: QueueLiveView;
}

/** What the filter lists offer the viewer. */
export interface QueueChoices {
  teams: { id: string; name: string }[];
  people: { id: string; name: string }[];
  surveys: { key: string; name: string }[];
}

const WORDS = QUEUE_VIEW_WORDS[CONSOLE_LOCALE];

/** Enough of the queue for one screen; the next page link pages through the rest. */
export const QUEUE_PAGE_SIZE = 50;

/** The view a queue opens on: the one asked for; else, with a search, all cases; else yours. */
export function chosenView(
  asked: QueueView | undefined,
  q: string | undefined,
  counts: QueueCounts,
) {
  if (asked) return asked;
  if (q) return 'all';
  return counts.waiting_on_me > 0 ? 'waiting_on_me' : 'team_unassigned';
}

type QueryValue = string | number | boolean | null | undefined;

/** The query string of a queue address: the non-empty values, in a stable order. */
export function queueHref(path: string, values: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** The live part of the queue, and its fingerprint (what `since` compares to answer 204). */
export function queueLiveView(
  query: QueueQuery,
  counts: QueueCounts,
  page: { items: QueueItem[]; nextCursor: string | null },
  now: Date,
): { view: QueueLiveView; fingerprint: string } {
  const state = stateOf(query);
  const narrowed = narrowedWords(query);
  const view: Omit<QueueLiveView, 'refreshHref'> = {
    tabs: QUEUE_VIEWS.map((name) => ({
      href: queueHref('/console/cases', { view: name }),
      label: WORDS[name].label,
      count: name === 'all' ? '' : String(counts[name]),
      current: name === query.view,
    })),
    heading: WORDS[query.view].label,
    definition: WORDS[query.view].definition,
    narrowed,
    cases: page.items.map((item) => queueRowView(item, now)),
    empty: narrowed ? 'No case here matches.' : WORDS[query.view].empty,
    searchAll:
      query.q && query.view !== 'all' && page.items.length === 0
        ? queueHref('/console/cases', { view: 'all', q: query.q })
        : null,
    next: page.nextCursor
      ? queueHref('/console/cases', { ...state, cursor: page.nextCursor })
      : null,
  };
  const fingerprint = createHash('sha256').update(JSON.stringify(view)).digest('base64url');
  const refreshHref = queueHref('/console/cases/live', {
    ...state,
    cursor: query.cursor,
    since: fingerprint.slice(0, 16),
  });
  return { view: { ...view, refreshHref }, fingerprint: fingerprint.slice(0, 16) };
}

/** The form's values and choices, the submitted ones selected. */
export function queueFormView(
  user: UserPrincipal,
  query: QueueQuery,
  choices: QueueChoices,
): QueueFormView {
  const option = (value: string, label: string, current: QueryValue) => ({
    value,
    label,
    selected: String(current ?? '') === value,
  });
  const list = (name: string, label: string, current: QueryValue, options: [string, string][]) => ({
    name,
    label,
    options: [['', 'Any'] as [string, string], ...options].map(([value, words]) =>
      option(value, words, current),
    ),
  });
  const sorts = QUEUE_SORTS.map((sort) =>
    option(sort, QUEUE_SORT_WORDS[CONSOLE_LOCALE][sort], query.sort),
  );
  return {
    view: query.view,
    q: query.q ?? '',
    touchpointType: query.touchpointType ?? '',
    choices: [
      list(
        'status',
        'Status',
        query.status,
        CASE_STATUSES.map((s) => [s, caseStatusWords(s)]),
      ),
      list('team', 'Team', query.team, [
        ...choices.teams.map((team): [string, string] => [team.id, team.name]),
        ['none', 'Not routed to a team'],
      ]),
      list('assignee', 'Assignee', query.assignee, [
        ['me', `Me (${user.name})`],
        ['none', 'No one yet'],
        ...choices.people
          .filter((person) => person.id !== user.userId)
          .map((person): [string, string] => [person.id, person.name]),
      ]),
      list('priority', 'Priority', query.priority, [
        ['1', '1 (most urgent)'],
        ['2', '2'],
        ['3', '3'],
        ['4', '4'],
      ]),
      list(
        'survey',
        'Survey',
        query.survey,
        choices.surveys.map((s) => [s.key, s.name]),
      ),
      list('overdue', 'Overdue', query.overdue, [
        ['true', 'Only overdue cases'],
        ['false', 'Only cases not overdue'],
      ]),
      { name: 'sort', label: 'Sort', options: sorts },
    ],
  };
}

export function queuePageView(
  user: UserPrincipal,
  done: unknown,
  form: QueueFormView,
  live: QueueLiveView,
): QueuePageView {
  return {
    csrfToken: user.csrfToken,
    notice: noticeFor(done),
    canClaim: user.role !== 'admin',
    form,
    live,
  };
}

/** The query's own values (not the cursor): what a link to the same list carries. */
function stateOf(query: QueueQuery): Record<string, QueryValue> {
  return {
    view: query.view,
    q: query.q,
    status: query.status,
    team: query.team,
    assignee: query.assignee,
    priority: query.priority,
    survey: query.survey,
    touchpointType: query.touchpointType,
    overdue: query.overdue,
    openedFrom: query.openedFrom,
    openedBefore: query.openedBefore,
    outcome: query.outcome,
    sort: query.sort,
    limit: query.limit === QUEUE_PAGE_SIZE ? undefined : query.limit,
  };
}

/** "matching “ann”; status Assigned; overdue only", or empty. */
function narrowedWords(query: QueueQuery): string {
  const said: string[] = [];
  if (query.q) said.push(`matching “${query.q}”`);
  if (query.status) said.push(`status ${caseStatusWords(query.status)}`);
  if (query.team) said.push(query.team === 'none' ? 'not routed to a team' : 'one team');
  if (query.assignee) {
    said.push(
      query.assignee === 'me'
        ? 'yours'
        : query.assignee === 'none'
          ? 'no one’s yet'
          : 'one person’s',
    );
  }
  if (query.priority !== undefined) said.push(`priority ${query.priority}`);
  if (query.survey) said.push(`survey ${query.survey}`);
  if (query.touchpointType) said.push(`touchpoint “${touchpointWords(query.touchpointType)}”`);
  if (query.overdue !== undefined) said.push(query.overdue ? 'overdue only' : 'not overdue');
  if (query.openedFrom) said.push(`opened from ${when(query.openedFrom)}`);
  if (query.openedBefore) said.push(`opened before ${when(query.openedBefore)}`);
  if (query.outcome) said.push(OUTCOME_WORDS[query.outcome]);
  return said.join('; ');
}

const OUTCOME_WORDS: Record<CaseOutcome, string> = {
  resolved: 'resolved',
  unresolved: 'not resolved yet',
  late_first_contact: 'first contact late or still missing past its deadline',
  late_resolution: 'resolved late or still open past its deadline',
  recovered: 'the customer said we made it right',
  not_recovered: 'the customer said we did not make it right',
};

/**
 * A touchpoint type as the company's systems name it (`hotel_stay`), said as words ("Hotel
 * stay"): it is theirs, with no label of its own.
 */
export function touchpointWords(type: string): string {
  const words = type.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function timeView(at: string, words: string): TimeView {
  return { iso: at, exact: when(at), words };
}

export function queueRowView(item: QueueItem, now: Date): CaseRowView {
  const { name, externalId, email } = item.customer;
  return {
    id: item.id,
    customer: name ?? externalId ?? 'Erased customer',
    contact: email ?? (name ? (externalId ?? '') : ''),
    score: item.score
      ? `${item.score.value} of ${item.score.min}–${item.score.max}`
      : 'Asked to be contacted',
    survey: item.survey.name,
    touchpoint: item.touchpointType ? touchpointWords(item.touchpointType) : '—',
    status: caseStatusWords(item.status),
    assignee: item.assigneeName ?? 'No one yet',
    age: timeView(item.createdAt, ageWords(new Date(item.createdAt), now, CONSOLE_LOCALE)),
    due: item.nextDue
      ? {
          ...timeView(
            item.nextDue.at,
            dueWords(item.nextDue.kind, new Date(item.nextDue.at), now, CONSOLE_LOCALE),
          ),
          overdue: new Date(item.nextDue.at) < now,
        }
      : null,
    replied: item.customerRepliedAt
      ? timeView(
          item.customerRepliedAt,
          ageWords(new Date(item.customerRepliedAt), now, CONSOLE_LOCALE),
        )
      : null,
  };
}

/** `console-case-list.hbs`: cases by any filter of the API's list, a page at a time. */
export interface CaseListView {
  /** Which cases these are, in words. */
  description: string;
  cases: CaseRowView[];
  next: string | null;
}

/** The list page (the dashboard's drill-downs): all cases by the API's filters, newest first. */
export function caseListView(
  query: QueueQuery,
  page: { items: QueueItem[]; nextCursor: string | null },
  next: string | null,
  now: Date,
): CaseListView {
  const narrowed = narrowedWords(query).replace('overdue only', 'past a deadline and not resolved');
  return {
    description: narrowed || 'all cases you may see',
    cases: page.items.map((item) => queueRowView(item, now)),
    next,
  };
}

declare module '../../common/templates/page-contexts' {
  interface PageContexts {
    /** The queue's live part alone (`/console/cases/live`), with its tabs swapped out of band. */
    'console-queue-live': QueueLiveView;
  }
}

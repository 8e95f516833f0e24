import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { QueryResultRow } from 'pg';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { UserPrincipal } from '../../common/auth/principal';
import { caseInScopeOf, teamScope } from '../../common/auth/team-scope';
import { preparedQuery, serialQuery } from '../../common/database/prepared-query';
import { DEFAULT_PAGE_SIZE, type Page } from '../../common/pagination/page-query';
import { leftJoinCustomerOf } from '../customers/customer-sql';
import { customerIdsMatchingSql } from '../customers/customer-search-sql';
import { joinInvitationOf } from '../invitations/invitation-sql';
import { unhappyAnswerInvitationsMatchingSql } from '../responses/response-search-sql';
import { responsesByIdSql } from '../responses/response-sql';
import { joinSurveyVersionOf, versionsOfSurveySql } from '../surveys/survey-sql';
import { SCALE_RANGE, type Scale } from '../surveys/survey-definition';
import { leftJoinUserOf } from '../users/user-sql';
import { type CaseActor, meOf } from './case-actor';
import { QueueCounter, type QueueCounts } from './case-queue-counts';
import { CASE_OUTCOMES, type CaseOutcome } from './case-outcomes';
import { CASE_COLUMNS, type CaseDto, type CaseRow, toCaseDto } from './case-rows';
import type { CaseStatus } from './case-states';
import {
  afterCursorSql,
  caseTextMatchesSql,
  decodeQueueCursor,
  defaultQueueSort,
  NEXT_DUE_SQL,
  orderBySql,
  pageKeysSql,
  OVERDUE_SQL,
  queueCursor,
  type QueueSort,
  type QueueView,
  searchQuery,
  sortKeyColumnsSql,
  sortNeedsScore,
  viewSql,
} from './case-queue-sql';
import type { CaseSource } from './follow-up-case.entity';
import { responseHasTopicSql } from '../topics/topic-sql';

/** What narrows a queue page; every field optional but the view and the sort. */
export interface QueueQuery {
  view: QueueView;
  sort: QueueSort;
  /** Words of the customer's name, email or external id, or of the case's text. */
  q?: string;
  status?: CaseStatus;
  /** A team's id, or `none`: not routed to a team. */
  team?: string;
  /** `me`, a user's id, or `none`: no one's yet. */
  assignee?: string;
  priority?: number;
  /** A survey's key. */
  survey?: string;
  touchpointType?: string;
  /** Only the overdue cases (true) or only the others (false). */
  overdue?: boolean;
  /** Opened at or after this time, and before the other (the dashboard's drill-downs). */
  openedFrom?: string;
  openedBefore?: string;
  /** What became of them (case-outcomes.ts). */
  outcome?: CaseOutcome;
  /** A topic's id: cases whose answer's comment is about it. */
  topic?: string;
  /** The CRM's ticket id (the API's lookup). */
  externalRef?: string;
  cursor?: string;
  limit: number;
}

/** `GET /api/v1/cases`'s query: the queue's fields, the API's meaning of `overdue`. */
export type ApiCasesQuery = Omit<QueueQuery, 'view' | 'sort' | 'limit' | 'priority'> & {
  view?: QueueView;
  sort?: QueueSort;
  limit?: number;
};

/**
 * The API's list as a queue query when it asks for a view, a sort or a search (null when it asks
 * for none: the plain list, whose cursors stay as they were). The view is all cases unless named,
 * the sort the view's own (newest for all), a page 50 cases; `overdue=false` filters nothing in
 * the API, as before.
 */
export function apiQueueQuery(asked: ApiCasesQuery): QueueQuery | null {
  if (asked.view === undefined && asked.sort === undefined && asked.q === undefined) return null;
  const view = asked.view ?? 'all';
  return {
    ...asked,
    view,
    sort: asked.sort ?? defaultQueueSort(view),
    overdue: asked.overdue === true ? true : undefined,
    limit: asked.limit ?? DEFAULT_PAGE_SIZE,
  };
}

/** A row of the queue: what an agent needs to pick a case. */
export interface QueueItem {
  id: string;
  status: CaseStatus;
  source: CaseSource;
  priority: number;
  teamId: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  /** All null once the customer is erased. */
  customer: { name: string | null; externalId: string | null; email: string | null };
  /** The answer's score on its scale; null for a contact request (no answer to show). */
  score: { value: number; min: number; max: number } | null;
  survey: { key: string; name: string };
  touchpointType: string | null;
  createdAt: string;
  updatedAt: string;
  /** What is due next from us and when (see NEXT_DUE_SQL); null when nothing is. */
  nextDue: { kind: 'first_contact' | 'resolution'; at: string } | null;
  overdue: boolean;
  /** When the customer wrote, while no one has answered yet. */
  customerRepliedAt: string | null;
}

export type { QueueCounts };

interface QueueRow {
  id: string;
  status: CaseStatus;
  source: CaseSource;
  priority: number;
  team_id: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
  name: string | null;
  external_id: string | null;
  email: string | null;
  score: number | null;
  scale: Scale;
  survey_key: string;
  survey_name: string;
  touchpoint_type: string | null;
  created_at: Date;
  updated_at: Date;
  first_contacted_at: Date | null;
  next_due: Date | null;
  overdue: boolean;
  customer_replied_at: Date | null;
  keys: string[];
}

/**
 * The agents' queue: views of the cases in the viewer's team scope (case-queue-sql.ts says what
 * each holds), searched, filtered, sorted and paged by keyset. One statement cuts the page from
 * `follow_up_cases` alone (a view's and a sort's indexes serve it), then dresses its rows.
 */
@Injectable()
export class CaseQueue {
  private readonly counter = new QueueCounter((text, values) => this.prepared(text, values));

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * A named statement per text (a handful: the views and sorts agents use, plus the searches and
   * filters they try): planning these joins costs more than running them on a page of rows.
   */
  private prepared<T extends QueryResultRow>(text: string, values: unknown[]): Promise<T[]> {
    return preparedQuery<T>(this.dataSource, statementName(text), text, values);
  }

  /**
   * A page's rows; a search's with no parallel workers. PostgreSQL cannot tell how many rows a
   * search's words match, guesses many, and starts two workers for the union of its sources:
   * about 50 ms on two busy cores for what takes one (the email search: 1 ms of work).
   */
  private async pageRows<T extends QueryResultRow>(
    query: QueueQuery,
    text: string,
    values: unknown[],
  ): Promise<T[]> {
    if (query.q === undefined) return this.prepared<T>(text, values);
    return serialQuery<T>(this.dataSource, statementName(text), text, values);
  }

  async page(viewer: UserPrincipal, query: QueueQuery): Promise<Page<QueueItem>> {
    const cut = pageCut(viewer, query);
    const rows = await this.pageRows<QueueRow>(
      query,
      `${cut.sql}
       SELECT c.id, c.status, c.source, c.priority, c.team_id, c.assignee_id, u.name AS assignee_name,
         cu.name, cu.external_id, cu.email, r.score, sv.scale, s.key AS survey_key,
         sv.name AS survey_name, i.touchpoint_type, c.created_at, c.updated_at,
         c.first_contacted_at, ${NEXT_DUE_SQL} AS next_due, ${OVERDUE_SQL} AS overdue,
         CASE WHEN c.status IN ('open', 'assigned', 'contacted', 'resolved')
           THEN c.customer_replied_at END AS customer_replied_at,
         ${pageKeysSql(query.sort)} AS keys
       FROM page JOIN follow_up_cases c ON c.id = page.id
         ${leftJoinCustomerOf('c.customer_id', 'cu')} ${SCORE_JOIN}
         ${joinSurveyVersionOf('c.survey_version_id', { version: 'sv', survey: 's' })}
         ${joinInvitationOf('c.invitation_id', 'i')} ${leftJoinUserOf('c.assignee_id', 'u')}
       ORDER BY ${orderBySql(query.sort, 'page')}`,
      cut.params,
    );
    return pageOf(rows, query, toQueueItem);
  }

  /**
   * The same page as the API's cases (`GET /api/v1/cases` with `q`, `view` or `sort`): cut as the
   * queue cuts it, each row the case as the rest of the API shows it.
   */
  async cases(viewer: CaseActor, query: QueueQuery): Promise<Page<CaseDto>> {
    const cut = pageCut(viewer, query);
    const rows = await this.pageRows<CaseRow & { keys: string[] }>(
      query,
      `${cut.sql}
       SELECT ${CASE_COLUMNS}, ${pageKeysSql(query.sort)} AS keys
       FROM page JOIN follow_up_cases c ON c.id = page.id
         ${leftJoinCustomerOf('c.customer_id', 'cu')}
       ORDER BY ${orderBySql(query.sort, 'page')}`,
      cut.params,
    );
    return pageOf(rows, query, toCaseDto);
  }

  /** The size of every view for the viewer (QueueCounter: the team's kept while no case changes). */
  counts(viewer: UserPrincipal): Promise<QueueCounts> {
    return this.counter.counts(viewer);
  }
}

/** A named statement per text (a handful: the views and sorts agents use, and searches). */
function statementName(text: string): string {
  return `queue-${createHash('sha1').update(text).digest('base64url')}`;
}

/** The answer's score (`r`) of a case `c`. */
const SCORE_JOIN = `LEFT JOIN LATERAL ${responsesByIdSql('ARRAY[c.response_id]')} r ON true`;

/**
 * `WITH page AS (…)`: the page's case ids and sort keys, cut from `follow_up_cases` alone (an
 * index can cover them), one row more than the limit to tell whether another page follows. Only
 * the page's rows are then read whole and joined to what they show.
 */
function pageCut(viewer: CaseActor, query: QueueQuery): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  let me: string | undefined;
  // Only a view of the viewer's own cases or `assignee=me` names them.
  const viewerSql = () =>
    (me ??= `${param(meOf(viewer, query.assignee === 'me' ? 'assignee' : 'view'))}::uuid`);
  const where = [
    caseInScopeOf(teamScope(viewer), param, 'c'),
    viewSql(query.view, viewerSql),
    ...filterSql(query, param, viewerSql),
  ];
  if (query.topic) where.push(responseHasTopicSql('c.response_id', `${param(query.topic)}::uuid`));
  if (query.q !== undefined) {
    const words = searchQuery(query.q);
    if (words === null) where.push('false');
    else where.push(searchSql(`to_tsquery('simple', ${param(words)})`));
  }
  if (query.cursor) {
    const after = decodeQueueCursor(query.sort, query.cursor);
    where.push(afterCursorSql(query.sort, params.length + 1));
    params.push(...after);
  }
  const touchpoint = query.touchpointType
    ? `${joinInvitationOf('c.invitation_id', 'ti')} AND ti.touchpoint_type = ${param(query.touchpointType)}`
    : '';
  // Written out, not a parameter: with an unknown limit a named statement's generic plan reckons
  // on reading a tenth of the rows, so PostgreSQL planned each execution again (4-20 ms).
  if (!Number.isSafeInteger(query.limit) || query.limit < 1) throw new Error('limit');
  const limit = String(query.limit + 1);
  const sql = `WITH page AS (
      SELECT c.id, ${sortKeyColumnsSql(query.sort)} FROM follow_up_cases c ${touchpoint}
        ${sortNeedsScore(query.sort) ? SCORE_JOIN : ''}
      WHERE ${where.join(' AND ')}
      ORDER BY ${orderBySql(query.sort)}
      LIMIT ${limit}
    )`;
  return { sql, params };
}

/** A page from rows cut with one more than the limit; the cursor after its last row. */
function pageOf<R extends { id: string; keys: string[] }, T>(
  rows: R[],
  query: QueueQuery,
  toItem: (row: R) => T,
): Page<T> {
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map(toItem),
    nextCursor:
      rows.length > query.limit && last ? queueCursor(query.sort, last.keys, last.id) : null,
  };
}

/** The filters given, as conditions on `c`; `param` numbers a value, `viewer` names the viewer. */
function filterSql(
  query: QueueQuery,
  param: (value: unknown) => string,
  viewer: () => string,
): string[] {
  const where: string[] = [];
  if (query.status) where.push(`c.status = ${param(query.status)}`);
  if (query.team === 'none') where.push('c.team_id IS NULL');
  else if (query.team) where.push(`c.team_id = ${param(query.team)}::uuid`);
  if (query.assignee === 'none') where.push('c.assignee_id IS NULL');
  else if (query.assignee === 'me') where.push(`c.assignee_id = ${viewer()}`);
  else if (query.assignee) where.push(`c.assignee_id = ${param(query.assignee)}::uuid`);
  if (query.priority !== undefined) where.push(`c.priority = ${param(query.priority)}`);
  if (query.survey) {
    where.push(`c.survey_version_id IN ${versionsOfSurveySql(`${param(query.survey)}::text`)}`);
  }
  if (query.overdue !== undefined) where.push(query.overdue ? OVERDUE_SQL : `NOT ${OVERDUE_SQL}`);
  if (query.openedFrom) where.push(`c.created_at >= ${param(query.openedFrom)}::timestamptz`);
  if (query.openedBefore) where.push(`c.created_at < ${param(query.openedBefore)}::timestamptz`);
  if (query.outcome) where.push(`(${CASE_OUTCOMES[query.outcome]})`);
  if (query.externalRef) where.push(`c.external_ref = ${param(query.externalRef)}`);
  return where;
}

/**
 * The cases whose customer (name, email, external id), answer comment, dialogue, notes or logged
 * contacts match `tsquery`: each source found on its own full-text index, then the cases by
 * their own indexes (customer, invitation). Each step is an array (`= ANY(ARRAY(…))`), so the
 * plan is the same whatever the words: PostgreSQL cannot tell how many rows words match, and
 * when it guessed many it read every case (half a second at 100,000 cases).
 */
function searchSql(tsquery: string): string {
  return `c.id = ANY(ARRAY(
    SELECT id FROM follow_up_cases WHERE customer_id = ANY(ARRAY${customerIdsMatchingSql(tsquery)})
    UNION ALL
    SELECT id FROM follow_up_cases
      WHERE invitation_id = ANY(ARRAY${unhappyAnswerInvitationsMatchingSql(tsquery)})
    UNION ALL
    ${caseTextMatchesSql(tsquery)}))`;
}

function toQueueItem(row: QueueRow): QueueItem {
  const range = SCALE_RANGE[row.scale];
  const dueKind =
    row.next_due === null
      ? null
      : row.first_contacted_at === null && ['open', 'assigned'].includes(row.status)
        ? 'first_contact'
        : 'resolution';
  return {
    id: row.id,
    status: row.status,
    source: row.source,
    priority: row.priority,
    teamId: row.team_id,
    assigneeId: row.assignee_id,
    assigneeName: row.assignee_name,
    customer: { name: row.name, externalId: row.external_id, email: row.email },
    score: row.score === null ? null : { value: row.score, ...range },
    survey: { key: row.survey_key, name: row.survey_name },
    touchpointType: row.touchpoint_type,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    nextDue: row.next_due && dueKind ? { kind: dueKind, at: row.next_due.toISOString() } : null,
    overdue: row.overdue,
    customerRepliedAt: row.customer_replied_at?.toISOString() ?? null,
  };
}

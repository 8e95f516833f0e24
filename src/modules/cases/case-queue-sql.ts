import { isUUID } from 'class-validator';
import { decodeCursor, encodeCursor, isPgTimestamptz } from '../../common/pagination/page-query';
import { validationError } from '../../common/validation/validation-error';

/** The search text rule lives with the other modules' searches (customers too). */
export { searchQuery } from '../../common/search/search-query';

/**
 * The agents' queue as SQL over `follow_up_cases c`: its views, its sorts with their keyset
 * cursors, and the search query. Pure: CaseQueue runs the statements.
 */

/** The queue's views, in the order the console shows them; `all` is every case in scope. */
export const QUEUE_VIEWS = [
  'waiting_on_me',
  'waiting_on_customer',
  'team_unassigned',
  'team_in_progress',
  'overdue',
  'recently_closed',
  'all',
] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];

/** How many days a closed or withdrawn case stays under "Recently closed". */
export const RECENTLY_CLOSED_DAYS = 14;

/**
 * What is due next from us, as the case's own deadlines say: first contact until the customer was
 * contacted, then the resolution; nothing once resolved (the customer has the next word), closed
 * or withdrawn.
 */
export const NEXT_DUE_SQL = `(CASE
  WHEN c.status IN ('open', 'assigned') AND c.first_contacted_at IS NULL THEN c.first_contact_due_at
  WHEN c.status IN ('open', 'assigned', 'contacted') THEN c.resolution_due_at END)`;

/** Still worked, and a deadline was missed (escalation marks it): what the dashboard counts. */
export const OVERDUE_SQL = `(c.overdue_at IS NOT NULL AND c.status IN ('open', 'assigned', 'contacted'))`;

/**
 * Each view as a condition on `c`. The two "Mine" views split the
 * viewer's live cases by whose turn it is: ours when the case waits for its first contact
 * (assigned), when the customer's reply is unanswered, or when we were in touch but did not email
 * last (a logged call: the next step is ours); the customer's when we emailed last, or when the
 * case is resolved and waits for their recovery answer. `viewer` gives the SQL naming the viewer,
 * asked only by the views that use it (an unused parameter has no type).
 */
const MINE_LIVE = `c.status IN ('assigned', 'contacted', 'resolved')`;

export function viewSql(view: QueueView, viewer: () => string): string {
  const me = ['waiting_on_me', 'waiting_on_customer'].includes(view) ? viewer() : '';
  const replied = 'c.customer_replied_at IS NOT NULL';
  switch (view) {
    // The live statuses named first: what the partial index of the viewer's cases holds.
    case 'waiting_on_me':
      return `(c.assignee_id = ${me} AND ${MINE_LIVE} AND (c.status = 'assigned'
        OR (c.status IN ('contacted', 'resolved') AND ${replied})
        OR (c.status = 'contacted' AND c.agent_emailed_at IS NULL)))`;
    case 'waiting_on_customer':
      return `(c.assignee_id = ${me} AND ${MINE_LIVE} AND NOT (${replied}) AND (c.status = 'resolved'
        OR (c.status = 'contacted' AND c.agent_emailed_at IS NOT NULL)))`;
    case 'team_unassigned':
      return `(c.status = 'open')`;
    case 'team_in_progress':
      return `(c.status IN ('assigned', 'contacted'))`;
    case 'overdue':
      return OVERDUE_SQL;
    case 'recently_closed':
      return `(c.status IN ('closed', 'withdrawn')
        AND c.updated_at >= now() - interval '${RECENTLY_CLOSED_DAYS} days')`;
    case 'all':
      return 'true';
  }
}

export const QUEUE_SORTS = ['due', 'priority', 'score', 'newest', 'oldest', 'activity'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

/** A view's order when none is asked for: what is due first, but newest among the ended and all. */
export function defaultQueueSort(view: QueueView): QueueSort {
  return view === 'recently_closed' || view === 'all' ? 'newest' : 'due';
}

type KeyType = 'timestamptz' | 'int';

interface SortSpec {
  /** The sort keys before the case id (the tie-break), each an SQL expression and its type. */
  keys: { sql: string; type: KeyType }[];
  descending: boolean;
  /** Reads the answer's score (`r`), which only this sort needs before the page is cut. */
  needsScore?: boolean;
}

/** Nothing due sorts after everything due. */
const DUE_KEY = {
  sql: `coalesce(${NEXT_DUE_SQL}, 'infinity'::timestamptz)`,
  type: 'timestamptz' as const,
};

const SORTS: Record<QueueSort, SortSpec> = {
  due: { keys: [DUE_KEY], descending: false },
  priority: { keys: [{ sql: 'c.priority::int', type: 'int' }, DUE_KEY], descending: false },
  // Unhappiest first; a contact request has no score and comes last.
  score: {
    keys: [
      { sql: 'coalesce(r.score, 1000)', type: 'int' },
      { sql: 'c.created_at', type: 'timestamptz' },
    ],
    descending: false,
    needsScore: true,
  },
  newest: { keys: [{ sql: 'c.created_at', type: 'timestamptz' }], descending: true },
  oldest: { keys: [{ sql: 'c.created_at', type: 'timestamptz' }], descending: false },
  activity: { keys: [{ sql: 'c.updated_at', type: 'timestamptz' }], descending: true },
};

export function sortNeedsScore(sort: QueueSort): boolean {
  return SORTS[sort].needsScore === true;
}

/** The sort keys as columns `k0`, `k1`, … of the rows that cut a page. */
export function sortKeyColumnsSql(sort: QueueSort): string {
  return SORTS[sort].keys.map((key, i) => `${key.sql} AS k${i}`).join(', ');
}

/** The sort keys of a cut page (`page`) as a text array: a cursor keeps a time's microseconds. */
export function pageKeysSql(sort: QueueSort): string {
  return `ARRAY[${SORTS[sort].keys.map((_, i) => `page.k${i}::text`).join(', ')}]`;
}

/** ORDER BY over `c` (`key` = 'c') or over a cut page's key columns (`key` = 'page'). */
export function orderBySql(sort: QueueSort, over: 'c' | 'page' = 'c'): string {
  const direction = SORTS[sort].descending ? 'DESC' : 'ASC';
  const keys = SORTS[sort].keys.map((key, i) => (over === 'c' ? key.sql : `page.k${i}`));
  return [...keys, `${over}.id`].map((sql) => `${sql} ${direction}`).join(', ');
}

/**
 * The keyset condition after a cursor: the row of sort keys past the cursor's, parameters from
 * `$first` on (one per key, then the id).
 */
export function afterCursorSql(sort: QueueSort, first: number): string {
  const { keys, descending } = SORTS[sort];
  const columns = [...keys.map((key) => key.sql), 'c.id'];
  const params = [
    ...keys.map((key, i) => `$${first + i}::${key.type}`),
    `$${first + keys.length}::uuid`,
  ];
  return `(${columns.join(', ')}) ${descending ? '<' : '>'} (${params.join(', ')})`;
}

/** The cursor after a row: its sort, its keys as text, its id. */
export function queueCursor(sort: QueueSort, keys: string[], id: string): string {
  return encodeCursor([sort, ...keys, id]);
}

/**
 * The keys and id a cursor holds, checked against the sort's key types (a cursor of another sort,
 * or one that decodes to anything else, is the 400 of any bad cursor, never a failed statement).
 */
export function decodeQueueCursor(sort: QueueSort, cursor: string): string[] {
  const { keys } = SORTS[sort];
  const refuse = () =>
    validationError([
      {
        field: 'cursor',
        message:
          'must be the "Next page" link (the nextCursor) of this list with the same sort; start again from the first page',
      },
    ]);
  let values: string[];
  try {
    values = decodeCursor(cursor, keys.length + 2);
  } catch {
    throw refuse();
  }
  const [cursorSort, ...rest] = values;
  const id = rest.at(-1)!;
  const valid =
    cursorSort === sort &&
    isUUID(id) &&
    keys.every((key, i) =>
      key.type === 'int'
        ? /^-?\d{1,9}$/.test(rest[i])
        : rest[i] === 'infinity' || isPgTimestamptz(rest[i]),
    );
  if (!valid) throw refuse();
  return rest;
}

/**
 * SQL: the ids of the cases whose own text matches `query` (an SQL tsquery), as the arms of a
 * UNION: their dialogue, notes and logged contacts (each on its full-text index, migration
 * AgentQueue, whose expressions these repeat).
 */
export function caseTextMatchesSql(query: string): string {
  return `SELECT case_id FROM case_messages
      WHERE to_tsvector('simple', subject || ' ' || body) @@ ${query}
    UNION ALL
    SELECT case_id FROM case_events
      WHERE type IN ('note', 'contact_logged') AND to_tsvector('simple', detail) @@ ${query}`;
}

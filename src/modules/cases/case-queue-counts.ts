import type { QueryResultRow } from 'pg';
import type { UserPrincipal } from '../../common/auth/principal';
import { caseInScopeOf, teamScope } from '../../common/auth/team-scope';
import { type QueueView, viewSql } from './case-queue-sql';

/** How many cases each view holds for the viewer (`all` aside). */
export type QueueCounts = Record<Exclude<QueueView, 'all'>, number>;

/** Counted for each viewer: their own cases. */
const MINE_VIEWS = ['waiting_on_me', 'waiting_on_customer'] as const;
/** The same for every agent of a team: counted once for all of them while no case changes. */
const TEAM_VIEWS = ['team_unassigned', 'team_in_progress', 'overdue', 'recently_closed'] as const;

type TeamCounts = Record<(typeof TEAM_VIEWS)[number], number>;

/**
 * The longest a team's counts are kept, even with no change noted: "Recently closed" moves with
 * the clock, and a change committed while they were being counted may be noted (the stamp read)
 * before it is seen. Below the live refresh's promise of a new case within 5 seconds.
 */
export const TEAM_COUNTS_FRESH_MS = 2_000;

/** Moved by every statement that changes `follow_up_cases` (migration QueueCountsAndIndexes). */
const STAMP_SQL = '(SELECT last_value::text FROM follow_up_case_changes) AS stamp';

type Run = <T extends QueryResultRow>(text: string, values: unknown[]) => Promise<T[]>;

/**
 * The size of every view for a viewer. Counting a team's four views reads thousands of index
 * entries (about 10 ms of the database's time at 100,000 cases), the same for each of its agents:
 * they are kept per team scope and counted again only when a case changed (the change stamp
 * moved) or after TEAM_COUNTS_FRESH_MS. The viewer's own two views are counted each time, with
 * the stamp in the same statement.
 */
export class QueueCounter {
  private readonly kept = new Map<string, { at: number; read: Promise<Stamped<TeamCounts>> }>();

  constructor(
    private readonly run: Run,
    private readonly clock: () => number = Date.now,
  ) {}

  async counts(viewer: UserPrincipal): Promise<QueueCounts> {
    const scope = teamScope(viewer);
    const key = scope ?? 'all';
    const kept = this.kept.get(key);
    const fresh = kept && this.clock() - kept.at < TEAM_COUNTS_FRESH_MS ? kept.read : undefined;
    // Nothing fresh kept: count the team's views alongside, they are needed anyway.
    const [mine, team] = await Promise.all([
      this.mine(viewer, scope),
      fresh ?? this.team(key, scope),
    ]);
    const current = team.stamp === mine.stamp ? team : await this.team(key, scope);
    return {
      waiting_on_me: mine.waiting_on_me,
      waiting_on_customer: mine.waiting_on_customer,
      ...withoutStamp(current),
    };
  }

  private async mine(viewer: UserPrincipal, scope: string | null) {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const me = `${param(viewer.userId)}::uuid`;
    const [row] = await this.run<Stamped<Record<(typeof MINE_VIEWS)[number], number>>>(
      `SELECT ${STAMP_SQL}, ${countsSql(MINE_VIEWS, caseInScopeOf(scope, param, 'c'), me)}`,
      params,
    );
    return row;
  }

  /** Counts the team's views and keeps them, with the stamp read by the same statement. */
  private team(key: string, scope: string | null): Promise<Stamped<TeamCounts>> {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const read = this.run<Stamped<TeamCounts>>(
      `SELECT ${STAMP_SQL}, ${countsSql(TEAM_VIEWS, caseInScopeOf(scope, param, 'c'))}`,
      params,
    ).then(([row]) => row);
    const entry = { at: this.clock(), read };
    this.kept.set(key, entry);
    // A failed count is not kept: the next page counts again.
    read.catch(() => this.kept.get(key) === entry && this.kept.delete(key));
    return read;
  }
}

type Stamped<T> = T & { stamp: string };

function withoutStamp<T>({ stamp: _stamp, ...counts }: Stamped<T>): Omit<Stamped<T>, 'stamp'> {
  return counts;
}

/** `(SELECT count(*) …) AS view, …`: each view counted on its own index. */
function countsSql(views: readonly QueueView[], scope: string, me = ''): string {
  return views
    .map(
      (view) =>
        `(SELECT count(*)::int FROM follow_up_cases c WHERE ${scope} AND ${viewSql(view, () => me)}) AS ${view}`,
    )
    .join(', ');
}

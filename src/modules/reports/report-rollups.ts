import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { JobQueue } from '../../common/jobs/job-queue';
import { registerRecurring } from '../../common/jobs/recurring-job';
import { CASE_CONDITIONS as IS } from '../cases/case-outcomes';
import { rebuildQuestionDays } from './question-rollups';

declare module '../../common/jobs/job-types' {
  interface JobPayloads {
    /** No payload: it brings the rollups up to date, then schedules its next run. */
    'reports.rollup': Record<string, never>;
  }
}

/** How often the rollups catch up: new anonymous answers reach the reports within this. */
export const ROLLUP_EVERY_SECONDS = 60;
/**
 * Changes committed a little after they were stamped are still found by the next run. Rebuilds
 * stop at `now()`, this run's start, which becomes `covered_through`: the reports read the tables
 * from there, so nothing counts twice.
 */
const LOOK_BACK = `interval '5 minutes'`;

export interface RollupState {
  /** The rollups hold what the tables held at this moment (the last run's start). */
  coveredThrough: Date;
}

/**
 * Keeps the daily rollups the reports read (migration ReportRollups; and, kept per location,
 * channel and member of staff too, those of migration TouchpointWhere). Each run, in one
 * transaction, rebuilds the days that may have changed since the last: every day from the last
 * run's to today (today up to this run's start), the sending days of invitations answered since,
 * the opening days of cases changed or past a deadline since, the current month's anonymous
 * answers, and days an erasure marked stale; then `covered_through` becomes this run's start.
 * Reports read the rollups up to that moment and the tables after it, so what they cost depends
 * on the days in a period, not on the rows. The price: a case changed since the last run counts
 * as it was until the next one, and anonymous answers (read from the rollups only) appear with
 * the next one; runs are a minute apart.
 */
@Injectable()
export class ReportRollups implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    registerRecurring(this.jobs, 'reports.rollup', ROLLUP_EVERY_SECONDS, () => this.refresh());
  }

  async state(): Promise<RollupState> {
    const [row] = await this.dataSource.query<{ covered_through: Date }[]>(
      `SELECT covered_through FROM report_rollup_state`,
    );
    return { coveredThrough: row?.covered_through ?? new Date(0) };
  }

  /**
   * For a change to past data (an erasure moves answers and removes cases): these days are
   * rebuilt by the next run. Runs in the caller's transaction.
   */
  async markStale(manager: EntityManager, days: string[]): Promise<void> {
    if (days.length === 0) return;
    await manager.query(
      `UPDATE report_rollup_state
       SET stale_days = ARRAY(SELECT DISTINCT unnest(stale_days || $1::date[]))`,
      [days],
    );
  }

  /** Rebuilds every day, as after data was loaded or restored behind the rollups' back. */
  rebuild(): Promise<void> {
    return this.refresh({ everyDay: true });
  }

  async refresh({ everyDay = false } = {}): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // One run at a time; a second waits and then finds little to do.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('candor.report-rollups'))`);
      // The one row is there from the migration on, unless a test emptied every table.
      await manager.query(`INSERT INTO report_rollup_state DEFAULT VALUES ON CONFLICT DO NOTHING`);
      // Held to the end: an erasure marking days stale waits for this run, and the next run
      // rebuilds them; else a mark made mid-run could be cleared unrebuilt.
      await manager.query(`SELECT 1 FROM report_rollup_state FOR UPDATE`);
      if (everyDay) {
        await manager.query(
          `UPDATE report_rollup_state SET covered_through = '1970-01-01T00:00:00Z', stale_days = '{}'`,
        );
        for (const kind of ROLLUP_KINDS) {
          for (const facts of ['invitation', 'answer', 'case'] as const) {
            await manager.query(`DELETE FROM ${kind.table(facts)}`);
          }
        }
        await manager.query(`DELETE FROM report_question_days`);
      }
      const [days] = await manager.query<DaysToRebuild[]>(DAYS_TO_REBUILD);
      for (const kind of ROLLUP_KINDS) await rebuild(manager, kind, days);
      await rebuildQuestionDays(manager, days.answers, days.months);
      await manager.query(
        `UPDATE report_rollup_state SET covered_through = now(), stale_days = '{}'`,
      );
    });
  }
}

const TODAY = `(now() AT TIME ZONE 'UTC')::date`;
const DAY_OF = (column: string) => `((${column}) AT TIME ZONE 'UTC')::date`;
/** Midnight UTC starting `day`, and the next. */
const DAY_START = (day: string) => `(${day}::timestamp AT TIME ZONE 'UTC')`;
const DAY_END = (day: string) => `((${day} + 1)::timestamp AT TIME ZONE 'UTC')`;

/** Which days (and months, for anonymous answers) the run rebuilds. */
const DAYS_TO_REBUILD = `
  WITH state AS (SELECT * FROM report_rollup_state),
  uncovered AS (
    SELECT d::date AS day FROM state, generate_series(
      greatest(${DAY_OF(`state.covered_through - ${LOOK_BACK}`)}, (SELECT ${DAY_OF('min(sent_at)')} FROM invitations)),
      ${TODAY}, interval '1 day') d
  ),
  answered_since AS (
    SELECT DISTINCT ${DAY_OF('i.sent_at')} AS day FROM invitations i, state
    WHERE i.answered_at >= state.covered_through - ${LOOK_BACK} AND i.sent_at IS NOT NULL
  ),
  cases_since AS (
    SELECT DISTINCT ${DAY_OF('c.created_at')} AS day FROM follow_up_cases c, state
    WHERE c.updated_at >= state.covered_through - ${LOOK_BACK}
       OR c.first_contact_due_at BETWEEN state.covered_through - ${LOOK_BACK} AND now()
       OR c.resolution_due_at BETWEEN state.covered_through - ${LOOK_BACK} AND now()
       OR c.id IN (SELECT r.case_id FROM case_recoveries r
                   WHERE r.answered_at >= state.covered_through - ${LOOK_BACK})
  ),
  stale AS (SELECT unnest(stale_days) AS day FROM state)
  SELECT
    ARRAY(SELECT day FROM uncovered UNION SELECT day FROM answered_since UNION SELECT day FROM stale)::text[] AS invitations,
    ARRAY(SELECT day FROM uncovered UNION SELECT day FROM stale)::text[] AS answers,
    ARRAY(SELECT DISTINCT date_trunc('month', m)::date FROM (
      SELECT day AS m FROM uncovered UNION SELECT day FROM stale UNION SELECT ${TODAY}
    ) months)::text[] AS months,
    ARRAY(SELECT day FROM uncovered UNION SELECT day FROM cases_since UNION SELECT day FROM stale)::text[] AS cases`;

/** The days (and months, for anonymous answers) one run rebuilds. */
interface DaysToRebuild {
  invitations: string[];
  answers: string[];
  months: string[];
  cases: string[];
}

/** Rebuilds one kind of rollups on those days, in the run's transaction. */
async function rebuild(
  manager: EntityManager,
  kind: RollupKind,
  days: DaysToRebuild,
): Promise<void> {
  await manager.query(`DELETE FROM ${kind.table('invitation')} WHERE day = ANY($1::date[])`, [
    days.invitations,
  ]);
  await manager.query(REBUILD_INVITATIONS(kind), [days.invitations]);
  await manager.query(
    `DELETE FROM ${kind.table('answer')}
     WHERE (identified AND day = ANY($1::date[]))
        OR (NOT identified AND day = ANY(SELECT m + 15 FROM unnest($2::date[]) m))`,
    [days.answers, days.months],
  );
  await manager.query(REBUILD_ANSWERS(kind), [days.answers, days.months]);
  await manager.query(`DELETE FROM ${kind.table('case')} WHERE day = ANY($1::date[])`, [
    days.cases,
  ]);
  await manager.query(REBUILD_CASES(kind), [days.cases]);
}

/**
 * What a kind of rollups is kept by, beyond the day and the survey version: the plain ones by
 * touchpoint type; the touchpoint ones by where it happened too (migration TouchpointWhere), for
 * the breakdowns and their filters. An absent value is ''. Anonymous answers have no touchpoint
 * type and no member of staff, only the location and channel.
 */
interface RollupKind {
  table: (facts: 'invitation' | 'answer' | 'case') => string;
  columns: string[];
  /** The values for an invitation `i`. */
  of: (i: string) => string[];
  /** ...and for an anonymous answer `a`. */
  ofAnonymous: (a: string) => string[];
  /**
   * Where anonymous answers are kept by place: only a month's crowd of at least
   * ANONYMOUS_CROWD of one survey version, location and channel. A place serves few people a
   * month: one anonymous score beside its identified ones would be told by the mean.
   */
  anonymousCrowds?: boolean;
}

/** The fewest anonymous answers a place's figures count (as the explorer shows them). */
export const ANONYMOUS_CROWD = 5;

const blank = (value: string) => `coalesce(${value}, '')`;

const ROLLUP_KINDS: RollupKind[] = [
  {
    table: (facts) => `report_${facts}_days`,
    columns: ['touchpoint_type'],
    of: (i) => [blank(`${i}.touchpoint_type`)],
    ofAnonymous: () => [`''`],
  },
  {
    table: (facts) => `report_${facts}_touchpoint_days`,
    columns: ['touchpoint_type', 'location', 'channel', 'staff_id'],
    of: (i) =>
      ['type', 'location', 'channel', 'staff_id'].map((c) => blank(`${i}.touchpoint_${c}`)),
    ofAnonymous: (a) => [
      `''`,
      blank(`${a}.touchpoint_location`),
      blank(`${a}.touchpoint_channel`),
      `''`,
    ],
    anonymousCrowds: true,
  },
];

/** `GROUP BY 1, 2, …, n` */
const FIRST = (n: number) => Array.from({ length: n }, (_, k) => k + 1).join(', ');

const REBUILD_INVITATIONS = (kind: RollupKind) => `
  INSERT INTO ${kind.table('invitation')} (day, survey_version_id, ${kind.columns.join(', ')}, sent, answered)
  SELECT d.day, i.survey_version_id, ${kind.of('i').join(', ')}, count(*), count(i.answered_at)
  FROM unnest($1::date[]) d(day)
  JOIN invitations i ON i.sent_at >= ${DAY_START('d.day')} AND i.sent_at < ${DAY_END('d.day')}
    AND i.sent_at < now()
  GROUP BY ${FIRST(2 + kind.columns.length)}`;

const COUNTS = (row: string) => `count(*),
    count(*) FILTER (WHERE btrim(coalesce(${row}.comment, '')) <> ''),
    count(*) FILTER (WHERE ${row}.dissatisfied)`;

const ANONYMOUS_COLUMNS = `survey_version_id, score, dissatisfied, comment, submitted_month,
  touchpoint_location, touchpoint_channel`;

/** Identified answers by day; anonymous ones (and those still in the inbox) on their 16th. */
const REBUILD_ANSWERS = (kind: RollupKind) => {
  const keys = 2 + kind.columns.length;
  return `
  INSERT INTO ${kind.table('answer')}
    (day, survey_version_id, ${kind.columns.join(', ')}, identified, score, responses, commented, dissatisfied)
  SELECT d.day, r.survey_version_id, ${kind.of('i').join(', ')}, true, r.score, ${COUNTS('r')}
  FROM unnest($1::date[]) d(day)
  JOIN responses r ON r.submitted_at >= ${DAY_START('d.day')} AND r.submitted_at < ${DAY_END('d.day')}
    AND r.submitted_at < now()
  JOIN invitations i ON i.id = r.invitation_id
  GROUP BY ${FIRST(keys)}, ${keys + 2}
  UNION ALL
  SELECT a.submitted_month + 15, a.survey_version_id, ${kind.ofAnonymous('a').join(', ')}, false,
    a.score, ${COUNTS('a')}
  FROM (
    SELECT u.*, count(*) OVER (PARTITION BY u.submitted_month, u.survey_version_id,
      u.touchpoint_location, u.touchpoint_channel) AS crowd
    FROM (
      SELECT ${ANONYMOUS_COLUMNS} FROM anonymous_responses WHERE submitted_month = ANY($2::date[])
      UNION ALL
      SELECT ${ANONYMOUS_COLUMNS} FROM anonymous_response_inbox
      WHERE submitted_month = ANY($2::date[])
    ) u
  ) a
  ${kind.anonymousCrowds ? `WHERE a.crowd >= ${ANONYMOUS_CROWD}` : ''}
  GROUP BY ${FIRST(keys)}, ${keys + 2}`;
};

const REBUILD_CASES = (kind: RollupKind) => `
  INSERT INTO ${kind.table('case')} (day, survey_version_id, ${kind.columns.join(', ')}, team_id, assignee_id,
    opened, resolved, contacted_in_time, first_contact_decided, resolved_in_time, resolution_decided,
    first_contact_hours, resolution_hours, recovery_answers, recovered)
  SELECT d.day, c.survey_version_id, ${kind.of('i').join(', ')}, c.team_id, c.assignee_id,
    count(*),
    count(*) FILTER (WHERE ${IS.resolved}),
    count(*) FILTER (WHERE ${IS.firstContactInTime}),
    count(*) FILTER (WHERE ${IS.firstContactDecided}),
    count(*) FILTER (WHERE ${IS.resolvedInTime}),
    count(*) FILTER (WHERE ${IS.resolutionDecided}),
    coalesce(array_agg(extract(epoch FROM c.first_contacted_at - c.created_at) / 3600)
      FILTER (WHERE c.first_contacted_at IS NOT NULL), '{}'),
    coalesce(array_agg(extract(epoch FROM c.resolved_at - c.created_at) / 3600)
      FILTER (WHERE ${IS.resolved}), '{}'),
    coalesce(sum(rec.answers), 0),
    coalesce(sum(rec.recovered), 0)
  FROM unnest($1::date[]) d(day)
  JOIN follow_up_cases c ON c.created_at >= ${DAY_START('d.day')} AND c.created_at < ${DAY_END('d.day')}
    AND c.created_at < now()
  JOIN invitations i ON i.id = c.invitation_id
  CROSS JOIN LATERAL (
    SELECT count(*) AS answers, count(*) FILTER (WHERE r.recovered) AS recovered
    FROM case_recoveries r WHERE r.case_id = c.id AND r.answered_at IS NOT NULL
  ) rec
  GROUP BY ${FIRST(4 + kind.columns.length)}`;

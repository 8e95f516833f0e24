import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CASE_CONDITIONS as IS } from '../cases/case-outcomes';
import type { Scale } from '../surveys/survey-definition';
import type { Interval } from './dto/report-filter.dto';
import { type CaseCounts, type Facts, NO_CASES, type ScoreCount } from './kpis';
import { ReportRollups } from './report-rollups';
import {
  bind,
  CASE_FILTERS,
  type ReportScope,
  scopeValues,
  type SqlValues,
  SURVEY,
  TOUCHPOINT,
} from './report-sql';

/** The tables a report reads: `medians` adds every case's hours to `cases`. */
export type Source = 'invitations' | 'scores' | 'cases' | 'medians';
export type Needs = ReadonlySet<Source>;
export const EVERYTHING: Needs = new Set<Source>(['invitations', 'scores', 'cases', 'medians']);

/** The case figures per team or per assignee (null: not routed, or nobody's yet). */
export type CaseOwner = 'team' | 'agent';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The SQL side of a report: the counts each KPI needs, for the whole period, per bucket of a
 * timeseries (day, week or month in UTC), or per team or agent. Each window follows API.md:
 * invitations by when they were sent, answers by when they were given, cases by when opened.
 *
 * What the daily rollups hold (`ReportRollups`: whole days, and today up to their last run,
 * `covered_through`) comes from them; the rest of the period (a part-day at its start, what came
 * since the last run) from the tables: the work grows with the period's days, not its rows.
 *
 * Anonymous answers are known only by month (so that no time links them to an invitation): they
 * count where the middle of their month (the 16th, 00:00 UTC) falls, so adjacent periods never
 * count one twice, and they are read from the rollups only. They carry no touchpoint, so a
 * touchpoint filter leaves them out. Team and agent narrow the case figures only: answers
 * belong to no team.
 */
@Injectable()
export class ReportFacts {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rollups: ReportRollups,
  ) {}

  /** The whole period as one bucket. */
  async total(scope: ReportScope): Promise<Facts> {
    const buckets = await this.byBucket(scope, null);
    return buckets.get(scope.from.getTime()) ?? emptyFacts();
  }

  /**
   * Facts per bucket start (ms since the epoch); buckets with nothing in them are absent.
   * `needs` leaves out what a single KPI does not use (the medians cost the most).
   */
  async byBucket(
    scope: ReportScope,
    interval: Interval | null,
    needs: Needs = EVERYTHING,
  ): Promise<Map<number, Facts>> {
    const bucket: Bucket =
      interval === null
        ? { live: () => ':from::timestamptz', rolled: ':from::timestamptz', single: true }
        : {
            live: (column) => `date_trunc('${interval}', ${column}, 'UTC')`,
            rolled: `date_trunc('${interval}', ${MIDNIGHT('d.day')}, 'UTC')`,
          };
    const none = Promise.resolve([]);
    const [invitations, scores, cases] = await this.split(scope, (values) =>
      Promise.all([
        needs.has('invitations')
          ? this.query<Seen & { bucket: Date; sent: number; answered: number }>(
              INVITATIONS(bucket),
              values,
            )
          : none,
        needs.has('scores')
          ? this.query<Seen & Omit<ScoreCount, 'scale'> & { bucket: Date; scale: Scale }>(
              SCORES(bucket),
              values,
            )
          : none,
        needs.has('cases')
          ? this.query<Seen & CaseCounts & { bucket: Date }>(
              CASES(bucket, needs.has('medians')),
              values,
            )
          : none,
      ]),
    );
    const facts = new Map<number, Facts>();
    const at = (when: Date): Facts => {
      const key = new Date(when).getTime();
      let found = facts.get(key);
      if (!found) facts.set(key, (found = emptyFacts()));
      return found;
    };
    for (const { bucket: when, coveredThrough: _seen, ...counts } of invitations) {
      at(when).invitations = counts;
    }
    for (const { bucket: when, coveredThrough: _seen, ...row } of scores) at(when).scores.push(row);
    for (const { bucket: when, coveredThrough: _seen, ...counts } of cases) at(when).cases = counts;
    return facts;
  }

  async byCaseOwner(scope: ReportScope, owner: CaseOwner): Promise<Map<string | null, CaseCounts>> {
    const column = owner === 'team' ? 'team_id' : 'assignee_id';
    const [rows] = await this.split(scope, async (values) => [
      await this.query<Seen & CaseCounts & { bucket: string | null }>(
        CASES({ live: () => `c.${column}`, rolled: `d.${column}` }, true),
        values,
      ),
    ]);
    return new Map(rows.map(({ bucket, coveredThrough: _seen, ...counts }) => [bucket, counts]));
  }

  /**
   * Runs a report's queries on the scope split where the rollups end, and again should a rollup
   * run have committed between reading that end and a query's snapshot (that query would count
   * the run's minute both from the rollups and from the tables). Each row says what it saw.
   */
  private async split<R extends Seen[][]>(
    scope: ReportScope,
    run: (values: SqlValues) => Promise<R>,
  ): Promise<R> {
    for (let attempt = 1; ; attempt += 1) {
      const values = await this.values(scope);
      const results = await run(values);
      const expected = (values.through as Date).getTime();
      const moved = results.some((rows) =>
        rows.some((row) => new Date(row.coveredThrough).getTime() !== expected),
      );
      if (!moved || attempt === 3) return results;
    }
  }

  /**
   * The scope's values and where the rollups take over: days from `rolledFrom` to `rolledTo`
   * (exclusive; the last one only up to the rollups' `covered_through` when the period runs past
   * it), the tables from `from` to `liveUntil` and from `liveAgain` to `to`; anonymous answers on
   * days from `anonymousFrom` to `anonymousTo`.
   */
  private async values(scope: ReportScope): Promise<SqlValues> {
    const through = (await this.rollups.state()).coveredThrough.getTime();
    const from = scope.from.getTime();
    const to = scope.to.getTime();
    const firstWholeDay = ceilDay(from);
    let rolledTo = firstWholeDay;
    let liveAgain = Math.min(firstWholeDay, to);
    if (firstWholeDay < to) {
      if (to >= through && floorDay(through) >= firstWholeDay) {
        rolledTo = floorDay(through) + DAY_MS;
        liveAgain = through;
      } else {
        rolledTo = Math.max(firstWholeDay, Math.min(floorDay(to), floorDay(through)));
        liveAgain = rolledTo;
      }
    }
    return {
      ...scopeValues(scope),
      through: new Date(through),
      liveUntil: new Date(Math.min(firstWholeDay, to)),
      liveAgain: new Date(liveAgain),
      rolledFrom: day(firstWholeDay),
      rolledTo: day(rolledTo),
      anonymousFrom: day(firstWholeDay),
      anonymousTo: day(ceilDay(to)),
    };
  }

  private query<T>(sql: string, values: SqlValues): Promise<T[]> {
    const [text, parameters] = bind(sql, values);
    return this.dataSource.query<T[]>(text, parameters);
  }
}

function emptyFacts(): Facts {
  return { invitations: { sent: 0, answered: 0 }, scores: [], cases: { ...NO_CASES } };
}

const floorDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;
const ceilDay = (ms: number) => Math.ceil(ms / DAY_MS) * DAY_MS;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** What each row of a report query also says: where the rollups ended in its snapshot. */
interface Seen {
  coveredThrough: Date;
}

const SEEN = `(SELECT covered_through FROM report_rollup_state) AS "coveredThrough"`;

/** How rows are grouped: an expression over a table's time column, and over a rollup's. */
interface Bucket {
  live: (column: string) => string;
  rolled: string;
  /** The whole period is one bucket: nothing to group by (and sort for). */
  single?: boolean;
}

const MIDNIGHT = (date: string) => `(${date}::timestamp AT TIME ZONE 'UTC')`;

/** The period but what the rollups hold: a part-day at the start, and the rest after them. */
const LIVE = (column: string) => `(
  (${column} >= :from AND ${column} < :liveUntil) OR (${column} >= :liveAgain AND ${column} < :to))`;

const ROLLED = `d.day >= :rolledFrom::date AND d.day < :rolledTo::date`;

/** Answered at any time: the rate asks how many of the invitations sent were answered. */
const INVITATIONS = (bucket: Bucket) => `
  SELECT bucket, sum(sent)::int AS sent, sum(answered)::int AS answered, ${SEEN} FROM (
    SELECT ${bucket.live('i.sent_at')} AS bucket, count(*) AS sent, count(i.answered_at) AS answered
    FROM invitations i
    WHERE ${LIVE('i.sent_at')} AND ${SURVEY('i.survey_version_id')}
      AND (:touchpoint::text IS NULL OR i.touchpoint_type = :touchpoint)
    GROUP BY 1
    UNION ALL
    SELECT ${bucket.rolled}, sum(d.sent), sum(d.answered)
    FROM report_invitation_days d
    WHERE ${ROLLED} AND ${SURVEY('d.survey_version_id')}
      AND (:touchpoint::text IS NULL OR d.touchpoint_type = :touchpoint)
    GROUP BY 1
  ) x GROUP BY 1`;

/** Answers by scale and score. */
const SCORES = (bucket: Bucket) => `
  SELECT x.bucket, v.scale, x.score, x.identified, sum(x.responses)::int AS responses,
    sum(x.commented)::int AS commented, sum(x.dissatisfied)::int AS dissatisfied, ${SEEN}
  FROM (
    SELECT ${bucket.live('r.submitted_at')} AS bucket, r.survey_version_id, r.score, true AS identified,
      count(*) AS responses,
      count(*) FILTER (WHERE btrim(coalesce(r.comment, '')) <> '') AS commented,
      count(*) FILTER (WHERE r.dissatisfied) AS dissatisfied
    FROM responses r
    WHERE ${LIVE('r.submitted_at')} AND ${SURVEY('r.survey_version_id')}
      AND ${TOUCHPOINT('r.invitation_id')}
    GROUP BY 1, 2, 3
    UNION ALL
    SELECT ${bucket.rolled}, d.survey_version_id, d.score, d.identified,
      sum(d.responses), sum(d.commented), sum(d.dissatisfied)
    FROM report_answer_days d
    WHERE ((d.identified AND ${ROLLED})
        OR (NOT d.identified AND d.day >= :anonymousFrom::date AND d.day < :anonymousTo::date))
      AND ${SURVEY('d.survey_version_id')}
      AND (:touchpoint::text IS NULL OR d.touchpoint_type = :touchpoint)
    GROUP BY 1, 2, 3, 4
  ) x JOIN survey_versions v ON v.id = x.survey_version_id
  GROUP BY 1, 2, 3, 4`;

const ROLLED_CASE_FILTERS = `${SURVEY('d.survey_version_id')}
    AND (:touchpoint::text IS NULL OR d.touchpoint_type = :touchpoint)
    AND (:team::uuid IS NULL OR d.team_id = :team) AND (:agent::uuid IS NULL OR d.assignee_id = :agent)`;

/**
 * Case counts, medians over every case's hours (the rollups keep them, so a median is exact) and
 * recovery answers (each one, a reopened case's second too). A bucket may be null (no team).
 */
const CASES = (bucket: Bucket, medians: boolean) => `
  WITH live AS (
    SELECT ${bucket.live('c.created_at')} AS bucket, c.*, rec.answers, rec.recovered_answers
    FROM follow_up_cases c
    CROSS JOIN LATERAL (
      SELECT count(*) AS answers, count(*) FILTER (WHERE r.recovered) AS recovered_answers
      FROM case_recoveries r WHERE r.case_id = c.id AND r.answered_at IS NOT NULL
    ) rec
    WHERE ${LIVE('c.created_at')} AND ${CASE_FILTERS}
  ),
  rolled AS (
    SELECT ${bucket.rolled} AS bucket, d.survey_version_id, d.opened, d.resolved, d.contacted_in_time,
      d.first_contact_decided, d.resolved_in_time, d.resolution_decided, d.recovery_answers,
      d.recovered, ${medians ? 'd.first_contact_hours, d.resolution_hours' : `'{}'::float8[] AS first_contact_hours, '{}'::float8[] AS resolution_hours`}
    FROM report_case_days d
    WHERE ${ROLLED} AND ${ROLLED_CASE_FILTERS}
  ),
  counts AS (
    SELECT bucket, count(*) AS opened,
      count(*) FILTER (WHERE ${IS.resolved}) AS resolved,
      count(*) FILTER (WHERE ${IS.firstContactInTime}) AS contacted_in_time,
      count(*) FILTER (WHERE ${IS.firstContactDecided}) AS first_contact_decided,
      count(*) FILTER (WHERE ${IS.resolvedInTime}) AS resolved_in_time,
      count(*) FILTER (WHERE ${IS.resolutionDecided}) AS resolution_decided,
      sum(answers) AS recovery_answers, sum(recovered_answers) AS recovered
    FROM live c GROUP BY 1
    UNION ALL
    SELECT bucket, sum(opened), sum(resolved), sum(contacted_in_time), sum(first_contact_decided),
      sum(resolved_in_time), sum(resolution_decided), sum(recovery_answers), sum(recovered)
    FROM rolled GROUP BY 1
  ),
  first_contact AS (
    SELECT ${bucket.single ? ':from::timestamptz AS bucket' : 'bucket'},
      percentile_cont(0.5) WITHIN GROUP (ORDER BY hours) AS median FROM (
      SELECT bucket, extract(epoch FROM first_contacted_at - created_at) / 3600 AS hours
      FROM live WHERE first_contacted_at IS NOT NULL AND ${medians}
      UNION ALL SELECT bucket, unnest(first_contact_hours) FROM rolled WHERE ${medians}
    ) h ${bucket.single ? '' : 'GROUP BY 1'}
  ),
  resolution AS (
    SELECT ${bucket.single ? ':from::timestamptz AS bucket' : 'bucket'},
      percentile_cont(0.5) WITHIN GROUP (ORDER BY hours) AS median FROM (
      SELECT bucket, extract(epoch FROM resolved_at - created_at) / 3600 AS hours
      FROM live c WHERE ${IS.resolved} AND ${medians}
      UNION ALL SELECT bucket, unnest(resolution_hours) FROM rolled WHERE ${medians}
    ) h ${bucket.single ? '' : 'GROUP BY 1'}
  ),
  totals AS (
    SELECT bucket, sum(opened)::int AS opened, sum(resolved)::int AS resolved,
      sum(contacted_in_time)::int AS "contactedInTime",
      sum(first_contact_decided)::int AS "firstContactDecided",
      sum(resolved_in_time)::int AS "resolvedInTime", sum(resolution_decided)::int AS "resolutionDecided",
      sum(recovery_answers)::int AS "recoveryAnswers", sum(recovered)::int AS recovered
    FROM counts GROUP BY 1
  )
  SELECT t.*, f.median AS "medianHoursToFirstContact", r.median AS "medianHoursToResolution",
    ${SEEN}
  FROM totals t
  LEFT JOIN first_contact f ON f.bucket IS NOT DISTINCT FROM t.bucket
  LEFT JOIN resolution r ON r.bucket IS NOT DISTINCT FROM t.bucket`;

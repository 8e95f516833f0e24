import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Scale } from '../surveys/survey-definition';
import type { Interval } from './dto/report-filter.dto';
import { type CaseCounts, type Facts, NO_CASES, type ScoreCount } from './kpis';
import { ReportRollups } from './report-rollups';
import {
  type Bucket,
  CASES,
  INVITATIONS,
  MIDNIGHT,
  PLAIN_ROLLUPS,
  type Rollups,
  SCORES,
  touchpointBucket,
  type TouchpointKey,
  TOUCHPOINT_ROLLUPS,
} from './report-facts-sql';
import { bind, filtersWhere, type ReportScope, scopeValues, type SqlValues } from './report-sql';
import { rollupWindows } from './rollup-windows';

/** The tables a report reads: `medians` adds every case's hours to `cases`. */
export type Source = 'invitations' | 'scores' | 'cases' | 'medians';
export type Needs = ReadonlySet<Source>;
export const EVERYTHING: Needs = new Set<Source>(['invitations', 'scores', 'cases', 'medians']);

/** The case figures per team or per assignee (null: not routed, or nobody's yet). */
export type CaseOwner = 'team' | 'agent';

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
 * count one twice, and they are read from the rollups only. Of their touchpoint they carry the
 * location and channel only, so a touchpoint type or staff filter leaves them out. Team and agent
 * narrow the case figures only: answers belong to no team.
 *
 * A filter on where the touchpoint happened (location, channel, staff), or a breakdown by it,
 * reads the rollups kept per touchpoint; every other report the plain ones, which hold fewer rows.
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
    return this.grouped(scope, bucket, needs, rollupsFor(scope), (when: Date) =>
      new Date(when).getTime(),
    );
  }

  /**
   * Facts per location, channel or member of staff (by external id; '' for touchpoints that
   * named none), from the rollups kept per touchpoint. Anonymous answers carry a location and a
   * channel but never a member of staff: by staff they count under ''.
   */
  async byTouchpoint(scope: ReportScope, by: TouchpointKey): Promise<Map<string, Facts>> {
    return this.grouped(scope, touchpointBucket(by), EVERYTHING, TOUCHPOINT_ROLLUPS, String);
  }

  async byCaseOwner(scope: ReportScope, owner: CaseOwner): Promise<Map<string | null, CaseCounts>> {
    const column = owner === 'team' ? 'team_id' : 'assignee_id';
    const [rows] = await this.split(scope, async (values) => [
      await this.query<Seen & CaseCounts & { bucket: string | null }>(
        CASES({ live: () => `c.${column}`, rolled: `d.${column}` }, true, rollupsFor(scope)),
        values,
      ),
    ]);
    return new Map(rows.map(({ bucket, coveredThrough: _seen, ...counts }) => [bucket, counts]));
  }

  /** Each KPI's counts per bucket (`B`: a bucket's value as it comes back; `K`: its key). */
  private async grouped<B, K>(
    scope: ReportScope,
    bucket: Bucket,
    needs: Needs,
    rollups: Rollups,
    keyOf: (value: B) => K,
  ): Promise<Map<K, Facts>> {
    const none = Promise.resolve([]);
    const [invitations, scores, cases] = await this.split(scope, (values) =>
      Promise.all([
        needs.has('invitations')
          ? this.query<Seen & { bucket: B; sent: number; answered: number }>(
              INVITATIONS(bucket, rollups),
              values,
            )
          : none,
        needs.has('scores')
          ? this.query<Seen & Omit<ScoreCount, 'scale'> & { bucket: B; scale: Scale }>(
              SCORES(bucket, rollups),
              values,
            )
          : none,
        needs.has('cases')
          ? this.query<Seen & CaseCounts & { bucket: B }>(
              CASES(bucket, needs.has('medians'), rollups),
              values,
            )
          : none,
      ]),
    );
    const facts = new Map<K, Facts>();
    const at = (value: B): Facts => {
      const key = keyOf(value);
      let found = facts.get(key);
      if (!found) facts.set(key, (found = emptyFacts()));
      return found;
    };
    for (const { bucket: key, coveredThrough: _seen, ...counts } of invitations) {
      at(key).invitations = counts;
    }
    for (const { bucket: key, coveredThrough: _seen, ...row } of scores) at(key).scores.push(row);
    for (const { bucket: key, coveredThrough: _seen, ...counts } of cases) at(key).cases = counts;
    return facts;
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

  /** The scope's values and where the rollups take over (`rollupWindows`). */
  private async values(scope: ReportScope): Promise<SqlValues> {
    const { coveredThrough } = await this.rollups.state();
    return { ...scopeValues(scope), ...rollupWindows(scope, coveredThrough) };
  }

  private query<T>(sql: string, values: SqlValues): Promise<T[]> {
    const [text, parameters] = bind(sql, values);
    return this.dataSource.query<T[]>(text, parameters);
  }
}

/** The plain rollups, unless a filter on where the touchpoint happened needs the others. */
function rollupsFor(scope: ReportScope): Rollups {
  return filtersWhere(scope) ? TOUCHPOINT_ROLLUPS : PLAIN_ROLLUPS;
}

function emptyFacts(): Facts {
  return { invitations: { sent: 0, answered: 0 }, scores: [], cases: { ...NO_CASES } };
}

/** What each row of a report query also says: where the rollups ended in its snapshot. */
interface Seen {
  coveredThrough: Date;
}

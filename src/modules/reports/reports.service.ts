import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Principal } from '../../common/auth/principal';
import { instantOf } from '../../common/validation/instant';
import { validationError } from '../../common/validation/validation-error';
import type { ErrorDetail } from '../../common/errors/api-error';
import { CASE_CONDITIONS } from '../cases/case-outcomes';
import type { Interval, ReportFilterDto } from './dto/report-filter.dto';
import { computeKpis, KPI_NAMES, type KpiName, NO_FACTS } from './kpis';
import { ReportFacts } from './report-facts';
import { KPI_SOURCES } from './kpi-sources';
import { kpiSignals } from './kpi-signals';
import { KpiTargets } from './kpi-targets.service';
import { bind, CASE_FILTERS, CASE_SCOPE, type ReportScope, scopeValues } from './report-sql';
import { PreferencesDto, RootCausesDto, SummaryDto, TimeseriesDto } from './dto/report-results.dto';

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_DAYS = 30;
/** Beyond this a timeseries is unreadable anyway; a wider period wants a wider interval. */
const MAX_POINTS = 400;

export interface Period {
  from: string;
  to: string;
}

export { PreferencesDto, RootCausesDto, SummaryDto, TimeseriesDto };

/** How many customers said so (each counted once per value, whatever their contexts). */
export interface Tally {
  value: string;
  customers: number;
}

@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly facts: ReportFacts,
    private readonly targets: KpiTargets,
  ) {}

  /** The filters as a scope, or a 400 naming each that is wrong. */
  async scope(filter: ReportFilterDto, principal: Principal): Promise<ReportScope> {
    const details: ErrorDetail[] = [];
    // By default today and the 30 days before it, as whole days (UTC): what the rollups hold.
    const tomorrow = (Math.floor(Date.now() / DAY_MS) + 1) * DAY_MS;
    const to = instantOf('to', filter.to) ?? new Date(tomorrow);
    const from =
      instantOf('from', filter.from) ?? new Date(to.getTime() - (DEFAULT_DAYS + 1) * DAY_MS);
    if (from.getTime() >= to.getTime()) {
      details.push({ field: 'from', message: 'must be before to' });
    }
    const [survey] = filter.survey
      ? await this.dataSource.query<{ id: string }[]>('SELECT id FROM surveys WHERE key = $1', [
          filter.survey,
        ])
      : [];
    if (filter.survey && !survey)
      details.push({ field: 'survey', message: 'is no survey key here' });
    if (filter.team) {
      const [team] = await this.dataSource.query<unknown[]>('SELECT 1 FROM teams WHERE id = $1', [
        filter.team,
      ]);
      if (!team) details.push({ field: 'team', message: 'is no team here' });
    }
    let agentId: string | null = null;
    if (filter.agent === 'me') {
      if (principal.kind === 'user') agentId = principal.userId;
      else details.push({ field: 'agent', message: 'me means a person: an API key has no cases' });
    } else if (filter.agent) {
      const [agent] = await this.dataSource.query<unknown[]>('SELECT 1 FROM users WHERE id = $1', [
        filter.agent,
      ]);
      if (agent) agentId = filter.agent;
      else details.push({ field: 'agent', message: 'is no user here' });
    }
    if (details.length > 0) throw validationError(details);
    return {
      from,
      to,
      surveyId: survey?.id ?? null,
      surveyKey: survey ? (filter.survey ?? null) : null,
      teamId: filter.team ?? null,
      agentId,
      // Empty is no filter (an invitation without a touchpoint has none to match).
      touchpointType: filter.touchpointType || null,
      location: filter.location || null,
      channel: filter.channel || null,
      staffId: filter.staff || null,
    };
  }

  async summary(scope: ReportScope): Promise<SummaryDto> {
    const length = scope.to.getTime() - scope.from.getTime();
    const before = { ...scope, from: new Date(scope.from.getTime() - length), to: scope.from };
    const [now, then, targets] = await Promise.all([
      this.facts.total(scope),
      this.facts.total(before),
      this.targets.applying({ surveyId: scope.surveyId, teamId: scope.teamId }),
    ]);
    const kpis = computeKpis(now);
    const previous = computeKpis(then);
    return {
      period: period(scope),
      previousPeriod: period(before),
      kpis,
      previous,
      targets: Object.fromEntries(
        KPI_NAMES.map((kpi) => [kpi, targets[kpi] ?? null]),
      ) as SummaryDto['targets'],
      signals: kpiSignals(kpis, previous, targets),
    };
  }

  async timeseries(
    scope: ReportScope,
    metric: KpiName,
    interval: Interval,
  ): Promise<TimeseriesDto> {
    const starts = bucketStarts(scope.from, scope.to, interval);
    if (starts.length > MAX_POINTS) {
      throw validationError([
        {
          field: 'interval',
          message: `gives ${starts.length} points over this period, more than ${MAX_POINTS}: choose a longer interval or a shorter period`,
        },
      ]);
    }
    const facts = await this.facts.byBucket(scope, interval, KPI_SOURCES[metric]);
    return {
      metric,
      interval,
      period: period(scope),
      points: starts.map((start) => {
        // Nothing in a bucket is a count of 0 and a rate of null, as for a whole empty period.
        const found = facts.get(start.getTime()) ?? NO_FACTS;
        return { start: start.toISOString(), value: computeKpis(found)[metric] };
      }),
    };
  }

  /** Cases past a deadline and not resolved, now, whenever opened: the period does not apply. */
  async overdueNow(scope: ReportScope): Promise<number> {
    const [{ n }] = await this.dataSource.query<{ n: number }[]>(
      ...bind(
        `SELECT count(*)::int AS n FROM follow_up_cases c
         WHERE c.overdue_at IS NOT NULL AND ${CASE_CONDITIONS.live} AND ${CASE_FILTERS}`,
        scopeValues(scope),
      ),
    );
    return n;
  }

  /** By case openedAt, like every case figure; retired causes keep their label. */
  async rootCauses(scope: ReportScope): Promise<RootCausesDto> {
    const rows = await this.dataSource.query<{ key: string; label: string; cases: number }[]>(
      ...bind(
        `SELECT c.root_cause AS key, coalesce(rc.label, c.root_cause) AS label, count(*)::int AS cases
         FROM follow_up_cases c LEFT JOIN root_causes rc ON rc.key = c.root_cause
         WHERE ${CASE_CONDITIONS.resolved} AND c.root_cause IS NOT NULL AND ${CASE_SCOPE}
         GROUP BY 1, 2 ORDER BY 3 DESC, 1`,
        scopeValues(scope),
      ),
    );
    const total = rows.reduce((sum, row) => sum + row.cases, 0);
    let running = 0;
    return {
      period: period(scope),
      items: rows.map((row) => {
        running += row.cases;
        return {
          rootCause: row.key,
          label: row.label,
          cases: row.cases,
          share: Math.round((10_000 * row.cases) / total) / 10_000,
          cumulativeShare: Math.round((10_000 * running) / total) / 10_000,
        };
      }),
    };
  }

  /**
   * The touchpoint types invitations were sent for, for a filter's list: the rollups' days and
   * what was sent since their last run.
   */
  async touchpointTypes(): Promise<string[]> {
    const rows = await this.dataSource.query<{ type: string }[]>(
      `SELECT DISTINCT touchpoint_type AS type FROM report_invitation_days WHERE touchpoint_type <> ''
       UNION
       SELECT DISTINCT i.touchpoint_type FROM invitations i
       WHERE i.sent_at >= coalesce((SELECT covered_through FROM report_rollup_state), '-infinity')
         AND i.touchpoint_type <> ''
       ORDER BY 1 LIMIT 200`,
    );
    return rows.map((row) => row.type);
  }

  /** Current profiles (the latest each customer gave per context), not a period's. */
  async preferences(): Promise<PreferencesDto> {
    const tally = (expression: string, from = 'preference_profiles') =>
      this.dataSource.query<Tally[]>(
        `SELECT ${expression} AS value, count(DISTINCT customer_id)::int AS customers
         FROM ${from} WHERE ${expression} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1`,
      );
    const [[{ customers }], contexts, channels, contactTimes, interests] = await Promise.all([
      this.dataSource.query<{ customers: number }[]>(
        'SELECT count(DISTINCT customer_id)::int AS customers FROM preference_profiles',
      ),
      tally('context'),
      tally('channel'),
      tally('contact_time'),
      tally('interest', 'preference_profiles, unnest(interests) AS interest'),
    ]);
    return { customers, contexts, channels, contactTimes, interests };
  }
}

function period(scope: { from: Date; to: Date }): Period {
  return { from: scope.from.toISOString(), to: scope.to.toISOString() };
}

/** Up to this many days a series is by day; beyond, daily points are noise: by week. */
export const DAILY_UP_TO_DAYS = 60;

/** A series' interval when none is asked for: days up to 60 days, weeks beyond, months past 400 weeks. */
export function defaultInterval(scope: { from: Date; to: Date }): Interval {
  const days = (scope.to.getTime() - scope.from.getTime()) / DAY_MS;
  if (days <= DAILY_UP_TO_DAYS) return 'day';
  return bucketStarts(scope.from, scope.to, 'week').length <= MAX_POINTS ? 'week' : 'month';
}

/** Bucket starts in UTC, as `date_trunc` gives them: the first may begin before `from`. */
export function bucketStarts(from: Date, to: Date, interval: Interval): Date[] {
  const start = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  if (interval === 'week') start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7));
  if (interval === 'month') start.setUTCDate(1);
  const starts: Date[] = [];
  for (let at = start; at < to && starts.length <= MAX_POINTS;) {
    starts.push(at);
    at = new Date(at);
    if (interval === 'day') at.setUTCDate(at.getUTCDate() + 1);
    if (interval === 'week') at.setUTCDate(at.getUTCDate() + 7);
    if (interval === 'month') at.setUTCMonth(at.getUTCMonth() + 1);
  }
  return starts;
}

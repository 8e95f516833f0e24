import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CASE_CONDITIONS as IS } from '../cases/case-outcomes';
import type { Scale } from '../surveys/survey-definition';
import type { Interval } from './dto/report-filter.dto';
import { type CaseCounts, type Facts, NO_CASES, type ScoreCount } from './kpis';

/** What a report covers, resolved and checked (`ReportScopes`). */
export interface ReportScope {
  from: Date;
  to: Date;
  surveyId: string | null;
  /** The key the caller named `surveyId` by. */
  surveyKey: string | null;
  teamId: string | null;
  agentId: string | null;
  touchpointType: string | null;
}

/**
 * The SQL side of a report: the counts each KPI needs, for the whole period or per bucket of a
 * timeseries (day, week or month in UTC). Each window follows API.md: invitations by when they
 * were sent, answers by when they were given, cases by when they were opened.
 *
 * Anonymous answers are known only by month (so that no time links them to an invitation): they
 * count where the middle of their month (the 16th, 00:00 UTC) falls, so adjacent periods never
 * count one twice. They carry no touchpoint, so a touchpoint filter leaves them out. Team and agent
 * narrow the case figures only: answers belong to no team.
 */
@Injectable()
export class ReportFacts {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The whole period as one bucket. */
  async total(scope: ReportScope): Promise<Facts> {
    const buckets = await this.byBucket(scope, null);
    return buckets.get(scope.from.getTime()) ?? emptyFacts();
  }

  /** Facts per bucket start (ms since the epoch); buckets with nothing in them are absent. */
  async byBucket(scope: ReportScope, interval: Interval | null): Promise<Map<number, Facts>> {
    const bucket = (column: string) =>
      interval === null ? '$1::timestamptz' : `date_trunc('${interval}', ${column}, 'UTC')`;
    const params = scopeParams(scope);
    const [invitations, scores, cases, recoveries] = await Promise.all([
      this.dataSource.query<{ bucket: Date; sent: number; answered: number }[]>(
        INVITATIONS(bucket('i.sent_at')),
        params.slice(0, 4),
      ),
      this.dataSource.query<(Omit<ScoreCount, 'scale'> & { bucket: Date; scale: Scale })[]>(
        SCORES(bucket('r.submitted_at'), bucket(ANONYMOUS_MIDPOINT)),
        params.slice(0, 4),
      ),
      this.dataSource.query<
        (Omit<CaseCounts, 'recoveryAnswers' | 'recovered'> & { bucket: Date })[]
      >(CASES(bucket('c.created_at')), params),
      this.dataSource.query<{ bucket: Date; recoveryAnswers: number; recovered: number }[]>(
        RECOVERIES(bucket('c.created_at')),
        params,
      ),
    ]);
    const facts = new Map<number, Facts>();
    const at = (when: Date): Facts => {
      const key = new Date(when).getTime();
      let found = facts.get(key);
      if (!found) facts.set(key, (found = emptyFacts()));
      return found;
    };
    for (const { bucket: when, ...counts } of invitations) at(when).invitations = counts;
    for (const { bucket: when, ...row } of scores) at(when).scores.push(row);
    for (const { bucket: when, ...counts } of cases) {
      const target = at(when);
      target.cases = { ...target.cases, ...counts };
    }
    for (const { bucket: when, ...counts } of recoveries) {
      const target = at(when);
      target.cases = { ...target.cases, ...counts };
    }
    return facts;
  }

  async byCaseOwner(scope: ReportScope, owner: CaseOwner): Promise<Map<string | null, CaseCounts>> {
    const column = owner === 'team' ? 'c.team_id' : 'c.assignee_id';
    const params = scopeParams(scope);
    const [cases, recoveries] = await Promise.all([
      this.dataSource.query<
        (Omit<CaseCounts, 'recoveryAnswers' | 'recovered'> & { bucket: string | null })[]
      >(CASES(column), params),
      this.dataSource.query<
        { bucket: string | null; recoveryAnswers: number; recovered: number }[]
      >(RECOVERIES(column), params),
    ]);
    const owners = new Map<string | null, CaseCounts>();
    for (const { bucket: key, ...counts } of [...cases, ...recoveries]) {
      owners.set(key, { ...(owners.get(key) ?? NO_CASES), ...counts });
    }
    return owners;
  }
}

/** $1 from, $2 to, $3 survey id, $4 touchpoint type, $5 team id, $6 agent id: every report's SQL. */
export function scopeParams(scope: ReportScope): unknown[] {
  return [scope.from, scope.to, scope.surveyId, scope.touchpointType, scope.teamId, scope.agentId];
}

/** The case figures per team or per assignee (null: not routed, or nobody's yet). */
export type CaseOwner = 'team' | 'agent';

function emptyFacts(): Facts {
  return { invitations: { sent: 0, answered: 0 }, scores: [], cases: { ...NO_CASES } };
}

/** $3 a survey id or null: all versions of that survey. */
export const SURVEY = (version: string) =>
  `($3::uuid IS NULL OR ${version} IN (SELECT id FROM survey_versions WHERE survey_id = $3))`;

/** $4 a touchpoint type or null. */
export const TOUCHPOINT = (invitation: string) =>
  `($4::text IS NULL OR ${invitation} IN (SELECT id FROM invitations WHERE touchpoint_type = $4))`;

const ANONYMOUS_MIDPOINT = `((a.submitted_month + 15)::timestamp AT TIME ZONE 'UTC')`;

/** Answered at any time: the rate asks how many of the invitations sent were answered. */
const INVITATIONS = (bucket: string) => `
  SELECT ${bucket} AS bucket, count(*)::int AS sent, count(i.answered_at)::int AS answered
  FROM invitations i
  WHERE i.sent_at >= $1 AND i.sent_at < $2 AND ${SURVEY('i.survey_version_id')}
    AND ($4::text IS NULL OR i.touchpoint_type = $4)
  GROUP BY 1`;

const COUNTS = (row: string) => `count(*)::int AS responses,
    (count(*) FILTER (WHERE btrim(coalesce(${row}.comment, '')) <> ''))::int AS commented,
    (count(*) FILTER (WHERE ${row}.dissatisfied))::int AS dissatisfied`;

/** Answers by scale and score; anonymous ones from the inbox too (they count while they wait). */
const SCORES = (identifiedBucket: string, anonymousBucket: string) => `
  SELECT ${identifiedBucket} AS bucket, v.scale, r.score, true AS identified, ${COUNTS('r')}
  FROM responses r JOIN survey_versions v ON v.id = r.survey_version_id
  WHERE r.submitted_at >= $1 AND r.submitted_at < $2 AND ${SURVEY('r.survey_version_id')}
    AND ${TOUCHPOINT('r.invitation_id')}
  GROUP BY 1, 2, 3
  UNION ALL
  SELECT ${anonymousBucket} AS bucket, v.scale, a.score, false AS identified, ${COUNTS('a')}
  FROM (
    SELECT survey_version_id, score, dissatisfied, comment, submitted_month FROM anonymous_responses
    UNION ALL
    SELECT survey_version_id, score, dissatisfied, comment, submitted_month FROM anonymous_response_inbox
  ) a JOIN survey_versions v ON v.id = a.survey_version_id
  WHERE ${ANONYMOUS_MIDPOINT} >= $1 AND ${ANONYMOUS_MIDPOINT} < $2
    AND ${SURVEY('a.survey_version_id')} AND $4::text IS NULL
  GROUP BY 1, 2, 3`;

/** Cases of `c` matching every filter but the period (scopeParams: $3 to $6). */
export const CASE_FILTERS = `${SURVEY('c.survey_version_id')} AND ${TOUCHPOINT('c.invitation_id')}
    AND ($5::uuid IS NULL OR c.team_id = $5) AND ($6::uuid IS NULL OR c.assignee_id = $6)`;

/** ...and opened in the period ($1, $2). */
export const CASE_SCOPE = `c.created_at >= $1 AND c.created_at < $2 AND ${CASE_FILTERS}`;

/** Resolved means resolved now: a reopened case counts again when it is. */
const CASES = (bucket: string) => `
  SELECT ${bucket} AS bucket,
    count(*)::int AS opened,
    (count(*) FILTER (WHERE ${IS.resolved}))::int AS resolved,
    (count(*) FILTER (WHERE ${IS.firstContactInTime}))::int AS "contactedInTime",
    (count(*) FILTER (WHERE ${IS.firstContactDecided}))::int AS "firstContactDecided",
    (count(*) FILTER (WHERE ${IS.resolvedInTime}))::int AS "resolvedInTime",
    (count(*) FILTER (WHERE ${IS.resolutionDecided}))::int AS "resolutionDecided",
    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.first_contacted_at - c.created_at))
      FILTER (WHERE c.first_contacted_at IS NOT NULL) / 3600 AS "medianHoursToFirstContact",
    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.resolved_at - c.created_at))
      FILTER (WHERE ${IS.resolved}) / 3600 AS "medianHoursToResolution"
  FROM follow_up_cases c
  WHERE ${CASE_SCOPE}
  GROUP BY 1`;

/** Every recovery answer counts, a reopened case's second one too. */
const RECOVERIES = (bucket: string) => `
  SELECT ${bucket} AS bucket, count(*)::int AS "recoveryAnswers",
    (count(*) FILTER (WHERE r.recovered))::int AS recovered
  FROM case_recoveries r JOIN follow_up_cases c ON c.id = r.case_id
  WHERE r.answered_at IS NOT NULL AND ${CASE_SCOPE}
  GROUP BY 1`;

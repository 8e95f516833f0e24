import { CASE_CONDITIONS as IS } from '../cases/case-outcomes';
import { CASE_FILTERS, SURVEY, TOUCHPOINT, TOUCHPOINT_OF, TOUCHPOINT_ROLLED } from './report-sql';
import { LIVE, SEEN } from './rollup-windows';

/**
 * The statements behind `ReportFacts`: each KPI's counts from the daily rollups for what they hold
 * and from the tables for the rest, grouped by a bucket (a period, a day, a team, a location…).
 * Named parameters (`:from`…) as in report-sql.ts; `ReportFacts.values` gives them all.
 */

/** How rows are grouped: an expression over a table's row, and over a rollup's (`d`). */
export interface Bucket {
  /**
   * Over a row of the tables: `column` is its time (sent, answered, opened), `invitation` the SQL
   * naming its invitation's id.
   */
  live: (column: string, invitation: string) => string;
  rolled: string;
  /** The whole period is one bucket: nothing to group by (and sort for). */
  single?: boolean;
}

/**
 * Which daily rollups a report reads: the plain ones (per survey version and touchpoint type), or
 * those kept per touchpoint as well (location, channel, member of staff), which hold more rows a
 * day and are read only when a filter or a breakdown needs them.
 */
export interface Rollups {
  invitations: string;
  answers: string;
  cases: string;
  /** The touchpoint filters a row `d` of these rollups can answer. */
  filters: (d: string) => string;
}

export const PLAIN_ROLLUPS: Rollups = {
  invitations: 'report_invitation_days',
  answers: 'report_answer_days',
  cases: 'report_case_days',
  filters: (d) => `(:touchpoint::text IS NULL OR ${d}.touchpoint_type = :touchpoint)`,
};

export const TOUCHPOINT_ROLLUPS: Rollups = {
  invitations: 'report_invitation_touchpoint_days',
  answers: 'report_answer_touchpoint_days',
  cases: 'report_case_touchpoint_days',
  filters: TOUCHPOINT_ROLLED,
};

/** What a breakdown groups by: the invitation's column, and the touchpoint rollups'. */
export const TOUCHPOINT_KEYS = {
  location: { column: 'touchpoint_location', rolled: 'location' },
  channel: { column: 'touchpoint_channel', rolled: 'channel' },
  staff: { column: 'touchpoint_staff_id', rolled: 'staff_id' },
} as const;
export type TouchpointKey = keyof typeof TOUCHPOINT_KEYS;

/** Groups by where the touchpoint happened ('' where it said nothing), as the rollups keep it. */
export function touchpointBucket(by: TouchpointKey): Bucket {
  const { column, rolled } = TOUCHPOINT_KEYS[by];
  return {
    live: (_, invitation) =>
      `(SELECT coalesce(bi.${column}, '') FROM invitations bi WHERE bi.id = ${invitation})`,
    rolled: `d.${rolled}`,
  };
}

export const MIDNIGHT = (date: string) => `(${date}::timestamp AT TIME ZONE 'UTC')`;

const ROLLED = `d.day >= :rolledFrom::date AND d.day < :rolledTo::date`;

/** Answered at any time: the rate asks how many of the invitations sent were answered. */
export const INVITATIONS = (bucket: Bucket, rollups: Rollups) => `
  SELECT bucket, sum(sent)::int AS sent, sum(answered)::int AS answered, ${SEEN} FROM (
    SELECT ${bucket.live('i.sent_at', 'i.id')} AS bucket, count(*) AS sent, count(i.answered_at) AS answered
    FROM invitations i
    WHERE ${LIVE('i.sent_at')} AND ${SURVEY('i.survey_version_id')}
      AND ${TOUCHPOINT_OF('i')}
    GROUP BY 1
    UNION ALL
    SELECT ${bucket.rolled}, sum(d.sent), sum(d.answered)
    FROM ${rollups.invitations} d
    WHERE ${ROLLED} AND ${SURVEY('d.survey_version_id')}
      AND ${rollups.filters('d')}
    GROUP BY 1
  ) x GROUP BY 1`;

/** Answers by scale and score. */
export const SCORES = (bucket: Bucket, rollups: Rollups) => `
  SELECT x.bucket, v.scale, x.score, x.identified, sum(x.responses)::int AS responses,
    sum(x.commented)::int AS commented, sum(x.dissatisfied)::int AS dissatisfied, ${SEEN}
  FROM (
    SELECT ${bucket.live('r.submitted_at', 'r.invitation_id')} AS bucket, r.survey_version_id, r.score, true AS identified,
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
    FROM ${rollups.answers} d
    WHERE ((d.identified AND ${ROLLED})
        OR (NOT d.identified AND d.day >= :anonymousFrom::date AND d.day < :anonymousTo::date))
      AND ${SURVEY('d.survey_version_id')}
      AND ${rollups.filters('d')}
    GROUP BY 1, 2, 3, 4
  ) x JOIN survey_versions v ON v.id = x.survey_version_id
  GROUP BY 1, 2, 3, 4`;

const ROLLED_CASE_FILTERS = (rollups: Rollups) => `${SURVEY('d.survey_version_id')}
    AND ${rollups.filters('d')}
    AND (:team::uuid IS NULL OR d.team_id = :team) AND (:agent::uuid IS NULL OR d.assignee_id = :agent)`;

/**
 * Case counts, medians over every case's hours (the rollups keep them, so a median is exact) and
 * recovery answers (each one, a reopened case's second too). A bucket may be null (no team).
 */
export const CASES = (bucket: Bucket, medians: boolean, rollups: Rollups) => `
  WITH live AS (
    SELECT ${bucket.live('c.created_at', 'c.invitation_id')} AS bucket, c.*, rec.answers, rec.recovered_answers
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
    FROM ${rollups.cases} d
    WHERE ${ROLLED} AND ${ROLLED_CASE_FILTERS(rollups)}
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

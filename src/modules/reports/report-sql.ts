/**
 * SQL shared by the reports, with named parameters (`:from`, `:survey`…) bound by `bind`: each
 * query names only what it uses, and Postgres refuses a numbered parameter a query never uses.
 */

/** What a report covers, resolved and checked (`ReportsService.scope`). */
export interface ReportScope {
  from: Date;
  to: Date;
  surveyId: string | null;
  /** The key the caller named `surveyId` by. */
  surveyKey: string | null;
  teamId: string | null;
  agentId: string | null;
  touchpointType: string | null;
  /** Where the touchpoint happened (absent or null: anywhere). */
  location?: string | null;
  channel?: string | null;
  /** The member of staff who served the customer, by their external id. */
  staffId?: string | null;
}

/** A filter on where the touchpoint happened: the reports then read the touchpoint rollups. */
export function filtersWhere(scope: ReportScope): boolean {
  return Boolean(scope.location || scope.channel || scope.staffId);
}

export type SqlValues = Record<string, unknown>;

/** The scope's values under the names the fragments below use. */
export function scopeValues(scope: ReportScope): SqlValues {
  return {
    from: scope.from,
    to: scope.to,
    survey: scope.surveyId,
    touchpoint: scope.touchpointType,
    location: scope.location ?? null,
    channel: scope.channel ?? null,
    staff: scope.staffId ?? null,
    team: scope.teamId,
    agent: scope.agentId,
  };
}

/** `:name` becomes `$n` (a `::cast` is left alone); a name without a value is an error. */
export function bind(sql: string, values: SqlValues): [string, unknown[]] {
  const names: string[] = [];
  const text = sql.replace(/(?<!:):([a-z][A-Za-z]*)\b/g, (_, name: string) => {
    if (!Object.hasOwn(values, name)) throw new Error(`No value for :${name}`);
    if (!names.includes(name)) names.push(name);
    return `$${names.indexOf(name) + 1}`;
  });
  return [text, names.map((name) => values[name])];
}

/** All versions of the chosen survey (:survey, a survey id, or null for all). */
export const SURVEY = (version: string) =>
  `(:survey::uuid IS NULL OR ${version} IN (SELECT id FROM survey_versions WHERE survey_id = :survey))`;

/**
 * The touchpoint of the invitation row `i` matches the filters: its type (:touchpoint), location
 * (:location), channel (:channel) and member of staff (:staff), each null for all.
 */
export const TOUCHPOINT_OF = (i: string) =>
  `(:touchpoint::text IS NULL OR ${i}.touchpoint_type = :touchpoint)
    AND (:location::text IS NULL OR ${i}.touchpoint_location = :location)
    AND (:channel::text IS NULL OR ${i}.touchpoint_channel = :channel)
    AND (:staff::text IS NULL OR ${i}.touchpoint_staff_id = :staff)`;

/** ...of the invitation whose id is `invitation` (no filter: no lookup, the planner drops it). */
export const TOUCHPOINT = (invitation: string) =>
  `((:touchpoint::text IS NULL AND :location::text IS NULL AND :channel::text IS NULL
      AND :staff::text IS NULL)
    OR ${invitation} IN (SELECT ti.id FROM invitations ti WHERE ${TOUCHPOINT_OF('ti')}))`;

/** The same filters on a rollup row `d` kept per touchpoint (`report_*_touchpoint_days`). */
export const TOUCHPOINT_ROLLED = (d: string) =>
  `(:touchpoint::text IS NULL OR ${d}.touchpoint_type = :touchpoint)
    AND (:location::text IS NULL OR ${d}.location = :location)
    AND (:channel::text IS NULL OR ${d}.channel = :channel)
    AND (:staff::text IS NULL OR ${d}.staff_id = :staff)`;

/** Cases `c` matching every filter but the period. */
export const CASE_FILTERS = `${SURVEY('c.survey_version_id')} AND ${TOUCHPOINT('c.invitation_id')}
    AND (:team::uuid IS NULL OR c.team_id = :team) AND (:agent::uuid IS NULL OR c.assignee_id = :agent)`;

/** ...and opened in the period. */
export const CASE_SCOPE = `c.created_at >= :from AND c.created_at < :to AND ${CASE_FILTERS}`;

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
}

export type SqlValues = Record<string, unknown>;

/** The scope's values under the names the fragments below use. */
export function scopeValues(scope: ReportScope): SqlValues {
  return {
    from: scope.from,
    to: scope.to,
    survey: scope.surveyId,
    touchpoint: scope.touchpointType,
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

/** The invitation's touchpoint type (:touchpoint, or null for all). */
export const TOUCHPOINT = (invitation: string) =>
  `(:touchpoint::text IS NULL OR ${invitation} IN (SELECT id FROM invitations WHERE touchpoint_type = :touchpoint))`;

/** Cases `c` matching every filter but the period. */
export const CASE_FILTERS = `${SURVEY('c.survey_version_id')} AND ${TOUCHPOINT('c.invitation_id')}
    AND (:team::uuid IS NULL OR c.team_id = :team) AND (:agent::uuid IS NULL OR c.assignee_id = :agent)`;

/** ...and opened in the period. */
export const CASE_SCOPE = `c.created_at >= :from AND c.created_at < :to AND ${CASE_FILTERS}`;

/**
 * What happened to a case, as SQL conditions on `follow_up_cases c`: the reports count with them
 * and the case list filters by them, so a figure and the cases behind it always agree.
 */
const RESOLVED = `c.status IN ('resolved', 'closed')`;
const LIVE = `c.status IN ('open', 'assigned', 'contacted')`;
/**
 * A withdrawn case is out of its deadlines (nobody may contact the person): met or missed. A case
 * ended by its customer's erasure keeps the verdict a deadline had reached by then, so an erasure
 * changes no figure of the past.
 */
const COUNTS_FOR = (decidedAtErasure: string) =>
  `(c.status <> 'withdrawn' OR (c.erased_at IS NOT NULL AND (${decidedAtErasure})))`;
const FIRST_CONTACT_COUNTS = COUNTS_FOR(
  'c.first_contacted_at IS NOT NULL OR c.first_contact_due_at < c.erased_at',
);
const FIRST_CONTACT_IN_TIME = `${FIRST_CONTACT_COUNTS} AND c.first_contacted_at <= c.first_contact_due_at`;
/** Met, or passed unmet. */
const FIRST_CONTACT_DECIDED = `${FIRST_CONTACT_COUNTS}
  AND (c.first_contacted_at IS NOT NULL OR c.first_contact_due_at < now())`;
const RESOLVED_IN_TIME = `${RESOLVED} AND c.resolved_at <= c.resolution_due_at`;
const RESOLUTION_DECIDED = `${COUNTS_FOR('c.resolution_due_at < c.erased_at')}
  AND (${RESOLVED} OR c.resolution_due_at < now())`;

export const CASE_CONDITIONS = {
  resolved: RESOLVED,
  live: LIVE,
  firstContactInTime: FIRST_CONTACT_IN_TIME,
  firstContactDecided: FIRST_CONTACT_DECIDED,
  resolvedInTime: RESOLVED_IN_TIME,
  resolutionDecided: RESOLUTION_DECIDED,
} as const;

/** The outcomes a list of cases can be narrowed to (`GET /api/v1/cases?outcome=`). */
export const CASE_OUTCOMES = {
  resolved: RESOLVED,
  unresolved: LIVE,
  late_first_contact: `${FIRST_CONTACT_DECIDED} AND NOT coalesce(${FIRST_CONTACT_IN_TIME}, false)`,
  late_resolution: `${RESOLUTION_DECIDED} AND NOT coalesce(${RESOLVED_IN_TIME}, false)`,
  recovered: `EXISTS (SELECT 1 FROM case_recoveries r WHERE r.case_id = c.id AND r.recovered)`,
  not_recovered: `EXISTS (SELECT 1 FROM case_recoveries r WHERE r.case_id = c.id AND NOT r.recovered)`,
} as const;

export type CaseOutcome = keyof typeof CASE_OUTCOMES;
export const CASE_OUTCOME_NAMES = Object.keys(CASE_OUTCOMES) as CaseOutcome[];

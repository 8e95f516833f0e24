import type { Principal } from './principal';

/**
 * Who sees which cases and customers. An agent sees the cases of their team and those not routed
 * yet, and the customers who have such a case; managers, admins and integrations see everything.
 * Out of scope reads as unknown (404), never as forbidden: existence is not the agent's business.
 * The one rule, for every query that shows a case or a customer.
 */

/** The team an agent is limited to; null for managers, admins and API keys (no limit). */
export function teamScope(viewer: Principal): string | null {
  if (viewer.kind !== 'user' || viewer.role !== 'agent') return null;
  return viewer.teamId ?? NO_TEAM;
}

/** An agent without a team sees only unrouted cases: a team id no case has. */
const NO_TEAM = '00000000-0000-0000-0000-000000000000';

/**
 * SQL: the case is within the scope given as the parameter `scope` (`$2`, `:team`), holding
 * `teamScope(viewer)`. `alias` names the follow_up_cases row ('' when unaliased).
 */
export function caseInScope(scope: string, alias = ''): string {
  const team = alias ? `${alias}.team_id` : 'team_id';
  return `(CAST(${scope} AS uuid) IS NULL OR ${team} IS NULL OR ${team} = CAST(${scope} AS uuid))`;
}

/** SQL: the customer (`customerId`, an SQL expression) has a case within the scope `scope`. */
export function customerInScope(scope: string, customerId: string): string {
  return `(CAST(${scope} AS uuid) IS NULL OR EXISTS (
    SELECT 1 FROM follow_up_cases scoped WHERE scoped.customer_id = ${customerId}
      AND ${caseInScope(scope, 'scoped')}))`;
}

/**
 * SQL: the case is within `scope` (`teamScope(viewer)`), known when the statement is written: no
 * condition for everyone, else the team's and the unrouted cases, the team a parameter (`param`
 * numbers it). For named statements: caseInScope's `$1 IS NULL OR …` keeps PostgreSQL planning
 * every execution again (a generic plan must allow both), this one's generic plan fits each kind.
 */
export function caseInScopeOf(
  scope: string | null,
  param: (value: unknown) => string,
  alias = '',
): string {
  if (scope === null) return 'true';
  const team = alias ? `${alias}.team_id` : 'team_id';
  return `(${team} IS NULL OR ${team} = ${param(scope)}::uuid)`;
}

import type { EntityManager } from 'typeorm';
import type { UserRole } from '../../common/auth/user-role';

/**
 * How other modules read users and teams, in their own statements and transactions: who may own
 * cases, who is told of an escalation, the name a user signs with, which teams exist.
 */

/**
 * Joins the user a row names (an author, say), as `alias`, or nulls when it names none: the
 * user's `name` is what they sign with. `userId` is the SQL column naming the user.
 */
export function leftJoinUserOf(userId: string, alias: string): string {
  return `LEFT JOIN users ${alias} ON ${alias}.id = ${userId}`;
}

/** The ids (as text) of the teams among `ids`, an SQL expression of a uuid array: `ARRAY(…)`. */
export function knownTeamIdsSql(ids: string): string {
  return `ARRAY(SELECT id::text FROM teams WHERE id = ANY(${ids}::uuid[]))`;
}

/** Who may own a case: admins run the system, they do not work cases. */
export const CASE_OWNER_ROLES: readonly UserRole[] = ['agent', 'manager'];

/**
 * Whether a user may own a case of `teamId`: an active agent or manager of that team (of any team
 * for a case not routed to one). Someone of another team could not even open it.
 */
export async function canOwnCases(
  manager: EntityManager,
  userId: string,
  teamId: string | null,
): Promise<boolean> {
  const rows = await manager.query<unknown[]>(
    `SELECT 1 FROM users WHERE id = $1 AND role IN ('agent', 'manager') AND disabled_at IS NULL
       AND ($2::uuid IS NULL OR team_id = $2)`,
    [userId, teamId],
  );
  return rows.length > 0;
}

/** The addresses of a team's active managers (every active manager's when `teamId` is null). */
export async function activeManagerEmails(
  manager: EntityManager,
  teamId: string | null,
): Promise<string[]> {
  const rows = await manager.query<{ email: string }[]>(
    `SELECT email FROM users WHERE role = 'manager' AND disabled_at IS NULL
       AND ($1::uuid IS NULL OR team_id = $1) ORDER BY email`,
    [teamId],
  );
  return rows.map((row) => row.email);
}

/** Joins the team a row names, as `alias` (its `name`), or nulls when it names none. */
export function leftJoinTeamOf(teamId: string, alias: string): string {
  return `LEFT JOIN teams ${alias} ON ${alias}.id = ${teamId}`;
}

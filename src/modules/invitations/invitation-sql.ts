import type { EntityManager } from 'typeorm';
import type { InvitationStatus } from './invitation.entity';

/**
 * How other modules read invitations inside their own statements and transactions: the
 * invitation behind a survey link, invitations by id, the invitation a row belongs to, the
 * invitations of a touchpoint type, an invitation's status.
 */

/**
 * The invitation a survey link's token hash (an SQL expression) finds, as a relation of its
 * columns: one indexed lookup, no row for an unknown token.
 */
export function invitationOfLinkSql(tokenHash: string): string {
  return `(SELECT * FROM invitations WHERE token_hash = ${tokenHash})`;
}

/** The invitations whose ids are in `ids` (an SQL uuid array), as a relation of their columns. */
export function invitationsByIdSql(ids: string): string {
  return `(SELECT * FROM invitations WHERE id = ANY(${ids}::uuid[]))`;
}

/**
 * Joins the invitation a row belongs to, as `alias` (its `touchpoint_type`, say); `invitationId`
 * is the SQL column naming it.
 */
export function joinInvitationOf(invitationId: string, alias: string): string {
  return `JOIN invitations ${alias} ON ${alias}.id = ${invitationId}`;
}

/** The ids of the invitations of a touchpoint type (an SQL expression), as a subquery. */
export function invitationsOfTouchpointSql(touchpointType: string): string {
  return `(SELECT i.id FROM invitations i WHERE i.touchpoint_type = ${touchpointType})`;
}

/** An invitation's status now; undefined when there is no such invitation. */
export async function invitationStatus(
  manager: EntityManager,
  invitationId: string,
): Promise<InvitationStatus | undefined> {
  const [row] = await manager.query<{ status: InvitationStatus }[]>(
    'SELECT status FROM invitations WHERE id = $1',
    [invitationId],
  );
  return row?.status;
}

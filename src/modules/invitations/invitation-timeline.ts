import type { EntityManager } from 'typeorm';
import { domainEventsSql } from '../../common/events/domain-event-log';
import type { InvitationEventType } from './invitation-event.entity';

/** What every invitation event carries. */
export interface InvitationEventPayload {
  invitationId: string;
}

declare module '../../common/events/domain-event-types' {
  /**
   * `invitation.<type>` for each entry of an invitation's timeline (`invitation_events.type`):
   * created as `queued`, `throttled` or `suppressed`; then `sent`, `reminded`, `reminder_skipped`,
   * `bounced`, `unsubscribed`, `expired` or `answered`.
   */
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- its members come from the Record it extends
  interface DomainEventPayloads extends Record<
    `invitation.${InvitationEventType}`,
    InvitationEventPayload
  > {}
}

/**
 * An invitation's timeline is its event log: each entry is written here, with the domain event
 * `invitation.<type>` that publishes it, in one statement. `rows` is an SQL query (of the
 * caller's CTEs or parameters) yielding `invitation_id, type, detail`.
 */
export function invitationTimelineCtes(name: string, rows: string): string {
  return `${name} AS (
    INSERT INTO invitation_events (invitation_id, type, detail) ${rows}
    RETURNING invitation_id, type
  ),
  ${name}_published AS (${domainEventsSql([
    {
      type: `'invitation.' || ${name}.type`,
      payload: `jsonb_build_object('invitationId', ${name}.invitation_id)`,
      from: name,
    },
  ])})`;
}

/** Timeline entries of many invitations, in the caller's transaction. */
export async function recordInvitationEvents(
  manager: EntityManager,
  entries: { invitationId: string; type: InvitationEventType; detail?: string | null }[],
): Promise<void> {
  if (entries.length === 0) return;
  await manager.query(
    `WITH ${invitationTimelineCtes(
      'timeline',
      'SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[])',
    )}
    SELECT 1`,
    [
      entries.map((entry) => entry.invitationId),
      entries.map((entry) => entry.type),
      entries.map((entry) => entry.detail ?? null),
    ],
  );
}

/** One timeline entry, in the caller's transaction. */
export async function recordInvitationEvent(
  manager: EntityManager,
  invitationId: string,
  type: InvitationEventType,
  detail: string | null = null,
): Promise<void> {
  await recordInvitationEvents(manager, [{ invitationId, type, detail }]);
}

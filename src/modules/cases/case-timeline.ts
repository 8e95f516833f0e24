import { domainEventsSql } from '../../common/events/domain-event-log';
import type { CaseEventType } from './case-event.entity';
import { queuedJobsSql } from '../../common/jobs/job-queue';

/**
 * What every case event carries: the case, and who acted: a person (`actorId`), an integration
 * (`apiKeyId`, the API key), or neither (Candor itself, or the customer).
 */
export interface CaseEventPayload {
  caseId: string;
  actorId: string | null;
  /** Absent from events logged before integrations could act on cases: read it as null. */
  apiKeyId?: string | null;
  /** The timeline entry (`case_events.id`); absent from events logged before it was carried. */
  entryId?: string;
  /** An escalation's step (`resolution_overdue`, say): the webhooks tell only overdue ones. */
  step?: string;
}

declare module '../../common/events/domain-event-types' {
  /**
   * `case.<type>` for each entry of a case's timeline (`case_events.type`): `created`, `claimed`,
   * `assigned`, `note`, `contact_logged`, `message_sent`, `reply_received`, `resolved`,
   * `reopened`, `withdrawn`, `escalated`, `recovery_requested`, `recovery_skipped`,
   * `recovery_answered`, `closed`, `external_ref_set`.
   */
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- its members come from the Record it extends
  interface DomainEventPayloads extends Record<`case.${CaseEventType}`, CaseEventPayload> {}
}

/**
 * The case events that modules of this app subscribe to (the notifications): each is also queued
 * as a job, in the statement that writes the timeline entry, once a module has declared it
 * (`DomainEvents.declare`, which creates its queue); the others are only logged.
 */
export const DELIVERED_CASE_EVENTS = [
  'case.assigned',
  'case.reply_received',
  'case.reopened',
] as const;
export type DeliveredCaseEvent = (typeof DELIVERED_CASE_EVENTS)[number];

/**
 * A delivered case event's job: the event's payload and its own timeline entry, so that two
 * entries of a kind close together are told apart (the domain event log keeps the payload alone).
 */
export interface DeliveredCaseEventPayload extends CaseEventPayload {
  /** `case_events.id`; absent from jobs queued before it was carried. */
  entryId?: string;
}

declare module '../../common/jobs/job-types' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- its members come from the Record it extends
  interface JobPayloads extends Record<DeliveredCaseEvent, DeliveredCaseEventPayload> {}
}

/**
 * A case's timeline is its event log: each entry is written here, with the domain event
 * `case.<type>` that publishes it, as CTEs of the statement that changes the case (`<name>`
 * returns the entry's `id` and `case_id`). `rows` is an SQL query of the caller's CTEs or
 * parameters yielding `case_id, type, actor_id, detail`, and `api_key_id` after them when
 * `byApiKey` (an integration's action); the detail (a note's words, say) stays in the timeline.
 */
export function caseTimelineCtes(name: string, rows: string, { byApiKey = false } = {}): string {
  const columns = `case_id, type, actor_id, detail${byApiKey ? ', api_key_id' : ''}`;
  return `${name} AS (
    INSERT INTO case_events (${columns}) ${rows}
    RETURNING id, case_id, type, actor_id, api_key_id,
      CASE WHEN type = 'escalated' THEN detail END AS step
  ),
  ${name}_published AS (${domainEventsSql([
    {
      type: `'case.' || ${name}.type`,
      payload: `jsonb_build_object('caseId', ${name}.case_id, 'actorId', ${name}.actor_id,
        'apiKeyId', ${name}.api_key_id, 'entryId', ${name}.id::text)
        || jsonb_strip_nulls(jsonb_build_object('step', ${name}.step))`,
      from: name,
    },
  ])}),
  ${name}_delivered AS (${deliverySql(name)})`;
}

/**
 * Queues the delivered events' jobs of the rows of `name`, where their queue exists, each with
 * its entry (`DeliveredCaseEventPayload`).
 */
function deliverySql(name: string): string {
  const events = DELIVERED_CASE_EVENTS.map((event) => `'${event}'`).join(', ');
  return queuedJobsSql(`'case.' || ${name}.type`, {
    data: `jsonb_build_object('caseId', ${name}.case_id, 'actorId', ${name}.actor_id,
      'apiKeyId', ${name}.api_key_id, 'entryId', ${name}.id::text)`,
    from: name,
    where: `'case.' || ${name}.type IN (${events})`,
  });
}

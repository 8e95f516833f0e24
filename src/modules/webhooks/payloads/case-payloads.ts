import { preparedQuery } from '../../../common/database/prepared-query';
import type { EntityManager } from 'typeorm';
import { type CustomerRef, iso, type TouchpointRef, type WebhookData } from './webhook-message';
import type { Scale } from '../../surveys/survey-definition';
import { scoreOf, type WebhookEventRow } from './webhook-message';

interface CaseEventViewRow {
  event_id: string;
  id: string;
  status: string;
  source: string;
  priority: number;
  external_ref: string | null;
  team_id: string | null;
  team_name: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
  first_contact_due_at: Date;
  resolution_due_at: Date;
  first_contacted_at: Date | null;
  overdue_at: Date | null;
  resolved_at: Date | null;
  root_cause: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  erased_at: Date | null;
  response_id: string | null;
  customer_id: string | null;
  external_id: string | null;
  invitation_id: string;
  touchpoint_type: string | null;
  touchpoint_reference: string | null;
  touchpoint_location: string | null;
  touchpoint_channel: string | null;
  survey_id: string;
  entry_type: string | null;
  entry_detail: string | null;
  actor_id: string | null;
  actor_name: string | null;
  api_key_name: string | null;
  score: number | null;
  comment: string | null;
  scale: Scale;
}

/**
 * The case events' data: the case as it is when the message is built (its status, priority,
 * team, assignee and due times, the CRM's `externalRef`), the customer and touchpoint the CRM
 * knows, the answer's score and comment, and the timeline entry the event is (who acted; a resolve's root cause; a close's
 * outcome). The entry is the event's `entryId`; for an event logged before it was carried, the
 * one of the same case and type written in the same transaction (its time, to the millisecond).
 * A case whose customer was erased has nothing left to send.
 */
export async function casePayloads(
  manager: EntityManager,
  events: WebhookEventRow[],
): Promise<WebhookData> {
  // Prepared: planning the joins cost more than running them, on every batch.
  const rows = await preparedQuery<CaseEventViewRow>(
    manager.connection,
    'webhook-case-messages',
    `SELECT ev.event_id, c.id, c.status, c.source, c.priority, c.external_ref, c.team_id,
       t.name AS team_name, c.assignee_id, u.name AS assignee_name, c.first_contact_due_at,
       c.resolution_due_at, c.first_contacted_at, c.overdue_at, c.resolved_at, c.root_cause,
       c.version, c.created_at, c.updated_at, c.erased_at, c.response_id, c.customer_id,
       cu.external_id, c.invitation_id, i.touchpoint_type, i.touchpoint_reference,
       i.touchpoint_location, i.touchpoint_channel, sv.survey_id, e.type AS entry_type,
       e.detail AS entry_detail, e.actor_id, ea.name AS actor_name, k.name AS api_key_name,
       r.score, r.comment, sv.scale
     FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::timestamptz[], $5::bigint[])
       AS ev(event_id, case_id, entry_type, at, entry_id)
     JOIN follow_up_cases c ON c.id = ev.case_id
     JOIN invitations i ON i.id = c.invitation_id
     JOIN survey_versions sv ON sv.id = c.survey_version_id
     LEFT JOIN customers cu ON cu.id = c.customer_id
     LEFT JOIN teams t ON t.id = c.team_id
     LEFT JOIN users u ON u.id = c.assignee_id
     LEFT JOIN responses r ON r.id = c.response_id AND r.erased_at IS NULL
     LEFT JOIN LATERAL (
       SELECT * FROM case_events e
       WHERE e.case_id = c.id AND e.type = ev.entry_type
         AND (e.id = ev.entry_id OR ev.entry_id IS NULL
           AND date_trunc('milliseconds', e.at) = ev.at)
       ORDER BY e.id DESC LIMIT 1
     ) e ON true
     LEFT JOIN users ea ON ea.id = e.actor_id
     LEFT JOIN api_keys k ON k.id = e.api_key_id`,
    [
      events.map((event) => event.eventId),
      events.map((event) => event.payload.caseId),
      events.map((event) => event.domainType.slice('case.'.length)),
      events.map((event) => event.occurredAt),
      events.map((event) => event.payload.entryId ?? null),
    ],
  );
  const data: WebhookData = new Map(events.map((event) => [event.eventId, null]));
  for (const row of rows) {
    if (row.erased_at || !row.customer_id) continue;
    data.set(row.event_id, caseEventData(row));
  }
  return data;
}

function caseEventData(row: CaseEventViewRow): Record<string, unknown> {
  const customer: CustomerRef = { id: row.customer_id!, externalId: row.external_id };
  const touchpoint: TouchpointRef = {
    type: row.touchpoint_type,
    reference: row.touchpoint_reference,
    location: row.touchpoint_location,
    channel: row.touchpoint_channel,
  };
  return {
    case: {
      id: row.id,
      externalRef: row.external_ref,
      status: row.status,
      source: row.source,
      priority: row.priority,
      team: row.team_id ? { id: row.team_id, name: row.team_name } : null,
      assignee: row.assignee_id ? { id: row.assignee_id, name: row.assignee_name } : null,
      firstContactDueAt: iso(row.first_contact_due_at),
      resolutionDueAt: iso(row.resolution_due_at),
      firstContactedAt: iso(row.first_contacted_at),
      overdueAt: iso(row.overdue_at),
      resolvedAt: iso(row.resolved_at),
      rootCause: row.root_cause,
      version: row.version,
      createdAt: iso(row.created_at),
      updatedAt: iso(row.updated_at),
      surveyId: row.survey_id,
      invitationId: row.invitation_id,
      responseId: row.response_id,
    },
    customer,
    touchpoint,
    /** The answer the case follows up (none for a customer who asked to be contacted). */
    response:
      row.score === null ? null : { ...scoreOf(row.score, row.scale), comment: row.comment },
    entry: entryData(row),
  };
}

/**
 * Entries that, with nobody at the console behind them, the customer made: a reply, a recovery
 * answer and what it did to the case (closed as recovered or not, or reopened), a withdrawal.
 */
function byCustomer(row: CaseEventViewRow): boolean {
  switch (row.entry_type) {
    case 'reply_received':
    case 'recovery_answered':
    case 'withdrawn':
      return true;
    case 'closed':
    case 'reopened':
      return row.entry_detail === 'recovered' || row.entry_detail === 'not_recovered';
    default:
      return false;
  }
}

/** Who did it, and what the entry's code says where it is one (never a note's words). */
function entryData(row: CaseEventViewRow): Record<string, unknown> {
  const actor = row.api_key_name
    ? { kind: 'integration', name: row.api_key_name }
    : row.actor_id
      ? { kind: 'user', id: row.actor_id, name: row.actor_name }
      : { kind: byCustomer(row) ? 'customer' : 'candor' };
  const entry: Record<string, unknown> = { type: row.entry_type, actor };
  if (row.entry_type === 'closed') entry.outcome = row.entry_detail;
  if (row.entry_type === 'withdrawn') entry.outcome = 'withdrawn';
  if (row.entry_type === 'escalated') entry.step = row.entry_detail;
  return entry;
}

import type { EntityManager } from 'typeorm';
import { preferenceProfilesOf } from '../../responses/preference-profiles';
import { iso, type WebhookData, type WebhookEventRow } from './webhook-message';

interface CustomerRow {
  id: string;
  external_id: string;
}

interface ConsentRow {
  id: string;
  customer_id: string;
  purpose: string;
  action: string;
  source: string;
  occurred_at: Date;
  text_version: number | null;
  text_locale: string | null;
}

interface InvitationRow {
  id: string;
  customer_id: string;
  survey_id: string;
  touchpoint_type: string | null;
  touchpoint_reference: string | null;
  touchpoint_location: string | null;
  touchpoint_channel: string | null;
}

/**
 * The customer's events: consent, preferences, an invitation bounced or unsubscribed, and the
 * erasure. Each names the customer by Candor's id and the company's `externalId`; once they are
 * erased only `customer.erased` is sent, with Candor's id alone (the one the receiver was given
 * with every earlier event), and their other events are dropped.
 */
export async function customerPayloads(
  manager: EntityManager,
  events: WebhookEventRow[],
): Promise<WebhookData> {
  const data: WebhookData = new Map(events.map((event) => [event.eventId, null]));
  const consents = await consentsById(manager, idsOf(events, 'consentEventId'));
  const invitations = await invitationsById(manager, idsOf(events, 'invitationId'));
  const customerIds = [
    ...idsOf(events, 'customerId'),
    ...[...invitations.values()].map((invitation) => invitation.customer_id),
  ];
  const customers = await customersById(manager, customerIds);
  const customer = (id: string | undefined) => {
    const row = id ? customers.get(id) : undefined;
    return row ? { id: row.id, externalId: row.external_id } : null;
  };
  for (const event of events) {
    const customerId = event.payload.customerId as string | undefined;
    if (event.type === 'customer.erased') {
      data.set(event.eventId, { customer: { id: customerId } });
    } else if (event.type === 'consent.granted' || event.type === 'consent.withdrawn') {
      const consent = consents.get(String(event.payload.consentEventId));
      const who = customer(customerId);
      if (consent && who) data.set(event.eventId, { customer: who, consent: consentData(consent) });
    } else if (event.type === 'preferences.updated') {
      const who = customer(customerId);
      if (who) {
        const preferences = await preferenceProfilesOf(manager, who.id);
        data.set(event.eventId, { customer: who, preferences });
      }
    } else {
      const invitation = invitations.get(event.payload.invitationId as string);
      const who = customer(invitation?.customer_id);
      if (invitation && who) {
        data.set(event.eventId, { customer: who, invitation: invitationData(invitation) });
      }
    }
  }
  return data;
}

function idsOf(events: WebhookEventRow[], field: string): string[] {
  // A bigint id (a consent event's) is a JSON number in the payload.
  const ids = events.map((event) => event.payload[field]);
  return [...new Set(ids.filter((id) => id !== undefined && id !== null).map(String))];
}

async function customersById(manager: EntityManager, ids: string[]) {
  if (ids.length === 0) return new Map<string, CustomerRow>();
  const rows = await manager.query<CustomerRow[]>(
    'SELECT id, external_id FROM customers WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return new Map(rows.map((row) => [row.id, row]));
}

async function consentsById(manager: EntityManager, ids: string[]) {
  if (ids.length === 0) return new Map<string, ConsentRow>();
  const rows = await manager.query<ConsentRow[]>(
    `SELECT ce.id, ce.customer_id, ce.purpose, ce.action, ce.source, ce.occurred_at,
       ct.version AS text_version, ct.locale AS text_locale
     FROM consent_events ce LEFT JOIN consent_texts ct ON ct.id = ce.consent_text_id
     WHERE ce.id = ANY($1::bigint[])`,
    [ids],
  );
  return new Map(rows.map((row) => [row.id, row]));
}

async function invitationsById(manager: EntityManager, ids: string[]) {
  if (ids.length === 0) return new Map<string, InvitationRow>();
  const rows = await manager.query<InvitationRow[]>(
    `SELECT i.id, i.customer_id, sv.survey_id, i.touchpoint_type, i.touchpoint_reference,
       i.touchpoint_location, i.touchpoint_channel
     FROM invitations i JOIN survey_versions sv ON sv.id = i.survey_version_id
     WHERE i.id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map((row) => [row.id, row]));
}

function consentData(row: ConsentRow): Record<string, unknown> {
  return {
    id: row.id,
    purpose: row.purpose,
    action: row.action,
    source: row.source,
    occurredAt: iso(row.occurred_at),
    text: row.text_version === null ? null : { version: row.text_version, locale: row.text_locale },
  };
}

function invitationData(row: InvitationRow): Record<string, unknown> {
  return {
    id: row.id,
    surveyId: row.survey_id,
    touchpoint: {
      type: row.touchpoint_type,
      reference: row.touchpoint_reference,
      location: row.touchpoint_location,
      channel: row.touchpoint_channel,
    },
  };
}

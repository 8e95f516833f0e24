import type { EntityManager } from 'typeorm';
import { domainEventsSql } from '../../common/events/domain-event-log';

declare module '../../common/events/domain-event-types' {
  interface DomainEventPayloads {
    /** A customer was first written (by PUT, an invitation or an import line). */
    'customer.created': { customerId: string };
    /** A write changed a customer's email, name, locale or attributes. */
    'customer.updated': { customerId: string };
    /** A customer was erased; nothing about them remains but anonymous answers. */
    'customer.erased': { customerId: string };
  }
}

/** A customer as written by PUT, an invitation or an import line; `null` keeps the stored value. */
export interface CustomerRow {
  externalId: string;
  /** Normalised and checked by the caller. */
  email: string;
  name: string | null;
  locale: string | null;
  attributes: Record<string, unknown> | null;
}

export interface UpsertedCustomer {
  id: string;
  created: boolean;
}

/** Two rows for one customer, as if upserted one after the other: the later row's values win. */
export function mergeCustomerRows(
  earlier: CustomerRow | undefined,
  later: CustomerRow,
): CustomerRow {
  if (!earlier) return later;
  return {
    externalId: later.externalId,
    email: later.email,
    name: later.name ?? earlier.name,
    locale: later.locale ?? earlier.locale,
    attributes: later.attributes ?? earlier.attributes,
  };
}

/**
 * Creates or updates customers by the CRM's id, set-wise, in the caller's transaction, and leaves
 * every one of their rows locked until it ends. External ids must be distinct (merge them first).
 * Insert-or-skip then update, rather than one ON CONFLICT DO UPDATE, so that a missing value keeps
 * the stored one while a new customer gets the defaults. Rows go in external-id order, so
 * concurrent writers lock in the same order.
 */
export async function upsertCustomerRows(
  manager: EntityManager,
  rows: CustomerRow[],
): Promise<Map<string, UpsertedCustomer>> {
  const sorted = [...rows].sort((a, b) =>
    a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0,
  );
  const upserted = new Map<string, UpsertedCustomer>();
  const inserted = await manager.query<{ id: string; external_id: string }[]>(
    `WITH inserted AS (
       INSERT INTO customers (external_id, email, name, locale, attributes)
       SELECT t.external_id, t.email, t.name, COALESCE(t.locale, 'en'),
              COALESCE(t.attributes::jsonb, '{}'::jsonb)
       FROM ${ROWS} AS t(external_id, email, name, locale, attributes)
       ON CONFLICT (external_id) DO NOTHING
       RETURNING id, external_id
     ),
     published AS (${customerEventSql('customer.created', 'inserted')})
     SELECT id, external_id FROM inserted`,
    columnsOf(sorted),
  );
  for (const row of inserted) upserted.set(row.external_id, { id: row.id, created: true });
  const known = sorted.filter((row) => !upserted.has(row.externalId));
  if (known.length === 0) return upserted;
  // \`before\` is the row as the statement found it, to tell a change from a repeat.
  const updated = await manager.query<{ id: string; external_id: string }[]>(
    `WITH updated AS (
       UPDATE customers AS c SET
         email = t.email,
         name = COALESCE(t.name, c.name),
         locale = COALESCE(t.locale, c.locale),
         attributes = COALESCE(t.attributes::jsonb, c.attributes),
         updated_at = now()
       FROM ${ROWS} AS t(external_id, email, name, locale, attributes), customers AS before
       WHERE c.external_id = t.external_id AND before.id = c.id
       RETURNING c.id, c.external_id,
         (before.email, before.name, before.locale, before.attributes)
           IS DISTINCT FROM (c.email, c.name, c.locale, c.attributes) AS changed
     ),
     published AS (${customerEventSql('customer.updated', 'updated', 'changed')})
     SELECT id, external_id FROM updated`,
    columnsOf(known),
  );
  for (const row of updated) upserted.set(row.external_id, { id: row.id, created: false });
  return upserted;
}

function customerEventSql(
  type: 'customer.created' | 'customer.updated',
  from: string,
  where?: string,
): string {
  return domainEventsSql([
    { type: `'${type}'`, payload: `jsonb_build_object('customerId', ${from}.id)`, from, where },
  ]);
}

const ROWS = 'unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])';

/** The rows as one array per column, for `unnest`. */
function columnsOf(rows: CustomerRow[]): (string | null)[][] {
  return [
    rows.map((row) => row.externalId),
    rows.map((row) => row.email),
    rows.map((row) => row.name),
    rows.map((row) => row.locale),
    rows.map((row) => (row.attributes ? JSON.stringify(row.attributes) : null)),
  ];
}

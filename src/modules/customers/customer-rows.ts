import type { EntityManager } from 'typeorm';
import { returningRows } from '../../common/database/returning-rows';

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
    `INSERT INTO customers (external_id, email, name, locale, attributes)
     SELECT t.external_id, t.email, t.name, COALESCE(t.locale, 'en'),
            COALESCE(t.attributes::jsonb, '{}'::jsonb)
     FROM ${ROWS} AS t(external_id, email, name, locale, attributes)
     ON CONFLICT (external_id) DO NOTHING
     RETURNING id, external_id`,
    columnsOf(sorted),
  );
  for (const row of inserted) upserted.set(row.external_id, { id: row.id, created: true });
  const known = sorted.filter((row) => !upserted.has(row.externalId));
  if (known.length === 0) return upserted;
  const updated = await returningRows<{ id: string; external_id: string }>(
    manager,
    `UPDATE customers AS c SET
       email = t.email,
       name = COALESCE(t.name, c.name),
       locale = COALESCE(t.locale, c.locale),
       attributes = COALESCE(t.attributes::jsonb, c.attributes),
       updated_at = now()
     FROM ${ROWS} AS t(external_id, email, name, locale, attributes)
     WHERE c.external_id = t.external_id
     RETURNING c.id, c.external_id`,
    columnsOf(known),
  );
  for (const row of updated) upserted.set(row.external_id, { id: row.id, created: false });
  return upserted;
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

/**
 * How other modules find customers by what an agent types (a name, an email address, an external
 * id), inside their own statements. The expression is the one `customers_search_idx` indexes
 * (migration AgentQueue): change both together, or the search reads every customer.
 */
const CUSTOMER_SEARCH_TEXT = `to_tsvector('simple', coalesce(name, '') || ' ' || email || ' ' || external_id)`;

/** The ids of the customers whose name, email or external id match `query` (an SQL tsquery). */
export function customerIdsMatchingSql(query: string): string {
  return `(SELECT id FROM customers WHERE ${CUSTOMER_SEARCH_TEXT} @@ ${query})`;
}

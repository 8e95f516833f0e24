import type { EntityManager } from 'typeorm';
import { customerInScope } from '../../common/auth/team-scope';
import { searchQuery } from '../../common/search/search-query';
import { customerIdsMatchingSql } from './customer-search-sql';

/** A customer a search found: who they are and the key of their page. */
export interface CustomerMatch {
  externalId: string;
  name: string | null;
  email: string;
}

/**
 * Customers whose external id or email is `query` exactly, or whose name, email or external id
 * has every word typed as a prefix (the full-text index the queue's search uses): exact matches
 * first, then by name. Within the viewer's team `scope` (`teamScope`: an agent finds only the
 * customers they may open). Up to `limit`.
 */
export async function searchCustomers(
  manager: EntityManager,
  query: string,
  scope: string | null,
  limit: number,
): Promise<CustomerMatch[]> {
  const text = query.trim();
  if (text === '') return [];
  const words = searchQuery(text);
  return manager.query<CustomerMatch[]>(
    `SELECT c.external_id AS "externalId", c.name, c.email
     FROM customers c
     WHERE (c.external_id = $1 OR c.email = lower($1)
         OR ($2::text IS NOT NULL AND c.id IN ${customerIdsMatchingSql("to_tsquery('simple', $2)")}))
       AND ${customerInScope('$3', 'c.id')}
     ORDER BY (c.external_id = $1 OR c.email = lower($1)) DESC, c.name NULLS LAST, c.external_id
     LIMIT $4`,
    [text, words, scope, limit],
  );
}

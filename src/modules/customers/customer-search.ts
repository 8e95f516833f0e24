import type { EntityManager } from 'typeorm';
import { customerInScope } from '../../common/auth/team-scope';

/** A customer a search found: who they are and the key of their page. */
export interface CustomerMatch {
  externalId: string;
  name: string | null;
  email: string;
}

/** `%`, `_` and `\` taken literally in a LIKE pattern. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * Customers whose external id or email is `query` exactly, or whose name or email contains it
 * (any case): exact matches first, then by name. Within the viewer's team `scope` (`teamScope`:
 * an agent finds only the customers they may open). Up to `limit`.
 */
export async function searchCustomers(
  manager: EntityManager,
  query: string,
  scope: string | null,
  limit: number,
): Promise<CustomerMatch[]> {
  const text = query.trim();
  if (text === '') return [];
  return manager.query<CustomerMatch[]>(
    `SELECT c.external_id AS "externalId", c.name, c.email
     FROM customers c
     WHERE (c.external_id = $1 OR c.email = lower($1) OR c.name ILIKE $2 OR c.email ILIKE $2)
       AND ${customerInScope('$3', 'c.id')}
     ORDER BY (c.external_id = $1 OR c.email = lower($1)) DESC, c.name NULLS LAST, c.external_id
     LIMIT $4`,
    [text, `%${likeLiteral(text)}%`, scope, limit],
  );
}

import type { EntityManager } from 'typeorm';

/**
 * The rows of a `… RETURNING` statement. TypeORM answers INSERT with the rows but UPDATE and
 * DELETE with `[rows, affectedCount]` on PostgreSQL; this hides the difference.
 */
export async function returningRows<T>(
  manager: EntityManager,
  sql: string,
  parameters: unknown[],
): Promise<T[]> {
  const result = await manager.query<unknown[]>(sql, parameters);
  return (Array.isArray(result[0]) ? result[0] : result) as T[];
}

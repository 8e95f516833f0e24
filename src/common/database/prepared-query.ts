import type { PoolClient, QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Runs a named statement (pg's prepared statements) on a connection of the data source's pool:
 * each connection parses and plans it once and then reuses the plan, where `query()` would parse
 * and plan on every call. For hot paths with large statements (a survey answer is one statement of
 * many CTEs), outside any transaction.
 */
export async function preparedQuery<T extends QueryResultRow>(
  dataSource: DataSource,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const runner = dataSource.createQueryRunner();
  try {
    // A query runner's connection is pg's own client, which takes a named statement.
    const client = (await runner.connect()) as PoolClient;
    return (await client.query<T>({ name, text, values })).rows;
  } finally {
    await runner.release();
  }
}

/**
 * The same, read-only and without parallel workers: for a statement whose rows PostgreSQL cannot
 * count ahead (a text search: it guesses many and starts two workers), where starting them takes
 * longer on two busy cores than the work (8–50 ms against 0.1–1 ms). `name` null: not prepared.
 */
export async function serialQuery<T extends QueryResultRow>(
  dataSource: DataSource,
  name: string | null,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const runner = dataSource.createQueryRunner();
  try {
    const client = (await runner.connect()) as PoolClient;
    await client.query('BEGIN READ ONLY; SET LOCAL max_parallel_workers_per_gather = 0');
    try {
      const { rows } = await client.query<T>(name ? { name, text, values } : { text, values });
      await client.query('COMMIT');
      return rows;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  } finally {
    await runner.release();
  }
}

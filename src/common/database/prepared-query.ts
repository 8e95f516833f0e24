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

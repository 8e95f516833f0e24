import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { isUniqueViolation } from '../../../common/database/postgres-errors';
import { returningRows } from '../../../common/database/returning-rows';
import { rootCauseExists, rootCauseNotFound } from '../cases.errors';
import { RootCauseDto } from '../dto/root-cause.dto';

export { RootCauseDto };

const DEFAULT_ROOT_CAUSES: [string, string][] = [
  ['delivery', 'Delivery'],
  ['product_quality', 'Product quality'],
  ['billing', 'Billing'],
  ['staff', 'Staff'],
  ['communication', 'Communication'],
  ['other', 'Other'],
];

/** The root-cause taxonomy: the usual six to begin with, then the managers'. */
@Injectable()
export class RootCausesService implements OnApplicationBootstrap {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO root_causes (key, label)
       SELECT * FROM unnest($1::text[], $2::text[])
       WHERE NOT EXISTS (SELECT 1 FROM root_causes)
       ON CONFLICT DO NOTHING`,
      [DEFAULT_ROOT_CAUSES.map(([key]) => key), DEFAULT_ROOT_CAUSES.map(([, label]) => label)],
    );
  }

  async list(options: { includeRetired: boolean }): Promise<RootCauseDto[]> {
    const rows = await this.dataSource.query<{ key: string; label: string; retired: boolean }[]>(
      `SELECT key, label, retired_at IS NOT NULL AS retired FROM root_causes
       WHERE $1 OR retired_at IS NULL ORDER BY label`,
      [options.includeRetired],
    );
    return rows;
  }

  /** Whether a case may be resolved with this key now (in the taxonomy, not retired). */
  async usable(key: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      'SELECT 1 FROM root_causes WHERE key = $1 AND retired_at IS NULL',
      [key],
    );
    return rows.length > 0;
  }

  async add(cause: { key: string; label: string }): Promise<RootCauseDto> {
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.query('INSERT INTO root_causes (key, label) VALUES ($1, $2)', [
          cause.key,
          cause.label,
        ]);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw rootCauseExists(cause.key);
      }
      throw error;
    }
    return { ...cause, retired: false };
  }

  /** Renames, retires (no longer offered when resolving) or brings back a root cause. */
  async change(key: string, change: { label?: string; retired?: boolean }): Promise<RootCauseDto> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = await returningRows<RootCauseDto>(
        manager,
        `UPDATE root_causes SET label = COALESCE($2, label),
           retired_at = CASE WHEN $3::boolean IS NULL THEN retired_at
                             WHEN $3 THEN COALESCE(retired_at, now()) ELSE NULL END
         WHERE key = $1
         RETURNING key, label, retired_at IS NOT NULL AS retired`,
        [key, change.label ?? null, change.retired ?? null],
      );
      if (!row) {
        throw rootCauseNotFound(key);
      }
      return row;
    });
  }
}

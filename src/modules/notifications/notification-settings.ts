import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { NOTIFICATION_KINDS, type NotificationKind } from './notification-kinds';

/** Each switch's column (code constants, safe in SQL): the kind's own name. */
const COLUMNS: readonly string[] = NOTIFICATION_KINDS;

/** Which kinds a person is told about: each on unless they switched it off. */
export type NotificationSwitches = Record<NotificationKind, boolean>;

/** "My settings": each person's switches, one row per person who changed any. */
@Injectable()
export class NotificationSettings {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async of(userId: string): Promise<NotificationSwitches> {
    const [row] = await this.dataSource.query<NotificationSwitches[]>(
      `SELECT ${COLUMNS.join(', ')} FROM notification_settings WHERE user_id = $1`,
      [userId],
    );
    return row ?? allOn();
  }

  /** Every switch; those a page did not show are kept as they were (`shown`). */
  async save(
    userId: string,
    switches: NotificationSwitches,
    shown: readonly NotificationKind[] = NOTIFICATION_KINDS,
  ): Promise<void> {
    const kept = { ...(await this.of(userId)) };
    for (const kind of shown) kept[kind] = switches[kind];
    await this.dataSource.query(
      `INSERT INTO notification_settings (user_id, ${COLUMNS.join(', ')})
       VALUES ($1, ${COLUMNS.map((_, i) => `$${i + 2}`).join(', ')})
       ON CONFLICT (user_id) DO UPDATE SET
         ${COLUMNS.map((column) => `${column} = EXCLUDED.${column}`).join(', ')}, updated_at = now()`,
      [userId, ...NOTIFICATION_KINDS.map((kind) => kept[kind])],
    );
  }
}

function allOn(): NotificationSwitches {
  return Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, true])) as NotificationSwitches;
}

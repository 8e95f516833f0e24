import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { NOTIFICATION_KINDS, type NotificationKind } from './notification-kinds';

/** Which kinds a person is told about: each on unless they switched it off. */
export type NotificationSwitches = Record<NotificationKind, boolean>;

/** "My settings": each person's switches, one row per person who changed any. */
@Injectable()
export class NotificationSettings {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async of(userId: string): Promise<NotificationSwitches> {
    const [row] = await this.dataSource.query<NotificationSwitches[]>(
      `SELECT case_assigned, customer_replied, unassigned_digest
       FROM notification_settings WHERE user_id = $1`,
      [userId],
    );
    return row ?? allOn();
  }

  async save(userId: string, switches: NotificationSwitches): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO notification_settings (user_id, case_assigned, customer_replied, unassigned_digest)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id) DO UPDATE SET case_assigned = EXCLUDED.case_assigned,
         customer_replied = EXCLUDED.customer_replied,
         unassigned_digest = EXCLUDED.unassigned_digest, updated_at = now()`,
      [userId, switches.case_assigned, switches.customer_replied, switches.unassigned_digest],
    );
  }
}

function allOn(): NotificationSwitches {
  return Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, true])) as NotificationSwitches;
}

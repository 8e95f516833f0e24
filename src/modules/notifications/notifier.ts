import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Outbox } from '../email/outbox';
import { SWITCH_OF, type NotificationKind, type ToldKind } from './notification-kinds';

/** One thing to tell one person, once (`dedupeKey`), at the console and by email. */
export interface NewNotification {
  userId: string;
  /** Their address, for the email. */
  recipient: string;
  kind: ToldKind;
  dedupeKey: string;
  caseId?: string | null;
  actorId?: string | null;
  /** A digest's count of waiting cases. */
  waiting?: number | null;
  /** What a manager's digest or alert tells (`notifications.detail`): figures and ids only. */
  detail?: Record<string, unknown> | null;
}

/** Each switch's column in `notification_settings` (code constants, safe in SQL). */
export const SETTING_COLUMNS: Record<NotificationKind, string> = {
  case_assigned: 'case_assigned',
  customer_replied: 'customer_replied',
  unassigned_digest: 'unassigned_digest',
  weekly_digest: 'weekly_digest',
  kpi_alerts: 'kpi_alerts',
  topic_alerts: 'topic_alerts',
  webhook_disabled: 'webhook_disabled',
};

/**
 * Writes a notification and queues its email, in the caller's transaction: the notification's
 * unique `dedupe_key` lets one of any number of deliveries or runs through, so each person gets
 * one badge and one email per assignment, reply or digest day. Nothing when they switched the
 * kind off in My settings.
 */
@Injectable()
export class Notifier {
  constructor(private readonly outbox: Outbox) {}

  /** Whether this notification was new (and its email queued). */
  async notify(manager: EntityManager, notice: NewNotification): Promise<boolean> {
    const column = SETTING_COLUMNS[SWITCH_OF[notice.kind]];
    const [row] = await manager.query<{ id: string }[]>(
      `INSERT INTO notifications (id, user_id, kind, case_id, actor_id, waiting, dedupe_key, detail)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8
       WHERE NOT EXISTS (
         SELECT 1 FROM notification_settings s WHERE s.user_id = $2 AND NOT s.${column}
       )
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [
        randomUUID(),
        notice.userId,
        notice.kind,
        notice.caseId ?? null,
        notice.actorId ?? null,
        notice.waiting ?? null,
        notice.dedupeKey,
        notice.detail ? JSON.stringify(notice.detail) : null,
      ],
    );
    if (!row) return false;
    const emailId = await this.outbox.queueEmail(manager, {
      kind: SWITCH_OF[notice.kind],
      recipient: notice.recipient,
    });
    await manager.query(`UPDATE notifications SET email_id = $2 WHERE id = $1`, [row.id, emailId]);
    return true;
  }
}

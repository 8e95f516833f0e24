import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  decodeCursor,
  isPgTimestamptz,
  DEFAULT_PAGE_SIZE,
  type Page,
  pageOf,
  type PageQuery,
} from '../../common/pagination/page-query';
import { validationError } from '../../common/validation/validation-error';
import { AuditEventDto } from './dto/audit-event.dto';

/** Where a request came from, for the audit trail. */
export interface RequestOrigin {
  ip: string | null;
}

export { AuditEventDto };

interface AuditRow {
  id: string;
  at: Date;
  actor_user_id: string | null;
  actor_api_key_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  customer_id: string | null;
  ip: string | null;
}

export interface AuditFilter extends PageQuery {
  actor?: string;
  customer?: string;
  subjectType?: string;
  subjectId?: string;
}

export interface AuditEntry {
  actorUserId: string | null;
  /** When an integration (API key) acted rather than a person. */
  actorApiKeyId?: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  customerId?: string | null;
  origin?: RequestOrigin;
}

/**
 * Writes the audit trail. A view is recorded before its data is returned, so there is no view
 * of identified data without its row; a change is recorded in the change's own transaction.
 */
@Injectable()
export class AuditLog {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(entry: AuditEntry, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `INSERT INTO audit_events
         (actor_user_id, actor_api_key_id, action, subject_type, subject_id, customer_id, ip)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        entry.actorUserId,
        entry.actorApiKeyId ?? null,
        entry.action,
        entry.subjectType,
        entry.subjectId,
        entry.customerId ?? null,
        entry.origin?.ip ?? null,
      ],
    );
  }

  /** The trail, newest first by time, filtered by who acted, whose data, or what about. */
  async list(filter: AuditFilter): Promise<Page<AuditEventDto>> {
    const limit = filter.limit ?? DEFAULT_PAGE_SIZE;
    // By time, then id: `at` is when the change's transaction began, so ids alone can disagree.
    const [beforeAt, beforeId] = filter.cursor ? decodeCursor(filter.cursor, 2) : [null, null];
    if (beforeAt !== null && (!/^\d{1,18}$/.test(beforeId ?? '') || !isPgTimestamptz(beforeAt))) {
      throw validationError([
        { field: 'cursor', message: 'must be a nextCursor this API returned' },
      ]);
    }
    const rows = await this.dataSource.query<(AuditRow & { cursor_at: string })[]>(
      `SELECT id::text, at, actor_user_id, actor_api_key_id, action, subject_type, subject_id,
         customer_id, ip, at::text AS cursor_at
       FROM audit_events
       WHERE ($1::uuid IS NULL OR actor_user_id = $1)
         AND ($2::uuid IS NULL OR customer_id = $2)
         AND ($3::text IS NULL OR subject_type = $3)
         AND ($4::text IS NULL OR subject_id = $4)
         AND ($5::timestamptz IS NULL OR (at, id) < ($5::timestamptz, $7::bigint))
       ORDER BY at DESC, id DESC LIMIT $6`,
      [
        filter.actor ?? null,
        filter.customer ?? null,
        filter.subjectType ?? null,
        filter.subjectId ?? null,
        beforeAt,
        limit + 1,
        beforeId,
      ],
    );
    return pageOf(
      rows,
      limit,
      (row) => ({
        id: row.id,
        at: row.at.toISOString(),
        actorUserId: row.actor_user_id,
        actorApiKeyId: row.actor_api_key_id,
        action: row.action,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        customerId: row.customer_id,
        ip: row.ip,
      }),
      (row) => [row.cursor_at, row.id],
    );
  }
}

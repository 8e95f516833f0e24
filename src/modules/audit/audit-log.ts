import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** Where a request came from, for the audit trail. */
export interface RequestOrigin {
  ip: string | null;
}

export interface AuditEntry {
  actorUserId: string | null;
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
      `INSERT INTO audit_events (actor_user_id, action, subject_type, subject_id, customer_id, ip)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        entry.actorUserId,
        entry.action,
        entry.subjectType,
        entry.subjectId,
        entry.customerId ?? null,
        entry.origin?.ip ?? null,
      ],
    );
  }
}

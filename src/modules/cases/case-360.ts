import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { caseInScope } from '../../common/auth/team-scope';
import { CUSTOMER_360_HISTORY_LIMIT, Customer360 } from '../customers/customer-360';

/** The customer 360's cases, newest first: only those the viewer may open. */
@Injectable()
export class Cases360 implements OnModuleInit {
  constructor(
    private readonly customer360: Customer360,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.customer360.addSection('cases', async (customerId, scope) => {
      const rows = await this.dataSource.query<
        { id: string; status: string; created_at: Date; resolved_at: Date | null }[]
      >(
        `SELECT id, status, created_at, resolved_at FROM follow_up_cases
         WHERE customer_id = $1 AND ${caseInScope('$2')}
         ORDER BY created_at DESC LIMIT ${CUSTOMER_360_HISTORY_LIMIT}`,
        [customerId, scope],
      );
      return rows.map((row) => ({
        id: row.id,
        status: row.status,
        openedAt: row.created_at.toISOString(),
        resolvedAt: row.resolved_at?.toISOString() ?? null,
      }));
    });
  }
}

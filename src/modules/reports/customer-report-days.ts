import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PersonalData, PersonalDataRegistry } from '../../common/privacy/personal-data';
import { ReportRollups } from './report-rollups';

/**
 * The rollups count a customer's identified answers as identified, and their cases. When those
 * answers become anonymous (a withdrawn consent, an erasure) or the cases go, the days they fall on
 * are rebuilt by the rollups' next run. Read before any row changes; the rollups hold nothing
 * about the person themselves.
 */
@Injectable()
export class CustomerReportDays implements PersonalData, OnModuleInit {
  readonly tables = [];
  readonly erasureStep = 'read';

  constructor(
    private readonly registry: PersonalDataRegistry,
    private readonly rollups: ReportRollups,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  erase(manager: EntityManager, customerId: string): Promise<void> {
    return this.markStale(manager, customerId);
  }

  /** Marks the days of the customer's identified answers and of their cases to be rebuilt. */
  async markStale(manager: EntityManager, customerId: string): Promise<void> {
    const days = await manager.query<{ day: string }[]>(
      `SELECT (created_at AT TIME ZONE 'UTC')::date::text AS day
         FROM follow_up_cases WHERE customer_id = $1
       UNION
       SELECT (submitted_at AT TIME ZONE 'UTC')::date::text FROM responses WHERE customer_id = $1`,
      [customerId],
    );
    await this.rollups.markStale(
      manager,
      days.map((row) => row.day),
    );
  }
}

import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PersonalData, PersonalDataRegistry } from '../../common/privacy/personal-data';
import { ReportRollups } from './report-rollups';

/**
 * The rollups counted an erased customer's answers as identified, and their cases: the days they
 * fall on are rebuilt by the rollups' next run (the answers then count as anonymous). Read before
 * any row goes; the rollups hold nothing about the person themselves.
 */
@Injectable()
export class ReportErasures implements PersonalData, OnModuleInit {
  readonly tables = [];
  readonly erasureStep = 'read';

  constructor(
    private readonly registry: PersonalDataRegistry,
    private readonly rollups: ReportRollups,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async erase(manager: EntityManager, customerId: string): Promise<void> {
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

import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CUSTOMER_360_HISTORY_LIMIT, Customer360 } from '../customers/customer-360';
import { joinSurveyVersionOf } from '../surveys/survey-sql';
import { preferenceProfilesOf } from './preference-profiles';

/** The customer 360's preferences (per context) and identified answers (newest first). */
@Injectable()
export class Responses360 implements OnModuleInit {
  constructor(
    private readonly customer360: Customer360,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.customer360.addSection('preferences', (customerId) =>
      preferenceProfilesOf(this.dataSource.manager, customerId),
    );
    this.customer360.addSection('responses', (customerId) => this.responses(customerId));
  }

  private async responses(customerId: string) {
    const rows = await this.dataSource.query<
      { id: string; survey: string; score: number; comment: string | null; submitted_at: Date }[]
    >(
      `SELECT r.id, s.key AS survey, r.score, r.comment, r.submitted_at
       FROM responses r ${joinSurveyVersionOf('r.survey_version_id', { version: 'v', survey: 's' })}
       WHERE r.customer_id = $1 ORDER BY r.submitted_at DESC LIMIT ${CUSTOMER_360_HISTORY_LIMIT}`,
      [customerId],
    );
    return rows.map((row) => ({
      id: row.id,
      survey: row.survey,
      score: row.score,
      comment: row.comment,
      at: row.submitted_at.toISOString(),
    }));
  }
}

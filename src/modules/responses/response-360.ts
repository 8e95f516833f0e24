import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CUSTOMER_360_HISTORY_LIMIT, Customer360 } from '../customers/customer-360';
import { joinSurveyVersionOf } from '../surveys/survey-sql';

/** The customer 360's preferences (per context) and identified answers (newest first). */
@Injectable()
export class Responses360 implements OnModuleInit {
  constructor(
    private readonly customer360: Customer360,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.customer360.addSection('preferences', (customerId) => this.preferences(customerId));
    this.customer360.addSection('responses', (customerId) => this.responses(customerId));
  }

  private async preferences(customerId: string) {
    const rows = await this.dataSource.query<
      {
        context: string;
        channel: string | null;
        contact_time: string | null;
        interests: string[];
        updated_at: Date;
      }[]
    >(
      `SELECT context, channel, contact_time, interests, updated_at FROM preference_profiles
       WHERE customer_id = $1 ORDER BY context`,
      [customerId],
    );
    return rows.map((row) => ({
      context: row.context,
      channel: row.channel,
      contactTime: row.contact_time,
      interests: row.interests,
      updatedAt: row.updated_at.toISOString(),
    }));
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

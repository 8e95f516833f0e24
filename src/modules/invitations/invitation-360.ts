import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CUSTOMER_360_HISTORY_LIMIT, Customer360 } from '../customers/customer-360';
import { joinSurveyVersionOf } from '../surveys/survey-sql';
import {
  type TouchpointColumns,
  touchpointColumnsSql,
  touchpointFields,
} from './invitation-touchpoint';

/** The customer 360's invitations: each survey they were asked, newest first. */
@Injectable()
export class Invitations360 implements OnModuleInit {
  constructor(
    private readonly customer360: Customer360,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.customer360.addSection('invitations', (customerId) => this.invitations(customerId));
  }

  private async invitations(customerId: string) {
    const rows = await this.dataSource.query<
      (TouchpointColumns & {
        id: string;
        survey: string;
        status: string;
        send_at: Date;
        sent_at: Date | null;
        answered_at: Date | null;
      })[]
    >(
      `SELECT i.id, s.key AS survey, i.status, ${touchpointColumnsSql('i')}, i.send_at, i.sent_at,
         i.answered_at
       FROM invitations i ${joinSurveyVersionOf('i.survey_version_id', { version: 'v', survey: 's' })}
       WHERE i.customer_id = $1 ORDER BY i.created_at DESC, i.id DESC
       LIMIT ${CUSTOMER_360_HISTORY_LIMIT}`,
      [customerId],
    );
    return rows.map((row) => ({
      id: row.id,
      survey: row.survey,
      status: row.status,
      touchpoint: touchpointFields(row),
      sendAt: row.send_at.toISOString(),
      sentAt: row.sent_at?.toISOString() ?? null,
      answeredAt: row.answered_at?.toISOString() ?? null,
    }));
  }
}

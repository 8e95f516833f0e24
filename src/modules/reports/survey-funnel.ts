import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { bind, type ReportScope, scopeValues, SURVEY, TOUCHPOINT_OF } from './report-sql';
import { FunnelDto, FunnelRowDto } from './dto/report-results.dto';

export { FunnelDto };

/**
 * The survey funnel, per survey: emails delivered, page opened by a person, consent chosen,
 * answered, for invitations sent in the period (answered whenever), so a manager sees where
 * customers drop off. The touchpoint filters apply (type, location, channel, staff); team and
 * agent do not (no case yet).
 */
@Injectable()
export class SurveyFunnel {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async of(scope: ReportScope): Promise<FunnelDto> {
    const rows = await this.dataSource.query<FunnelRowDto[]>(
      ...bind(
        `SELECT s.key AS survey, s.name,
           count(*)::int AS sent,
           count(*) FILTER (WHERE i.status <> 'bounced')::int AS delivered,
           count(i.opened_at)::int AS opened,
           count(i.consent_chosen_at)::int AS "consentChosen",
           count(i.answered_at)::int AS answered
         FROM invitations i
           JOIN survey_versions v ON v.id = i.survey_version_id JOIN surveys s ON s.id = v.survey_id
         WHERE i.sent_at >= :from AND i.sent_at < :to AND ${SURVEY('i.survey_version_id')}
           AND ${TOUCHPOINT_OF('i')}
         GROUP BY s.key, s.name ORDER BY s.key`,
        scopeValues(scope),
      ),
    );
    return {
      period: { from: scope.from.toISOString(), to: scope.to.toISOString() },
      surveys: rows,
    };
  }
}

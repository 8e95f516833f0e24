import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { COMPANY_CONFIG, type CompanyConfig } from '../../config/config-sections';
import { format } from '../console/dashboard.views';
import { KPI_WORDS } from '../console/dashboard-words';
import { KPI_CATALOGUE } from '../reports/kpi-catalogue';
import type { KpiName } from '../reports/kpis';
import { ReportsService } from '../reports/reports.service';
import { type DigestHeadline, queueDigestHeadline } from '../webhooks/chat/chat-digest';
import { dashboardPath } from './kpi-alert-words';
import { type DigestWeek, weekWords } from './weekly-schedule';

/** The figures a chat is shown of the week: how many answered, how satisfied, the recovery. */
export const HEADLINE_KPIS: readonly KpiName[] = [
  'responses',
  'csatSatisfiedPct',
  'nps',
  'casesOpened',
  'recoveryRate',
];

/**
 * The company's weekly digest in a few lines, for the company's chats (Slack, Teams): the week,
 * its headline figures against the week before (as the digest email and the dashboard write
 * them), and the dashboard over the week. The webhooks' deliveries post it, retried and logged.
 */
@Injectable()
export class DigestHeadlines {
  constructor(
    private readonly reports: ReportsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(COMPANY_CONFIG) private readonly company: CompanyConfig,
  ) {}

  async of(week: DigestWeek): Promise<DigestHeadline> {
    const summary = await this.reports.summary({
      from: new Date(`${week.from}T00:00:00Z`),
      to: new Date(`${week.to}T00:00:00Z`),
      surveyId: null,
      surveyKey: null,
      teamId: null,
      agentId: null,
      touchpointType: null,
    });
    return {
      from: week.from,
      to: week.to,
      title: `${this.company.companyName}'s week, ${weekWords(week)}`,
      // A figure with nothing to show either week (an NPS without NPS surveys) is left out.
      figures: HEADLINE_KPIS.filter(
        (kpi) => summary.kpis[kpi] !== null || summary.previous[kpi] !== null,
      ).map((kpi) => ({
        name: KPI_WORDS.en[kpi],
        value: format(summary.kpis[kpi], KPI_CATALOGUE[kpi].unit),
        before: format(summary.previous[kpi], KPI_CATALOGUE[kpi].unit),
      })),
      dashboardPath: dashboardPath(week),
    };
  }

  /** Queues the week's headline to every enabled chat, once a week: how many chats. */
  async post(week: DigestWeek): Promise<number> {
    const headline = await this.of(week);
    return this.dataSource.transaction((manager) => queueDigestHeadline(manager, headline));
  }
}

import { CustomerReportDays } from './customer-report-days';
import { Module } from '@nestjs/common';
import { ReportExport } from './report-export';
import { ReportFacts } from './report-facts';
import { ReportRollups } from './report-rollups';
import { ReportsController } from './reports.controller';
import { KpiTargets } from './kpi-targets.service';
import { KpiTargetsController } from './kpi-targets.controller';
import { SurveyFunnel } from './survey-funnel';
import { ReportsService } from './reports.service';

/** KPIs, trends, root causes, preferences and the CSV export, read straight from the tables. */
@Module({
  controllers: [ReportsController, KpiTargetsController],
  providers: [
    ReportsService,
    ReportFacts,
    ReportExport,
    ReportRollups,
    CustomerReportDays,
    SurveyFunnel,
    KpiTargets,
  ],
  exports: [
    ReportsService,
    KpiTargets,
    ReportFacts,
    ReportRollups,
    CustomerReportDays,
    SurveyFunnel,
  ],
})
export class ReportsModule {}

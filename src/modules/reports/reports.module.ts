import { CustomerReportDays } from './customer-report-days';
import { Module } from '@nestjs/common';
import { ReportExport } from './report-export';
import { ReportFacts } from './report-facts';
import { ReportRollups } from './report-rollups';
import { ReportsController } from './reports.controller';
import { SurveyFunnel } from './survey-funnel';
import { ReportsService } from './reports.service';

/** KPIs, trends, root causes, preferences and the CSV export, read straight from the tables. */
@Module({
  controllers: [ReportsController],
  providers: [
    ReportsService,
    ReportFacts,
    ReportExport,
    ReportRollups,
    CustomerReportDays,
    SurveyFunnel,
  ],
  exports: [ReportsService, ReportFacts, ReportRollups, CustomerReportDays, SurveyFunnel],
})
export class ReportsModule {}

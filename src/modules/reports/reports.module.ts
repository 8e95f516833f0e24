import { CustomerReportDays } from './customer-report-days';
import { Module } from '@nestjs/common';
import { ReportExport } from './report-export';
import { ReportBreakdowns } from './report-breakdowns';
import { ReportBreakdownsController } from './report-breakdowns.controller';
import { ReportFacts } from './report-facts';
import { ReportRollups } from './report-rollups';
import { ReportsController } from './reports.controller';
import { KpiTargets } from './kpi-targets.service';
import { KpiTargetsController } from './kpi-targets.controller';
import { SurveyFunnel } from './survey-funnel';
import { NotableComments } from './notable-comments';
import { TopicMovements } from './topic-movements';
import { ReportsService } from './reports.service';
import { QuestionResults } from './question-results.service';
import { QuestionResultsController } from './question-results.controller';

/** KPIs, trends, root causes, preferences and the CSV export, read straight from the tables. */
@Module({
  controllers: [
    ReportsController,
    KpiTargetsController,
    QuestionResultsController,
    ReportBreakdownsController,
  ],
  providers: [
    ReportsService,
    ReportBreakdowns,
    QuestionResults,
    ReportFacts,
    ReportExport,
    ReportRollups,
    CustomerReportDays,
    SurveyFunnel,
    KpiTargets,
    NotableComments,
    TopicMovements,
  ],
  exports: [
    ReportsService,
    ReportBreakdowns,
    QuestionResults,
    KpiTargets,
    NotableComments,
    TopicMovements,
    ReportFacts,
    ReportRollups,
    CustomerReportDays,
    SurveyFunnel,
  ],
})
export class ReportsModule {}

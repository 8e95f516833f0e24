import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import { Documented } from '../../common/api-docs/documented.decorator';
import { Allow } from '../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../common/auth/current-principal.decorator';
import type { Principal } from '../../common/auth/principal';
import { AuditedView } from '../audit/audited-view.decorator';
import { ExportQueryDto, ReportFilterDto, TimeseriesQueryDto } from './dto/report-filter.dto';
import { ReportExport } from './report-export';
import {
  FunnelDto,
  PreferencesDto,
  RootCausesDto,
  SummaryDto,
  TimeseriesDto,
} from './dto/report-results.dto';
import { SurveyFunnel } from './survey-funnel';
import { defaultInterval, ReportsService } from './reports.service';

/** How fast and how well the loop closes (API.md "Reports"): managers, admins and integrations. */
@ApiTags('Reports')
@Allow('manager', 'admin', 'integration')
@Controller('api/v1/reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly exports: ReportExport,
    private readonly funnels: SurveyFunnel,
  ) {}

  /** The KPIs of the period, and of the same length of time just before it. */
  @Get('summary')
  @Documented('The KPIs of the period, beside the period before, with targets', {
    200: SummaryDto,
  })
  async summary(
    @Query() filter: ReportFilterDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SummaryDto> {
    return this.reports.summary(await this.reports.scope(filter, principal));
  }

  @Get('timeseries')
  @Documented('One KPI per day, week or month', { 200: TimeseriesDto })
  async timeseries(
    @Query() query: TimeseriesQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TimeseriesDto> {
    const scope = await this.reports.scope(query, principal);
    const interval = query.interval ?? defaultInterval(scope);
    return this.reports.timeseries(scope, query.metric ?? 'csatMean', interval);
  }

  @Get('root-causes')
  @Documented('Resolved cases by root cause, most frequent first (Pareto)', { 200: RootCausesDto })
  async rootCauses(
    @Query() filter: ReportFilterDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RootCausesDto> {
    return this.reports.rootCauses(await this.reports.scope(filter, principal));
  }

  /** Per survey: delivered, opened by a person, consent chosen, answered (where customers drop off). */
  @Get('funnel')
  @Documented('Per survey: sent, delivered, opened, consent chosen, answered', { 200: FunnelDto })
  async funnel(
    @Query() filter: ReportFilterDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<FunnelDto> {
    return this.funnels.of(await this.reports.scope(filter, principal));
  }

  @Get('preferences')
  @Documented("What customers' current preference profiles say", { 200: PreferencesDto })
  preferences(): Promise<PreferencesDto> {
    return this.reports.preferences();
  }

  /** Rows name customers (their external ids): an audited read. */
  @Get('export.csv')
  @Documented('Export the cases or answers of the period as CSV (an audited read)', {
    200: { file: 'text/csv', description: 'One row per case or answer, naming customers' },
  })
  @AuditedView('report.exported')
  async export(
    @Query() query: ExportQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StreamableFile> {
    const scope = await this.reports.scope(query, principal);
    const topic = await this.exports.checkTopic(query.topic);
    const rows = query.rows ?? 'cases';
    const day = scope.to.toISOString().slice(0, 10);
    return new StreamableFile(Readable.from(this.exports.csv(scope, rows, topic)), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="candor-${rows}-${day}.csv"`,
    });
  }
}

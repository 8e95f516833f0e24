import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Documented } from '../../common/api-docs/documented.decorator';
import { Allow } from '../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../common/auth/current-principal.decorator';
import type { Principal } from '../../common/auth/principal';
import { BreakdownQueryDto, LeaderboardQueryDto } from './dto/breakdown-query.dto';
import { BreakdownDto, LeaderboardDto } from './dto/breakdown-result.dto';
import { ReportBreakdowns } from './report-breakdowns';
import { ReportsService } from './reports.service';

/** Where it happened (API.md "Reports"): the KPIs per location, channel or staff; the leaderboard. */
@ApiTags('Reports')
@Allow('manager', 'admin', 'integration')
@Controller('api/v1/reports')
export class ReportBreakdownsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly breakdowns: ReportBreakdowns,
  ) {}

  @Get('breakdown')
  @Documented("The summary's KPIs per location, channel or member of staff, for the filters", {
    200: BreakdownDto,
  })
  async breakdown(
    @Query() query: BreakdownQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BreakdownDto> {
    return this.breakdowns.breakdown(await this.reports.scope(query, principal), query.by);
  }

  @Get('leaderboard')
  @Documented('Locations or members of staff ranked by CSAT, those with enough CSAT answers only', {
    200: LeaderboardDto,
  })
  async leaderboard(
    @Query() query: LeaderboardQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<LeaderboardDto> {
    const scope = await this.reports.scope(query, principal);
    return this.breakdowns.leaderboard(scope, query.by, query.minAnswers);
  }
}

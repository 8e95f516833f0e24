import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Documented } from '../../common/api-docs/documented.decorator';
import { Allow } from '../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../common/auth/current-principal.decorator';
import type { Principal } from '../../common/auth/principal';
import { QuestionResultsQueryDto } from './dto/question-results.dto';
import { QuestionResultsDto } from './dto/question-results-view.dto';
import { QuestionResults } from './question-results.service';
import { defaultInterval, ReportsService } from './reports.service';

/** What a survey's own questions found (API.md "Per-question results"). */
@ApiTags('Reports')
@Allow('manager', 'admin', 'integration')
@Controller('api/v1/reports')
export class QuestionResultsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly questions: QuestionResults,
  ) {}

  /** Each question's distribution over the period, and its trend. */
  @Get('questions')
  @Documented("What a survey's own questions found: each one's distribution and trend", {
    200: QuestionResultsDto,
  })
  async questionResults(
    @Query() query: QuestionResultsQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<QuestionResultsDto> {
    const scope = await this.reports.scope(query, principal);
    return this.questions.of(scope, query.interval ?? defaultInterval(scope));
  }
}

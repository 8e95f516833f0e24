import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../common/auth/current-principal.decorator';
import type { Principal } from '../../common/auth/principal';
import { QuestionResultsQueryDto } from './dto/question-results.dto';
import type { QuestionResultsDto } from './question-results';
import { QuestionResults } from './question-results.service';
import { defaultInterval, ReportsService } from './reports.service';

/** What a survey's own questions found (API.md "Per-question results"). */
@ApiTags('Reports')
@ApiBearerAuth()
@ApiCookieAuth()
@Allow('manager', 'admin', 'integration')
@Controller('api/v1/reports')
export class QuestionResultsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly questions: QuestionResults,
  ) {}

  /** Each question's distribution over the period, and its trend. */
  @Get('questions')
  async questionResults(
    @Query() query: QuestionResultsQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<QuestionResultsDto> {
    const scope = await this.reports.scope(query, principal);
    return this.questions.of(scope, query.interval ?? defaultInterval(scope));
  }
}

import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Documented } from '../../../common/api-docs/documented.decorator';
import { Allow } from '../../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../../common/auth/current-principal.decorator';
import type { Principal } from '../../../common/auth/principal';
import { AuditedView } from '../../audit/audited-view.decorator';
import { AnonymousAnswerPageDto, AnswerReadingDto, ExploredAnswerPageDto } from './explorer-dtos';
import { explorerFilterOf, ExplorerQueryDto } from './explorer-filter.dto';
import { periodOf } from './explorer-sql';
import { ResponseExplorer } from './response-explorer';

/**
 * The responses explorer's reads (API.md "Responses"): what the console's `/console/responses`
 * shows. Identified answers are for people (an agent's: their team's customers'); anonymous ones
 * for managers and admins, and only in groups of at least five.
 */
@ApiTags('Responses')
@Controller('api/v1/responses')
export class ResponseExplorerController {
  constructor(private readonly explorer: ResponseExplorer) {}

  /** Newest first. Every page names customers: an audited read. */
  @Get('identified')
  @Allow('admin', 'manager', 'agent')
  @AuditedView('responses.explored')
  @Documented("Explore identified answers, newest first (an agent's: their team's customers')", {
    200: ExploredAnswerPageDto,
  })
  identified(
    @CurrentPrincipal() viewer: Principal,
    @Query() query: ExplorerQueryDto,
  ): Promise<ExploredAnswerPageDto> {
    const filter = explorerFilterOf(query, periodOf(query.from, query.to));
    return this.explorer.identified(viewer, filter, query);
  }

  /** By month, newest first; nothing when fewer than five match. */
  @Get('anonymous')
  @Allow('admin', 'manager')
  @Documented('Explore anonymous answers by month, only where at least five match', {
    200: AnonymousAnswerPageDto,
  })
  anonymous(@Query() query: ExplorerQueryDto): Promise<AnonymousAnswerPageDto> {
    const filter = explorerFilterOf(query, periodOf(query.from, query.to));
    return this.explorer.anonymous(filter, query);
  }

  /** One identified answer, every question in words: an audited read. */
  @Get(':id')
  @Allow('admin', 'manager', 'agent')
  @AuditedView('response.viewed')
  @Documented(
    'Read one identified answer, every question in words (an audited read)',
    { 200: AnswerReadingDto },
    'not_found',
  )
  answer(
    @CurrentPrincipal() viewer: Principal,
    @Param('id') id: string,
  ): Promise<AnswerReadingDto> {
    return this.explorer.answer(viewer, id);
  }
}

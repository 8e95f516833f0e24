import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../common/auth/allow.decorator';
import { AuditedView } from '../audit/audited-view.decorator';
import { ResponseFilterDto } from './dto/response-filter.dto';
import { ResponseList, ResponsePageDto } from './response-list';

/** Identified answers for CRMs and managers (API.md "Responses"); agents work cases instead. */
@ApiTags('Responses')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('api/v1/responses')
export class ResponsesController {
  constructor(private readonly responses: ResponseList) {}

  /** Newest first. Every page names customers: an audited read. */
  @Get()
  @Allow('integration', 'admin', 'manager')
  @AuditedView('responses.listed')
  @ApiOkResponse({ type: ResponsePageDto })
  list(@Query() filter: ResponseFilterDto): Promise<ResponsePageDto> {
    return this.responses.list(filter);
  }
}

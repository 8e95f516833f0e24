import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Documented } from '../../common/api-docs/documented.decorator';
import { Allow } from '../../common/auth/allow.decorator';
import { AuditedView } from '../audit/audited-view.decorator';
import { ResponseFilterDto } from './dto/response-filter.dto';
import { ResponseList, ResponsePageDto } from './response-list';

/** Identified answers for CRMs and managers (API.md "Responses"); agents work cases instead. */
@ApiTags('Responses')
@Controller('api/v1/responses')
export class ResponsesController {
  constructor(private readonly responses: ResponseList) {}

  /** Newest first. Every page names customers: an audited read. */
  @Get()
  @Allow('integration', 'admin', 'manager')
  @AuditedView('responses.listed')
  @Documented('List identified answers, newest first (an audited read)', {
    200: ResponsePageDto,
  })
  list(@Query() filter: ResponseFilterDto): Promise<ResponsePageDto> {
    return this.responses.list(filter);
  }
}

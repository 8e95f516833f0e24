import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../common/auth/allow.decorator';
import type { Page } from '../../common/pagination/page-query';
import { type AuditEventDto, AuditLog } from './audit-log';
import { AuditFilterDto } from './dto/audit-filter.dto';

/** `GET /api/v1/audit-events`: the audit trail, newest first, for admins. */
@ApiTags('Audit')
@ApiBearerAuth()
@ApiCookieAuth()
@Allow('admin')
@Controller('api/v1/audit-events')
export class AuditEventsController {
  constructor(private readonly audit: AuditLog) {}

  @Get()
  list(@Query() filter: AuditFilterDto): Promise<Page<AuditEventDto>> {
    return this.audit.list(filter);
  }
}

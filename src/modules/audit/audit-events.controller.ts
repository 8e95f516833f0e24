import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Documented } from '../../common/api-docs/documented.decorator';
import { Allow } from '../../common/auth/allow.decorator';
import type { Page } from '../../common/pagination/page-query';
import { AuditLog } from './audit-log';
import { AuditEventDto } from './dto/audit-event.dto';
import { AuditFilterDto } from './dto/audit-filter.dto';

/** `GET /api/v1/audit-events`: the audit trail, newest first, for admins. */
@ApiTags('Audit')
@Allow('admin')
@Controller('api/v1/audit-events')
export class AuditEventsController {
  constructor(private readonly audit: AuditLog) {}

  @Get()
  @Documented('Read the audit trail, newest first', { 200: { page: AuditEventDto } })
  list(@Query() filter: AuditFilterDto): Promise<Page<AuditEventDto>> {
    return this.audit.list(filter);
  }
}

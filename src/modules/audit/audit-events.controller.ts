import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { Allow } from '../../common/auth/allow.decorator';
import { type Page, PageQuery } from '../../common/pagination/page-query';
import { type AuditEventDto, AuditLog } from './audit-log';

export class AuditFilterDto extends PageQuery {
  @ApiPropertyOptional({ description: 'A user id: what they viewed and changed' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a user id' })
  actor?: string;

  @ApiPropertyOptional({ description: 'A customer id: who viewed their identified data' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a customer id' })
  customer?: string;

  @ApiPropertyOptional({ example: 'cases' })
  @IsOptional()
  @IsString({ message: 'must be text' })
  @Length(1, 64, { message: 'must be 1 to 64 characters' })
  subjectType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'must be text' })
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  subjectId?: string;
}

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

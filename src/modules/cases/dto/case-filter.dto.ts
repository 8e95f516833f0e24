import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { PageQuery } from '../../../common/pagination/page-query';
import { CASE_STATUSES, type CaseStatus } from '../case-states';

export class CaseFilterDto extends PageQuery {
  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional()
  @IsIn(CASE_STATUSES, { message: `must be one of ${CASE_STATUSES.join(', ')}` })
  status?: CaseStatus;

  @ApiPropertyOptional({ description: '`me` or a user id' })
  @IsOptional()
  @Matches(/^(me|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/, {
    message: 'must be me or a user id',
  })
  assignee?: string;

  @ApiPropertyOptional({ description: 'A team id' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a team id' })
  team?: string;

  @ApiPropertyOptional({ description: 'Only cases past a deadline and not yet resolved' })
  @IsOptional()
  // Query strings are text: only the words true and false are booleans here.
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean({ message: 'must be true or false' })
  overdue?: boolean;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageQuery } from '../../../common/pagination/page-query';

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

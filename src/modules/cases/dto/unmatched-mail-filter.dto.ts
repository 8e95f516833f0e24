import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { PageQuery } from '../../../common/pagination/page-query';

export class UnmatchedMailFilterDto extends PageQuery {
  @ApiPropertyOptional({ description: 'An email address: only mail from it (by its hash)' })
  @IsOptional()
  @IsString({ message: 'must be an email address' })
  @Length(3, 320, { message: 'must be an email address' })
  sender?: string;
}

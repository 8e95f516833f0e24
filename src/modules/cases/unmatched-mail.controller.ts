import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { Allow } from '../../common/auth/allow.decorator';
import { type Page, PageQuery } from '../../common/pagination/page-query';
import { UnmatchedMail, type UnmatchedMailDto } from './unmatched-mail';

export class UnmatchedMailFilterDto extends PageQuery {
  @ApiPropertyOptional({ description: 'An email address: only mail from it (by its hash)' })
  @IsOptional()
  @IsString({ message: 'must be an email address' })
  @Length(3, 320, { message: 'must be an email address' })
  sender?: string;
}

/**
 * `GET /api/v1/inbound-mail/unmatched`: inbound email kept aside instead of joining a case (it
 * named no case, or answered one from an address not the customer's), newest first, for admins.
 */
@ApiTags('Follow-up cases')
@ApiBearerAuth()
@ApiCookieAuth()
@Allow('admin')
@Controller('api/v1/inbound-mail/unmatched')
export class UnmatchedMailController {
  constructor(private readonly unmatched: UnmatchedMail) {}

  @Get()
  list(@Query() filter: UnmatchedMailFilterDto): Promise<Page<UnmatchedMailDto>> {
    return this.unmatched.list(filter);
  }
}

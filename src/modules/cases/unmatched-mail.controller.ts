import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Documented } from '../../common/api-docs/documented.decorator';
import { Allow } from '../../common/auth/allow.decorator';
import type { Page } from '../../common/pagination/page-query';
import { UnmatchedMailFilterDto } from './dto/unmatched-mail-filter.dto';
import { UnmatchedMailDto } from './dto/unmatched-mail.dto';
import { UnmatchedMail } from './unmatched-mail';

/**
 * `GET /api/v1/inbound-mail/unmatched`: inbound email kept aside instead of joining a case (it
 * named no case, or answered one from an address not the customer's), newest first, for admins.
 */
@ApiTags('Follow-up cases')
@Allow('admin')
@Controller('api/v1/inbound-mail/unmatched')
export class UnmatchedMailController {
  constructor(private readonly unmatched: UnmatchedMail) {}

  @Get()
  @Documented('List the inbound email kept aside, newest first', {
    200: { page: UnmatchedMailDto },
  })
  list(@Query() filter: UnmatchedMailFilterDto): Promise<Page<UnmatchedMailDto>> {
    return this.unmatched.list(filter);
  }
}

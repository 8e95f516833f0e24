import { CurrentPrincipal } from '../../common/auth/current-principal.decorator';
import type { UserPrincipal } from '../../common/auth/principal';
import { withNav } from './console-nav';
import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow } from '../../common/auth/allow.decorator';
import { PageRenderer } from '../../common/templates/page-renderer';
import { sendPrivatePage } from '../../common/templates/private-page';
import { parsed } from '../../common/validation/parse-dto';
import { UnmatchedMailFilterDto } from '../cases/dto/unmatched-mail-filter.dto';
import { UnmatchedMail } from '../cases/unmatched-mail';
import { nextPageHref } from './next-page';
import { when } from './when';

const REASONS = {
  no_case: 'Named no case',
  sender_not_customer: "Answered a case email, not from the customer's address",
};

/**
 * `/console/admin/inbound-mail`: the inbound email kept aside instead of joining a case, as the
 * API lists it (`GET /api/v1/inbound-mail/unmatched`), newest first, for admins.
 */
@ApiExcludeController()
@Allow('admin')
@Controller('console/admin/inbound-mail')
export class UnmatchedMailPageController {
  constructor(
    private readonly unmatched: UnmatchedMail,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async show(
    @Query() query: Record<string, unknown>,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const filter = parsed(UnmatchedMailFilterDto, query);
    const page = await this.unmatched.list({ ...filter, limit: filter.limit ?? 100 });
    sendPrivatePage(
      reply,
      200,
      this.pages.render(
        'console-admin-inbound-mail',
        withNav(
          {
            mails: page.items.map((mail) => ({
              ...mail,
              receivedAt: when(mail.receivedAt, { seconds: true }),
              reason: REASONS[mail.reason],
            })),
            sender: filter.sender ?? '',
            next: nextPageHref('/console/admin/inbound-mail', query, page.nextCursor),
          },
          user,
          'admin',
        ),
      ),
    );
  }
}

import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow } from '../../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../../common/auth/current-principal.decorator';
import type { UserPrincipal } from '../../../common/auth/principal';
import { PageRenderer } from '../../../common/templates/page-renderer';
import { sendPrivatePage } from '../../../common/templates/private-page';
import { withNav } from '../console-nav';

/**
 * The admins' console: people and teams, API keys, surveys, case routing with the business
 * calendar, the root-cause taxonomy, and the audit trail, each area with its own controller.
 * Each form goes through the same service (and validation) as the API; a secret (a new person's
 * password, a new key) is shown once, on the page that answers the form, and never stored in
 * the clear.
 */
@ApiExcludeController()
@Allow('admin')
@Controller('console/admin')
export class AdminHomeController {
  constructor(private readonly pages: PageRenderer) {}

  @Get()
  index(@CurrentPrincipal() user: UserPrincipal, @Res() reply: FastifyReply): void {
    sendPrivatePage(
      reply,
      200,
      this.pages.render('console-admin', withNav({ csrfToken: user.csrfToken }, user, 'admin')),
    );
  }
}

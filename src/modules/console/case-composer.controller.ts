import { Body, Controller, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Allow } from '../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../common/auth/current-principal.decorator';
import type { UserPrincipal } from '../../common/auth/principal';
import { PageRenderer } from '../../common/templates/page-renderer';
import { sendPrivatePage } from '../../common/templates/private-page';
import { CasesService } from '../cases/cases.service';
import { RootCausesService } from '../cases/rules/root-causes.service';
import { UsersService } from '../users/users.service';
import { CaseComposer, type ComposerRequest } from './case-composer';
import { casePageView } from './case-pages.views';
import { withNav } from './console-nav';

/**
 * The composer's template picker, posted with the draft (no JavaScript needed): the case page
 * again, with the template previewed, put into an empty draft, or waiting for the agent to say
 * whether it replaces the one they typed. Nothing changes on the case.
 */
@ApiExcludeController()
@Allow('agent', 'manager', 'admin')
@Controller('console/cases')
export class CaseComposerController {
  constructor(
    private readonly cases: CasesService,
    private readonly rootCauses: RootCausesService,
    private readonly pages: PageRenderer,
    private readonly composer: CaseComposer,
    private readonly users: UsersService,
  ) {}

  /** A static segment: it wins over the case page's `POST :id/:action`. */
  @Post(':id/template')
  async chooseTemplate(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @Body() form: Record<string, unknown> | undefined,
    @CurrentPrincipal() user: UserPrincipal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const chosen: ComposerRequest = {
      template: form?.template,
      step: typeof form?.step === 'string' ? form.step : 'use',
      draft: { subject: form?.subject, body: form?.body },
    };
    // As the case page renders itself (CasePagesController.render), with the composer's answer.
    const detail = await this.cases.get(user, id, { ip: request.ip });
    const [rootCauses, colleagues, composer] = await Promise.all([
      this.rootCauses.list({ includeRetired: false }),
      this.users.caseOwners(detail.teamId),
      this.composer.view(detail, user, chosen),
    ]);
    const options = { rootCauses, colleagues, composer, now: new Date() };
    const view = casePageView(user, detail, options, {});
    sendPrivatePage(reply, 200, this.pages.render('console-case', withNav(view, user, 'queue')));
  }
}

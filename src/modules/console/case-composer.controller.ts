import { Body, Controller, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Allow } from '../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../common/auth/current-principal.decorator';
import type { UserPrincipal } from '../../common/auth/principal';
import type { ComposerRequest } from './case-composer';
import { CasePage } from './case-page';

/**
 * The composer's template picker, posted with the draft (no JavaScript needed): the case page
 * again, with the template previewed, put into an empty draft, or waiting for the agent to say
 * whether it replaces the one they typed. Nothing changes on the case.
 */
@ApiExcludeController()
@Allow('agent', 'manager', 'admin')
@Controller('console/cases')
export class CaseComposerController {
  constructor(private readonly page: CasePage) {}

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
    await this.page.send(reply, 200, user, id, request, chosen);
  }
}

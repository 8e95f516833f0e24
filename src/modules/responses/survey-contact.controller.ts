import { Controller, Param, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Allow } from '../../common/auth/allow.decorator';
import { linkPath } from '../../common/links/survey-links';
import { LinkLookupLimit } from '../../common/rate-limit/failed-link-lookups';
import { redirectPrivately } from '../../common/templates/private-page';
import { ConsentService } from '../consent/consent.service';
import { IdentifiedSurveyFlow } from './identified-survey-flow';
import { ResponsesService } from './responses.service';
import { SurveyFlowPages } from './survey-flow-pages';

/**
 * `POST /s/{token}/contact`: after an anonymous, unhappy answer, "contact me about this after all"
 * (a new consent), offered on the survey's thank-you page. The survey's other pages are its flow's
 * (`IdentifiedSurveyFlow`).
 */
@ApiExcludeController()
@Allow('public')
@Controller()
@UseInterceptors(LinkLookupLimit)
export class SurveyContactController {
  constructor(
    private readonly flow: IdentifiedSurveyFlow,
    private readonly pages: SurveyFlowPages,
    private readonly responses: ResponsesService,
    private readonly consent: ConsentService,
  ) {}

  @Post(linkPath('survey', ':token', 'contact'))
  async requestContact(
    @Param('token') token: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const link = await this.flow.find(token);
    if (link.state === 'open') return redirectPrivately(reply, linkPath('survey', token));
    if (link.state !== 'answered') return this.pages.closed(this.flow, reply, link, false);
    if (await this.pages.overLimit(this.flow, reply, token, link, false)) return;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const text =
      typeof body.consentText === 'string'
        ? this.consent.acceptableText(body.consentText, 'future_contact')
        : null;
    if (body.contactConsent !== 'yes' || !text) {
      // Nothing ticked (or a stale text): show the offer again.
      redirectPrivately(reply, `${linkPath('survey', token, 'thanks')}?offer=contact`);
      return;
    }
    const { invitation, customer } = link.target;
    if (!(await this.responses.identifiedResponse(invitation.id))) {
      await this.responses.requestContact(invitation, customer, text.id);
    }
    redirectPrivately(reply, linkPath('survey', token, 'thanks'));
  }
}

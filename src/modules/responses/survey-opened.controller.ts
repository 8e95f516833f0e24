import { Controller, Get, Param, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import type { DataSource } from 'typeorm';
import { Allow } from '../../common/auth/allow.decorator';
import { linkPath } from '../../common/links/survey-links';
import { FailedLinkLookups, LinkLookupLimit } from '../../common/rate-limit/failed-link-lookups';
import { recordFunnelStep } from '../invitations/invitation-funnel';
import { ResponsesService } from './responses.service';

/** Empty styles: what matters is that a browser showing the page asked for them. */
const NOTHING = '/* Candor: the survey page was opened. */\n';

/**
 * `GET /s/{token}/opened.css`: the survey page's stylesheet of its own, which a browser showing
 * the page loads and a link scanner fetching the HTML does not. Its first load is the funnel's
 * "opened by a person". Unknown links are a 404 (429 past the guessing limit) like the page's own.
 */
@ApiExcludeController()
@Allow('public')
@Controller()
@UseInterceptors(LinkLookupLimit)
export class SurveyOpenedController {
  constructor(
    private readonly responses: ResponsesService,
    private readonly linkLookups: FailedLinkLookups,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get(linkPath('survey', ':token', 'opened.css'))
  async opened(@Param('token') token: string, @Res() reply: FastifyReply): Promise<void> {
    const link = await this.responses.findLink(token);
    // Counted like every unknown link, so it is no way round the guessing limit.
    if (link.state === 'missing') return this.linkLookups.sendUnknownLinkPage(reply);
    if (link.state === 'open') {
      await recordFunnelStep(this.dataSource.manager, link.invitation.id, 'opened');
    }
    void reply
      .status(200)
      .header('cache-control', 'no-store')
      .type('text/css; charset=utf-8')
      .send(NOTHING);
  }
}

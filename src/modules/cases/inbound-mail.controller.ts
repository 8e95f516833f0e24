import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Documented } from '../../common/api-docs/documented.decorator';
import { Allow } from '../../common/auth/allow.decorator';
import { INBOUND_MAIL_CONFIG, type InboundMailConfig } from '../../config/config-sections';
import { CaseReplies } from './case-replies';
import { InboundMailOutcomeDto } from './dto/inbound-mail.dto';
import { inboundMailNotAnEmail, inboundMailOff, inboundMailSecretRequired } from './cases.errors';

/**
 * `POST /api/v1/inbound-mail`: where an MTA or mail provider forwards replies to case emails, as
 * `message/rfc822` with `Authorization: Bearer <INBOUND_MAIL_SECRET>`. 202 whatever became of the
 * email (an unmatched one is kept aside for admins, not added to a case, and not retried); 404
 * while INBOUND_MAIL_SECRET is not set.
 */
@ApiTags('Follow-up cases')
@Allow('public') // the shared secret, not a session or API key, authenticates the forwarder
@Controller('api/v1/inbound-mail')
export class InboundMailController {
  constructor(
    private readonly replies: CaseReplies,
    @Inject(INBOUND_MAIL_CONFIG) private readonly config: InboundMailConfig,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiConsumes('message/rfc822')
  @ApiBody({ description: 'The whole email, as received', schema: { type: 'string' } })
  @Documented(
    {
      summary: 'Receive a reply to a case email (for the mail provider or MTA)',
      description:
        'Authenticated by `Authorization: Bearer <INBOUND_MAIL_SECRET>`, not by a session or API ' +
        'key; 404 while INBOUND_MAIL_SECRET is not set. 202 whatever became of the email.',
    },
    { 202: InboundMailOutcomeDto },
    'authentication_required',
    'not_found',
    'unsupported_media_type',
  )
  async receive(
    @Req() request: FastifyRequest,
    @Body() body: unknown,
  ): Promise<InboundMailOutcomeDto> {
    const secret = this.config.secret;
    if (!secret) {
      throw inboundMailOff();
    }
    if (!sameSecret(request.headers.authorization ?? '', `Bearer ${secret}`)) {
      throw inboundMailSecretRequired();
    }
    if (!Buffer.isBuffer(body) || body.length === 0) {
      throw inboundMailNotAnEmail();
    }
    return { outcome: await this.replies.receive(body) };
  }
}

/** Compares digests, so neither the length nor the content leaks through timing. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow } from '../../common/auth/allow.decorator';
import { PageRenderer } from '../../common/templates/page-renderer';
import { toMailListView, toMailMessageView } from './dev-mail.views';
import { MailCatcher } from './mail-catcher';
import type { CapturedMail } from './mail-catcher';
import { capturedMailNotFound } from './mail.errors';

/**
 * `/dev/mail`: what the in-process catcher received. Registered only when the catcher runs, which
 * is never in production (SMTP_URL is required there), hence public.
 */
@ApiExcludeController()
@Allow('public')
@Controller('dev/mail')
export class DevMailController {
  constructor(
    private readonly catcher: MailCatcher,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  list(@Res({ passthrough: true }) reply: FastifyReply): string {
    void reply.type('text/html; charset=utf-8');
    return this.pages.render('dev-mail', toMailListView(this.catcher.messages()));
  }

  @Get('messages')
  listJson(): CapturedMail[] {
    return this.catcher.messages();
  }

  @Get('messages/:id')
  oneJson(@Param('id') id: string): CapturedMail {
    return this.find(id);
  }

  @Get(':id')
  show(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): string {
    const mail = this.find(id);
    void reply.type('text/html; charset=utf-8');
    return this.pages.render('dev-mail-message', toMailMessageView(mail));
  }

  private find(id: string): CapturedMail {
    const mail = this.catcher.message(id);
    if (!mail) throw capturedMailNotFound();
    return mail;
  }
}

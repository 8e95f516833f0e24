import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { createTransport } from 'nodemailer';
import { validationError } from '../../common/validation/validation-error';
import { Allow } from '../../common/auth/allow.decorator';
import { PageRenderer } from '../../common/templates/page-renderer';
import { toMailListView, toMailMessageView } from './dev-mail.views';
import { MailCatcher } from './mail-catcher';
import type { CapturedMail } from './mail-catcher';
import { capturedMailNotFound, notReplyable } from './mail-transport.errors';

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

  /**
   * Replies as the recipient would from their mail client: over SMTP to the Reply-To, threaded
   * to the message, so the catcher delivers it like a mail server would (replies to case emails
   * reach the case).
   */
  @Post(':id/reply')
  async replyAsRecipient(
    @Param('id') id: string,
    @Body() form: Record<string, unknown> | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const mail = this.find(id);
    const text = typeof form?.body === 'string' ? form.body.trim() : '';
    if (!text) throw validationError([{ field: 'body', message: 'must not be empty' }]);
    const replyTo = mail.headers['reply-to'];
    if (!replyTo) throw notReplyable();
    const transport = createTransport({ url: this.catcher.url });
    try {
      await transport.sendMail({
        from: mail.envelope.to[0],
        to: replyTo,
        subject: /^re:/i.test(mail.subject) ? mail.subject : `Re: ${mail.subject}`,
        text: `${text}\n\n${quoted(mail)}`,
        inReplyTo: mail.messageId ?? undefined,
        references: [mail.headers.references, mail.messageId].filter((value): value is string =>
          Boolean(value),
        ),
      });
    } finally {
      transport.close();
    }
    void reply.redirect('/dev/mail', 303);
  }

  private find(id: string): CapturedMail {
    const mail = this.catcher.message(id);
    if (!mail) throw capturedMailNotFound();
    return mail;
  }
}

/** The original below the reply, the way mail clients quote it. */
function quoted(mail: CapturedMail): string {
  const lines = (mail.text ?? '').trimEnd().split('\n');
  return [
    `On ${mail.receivedAt}, ${mail.envelope.from} wrote:`,
    ...lines.map((l) => `> ${l}`),
  ].join('\n');
}

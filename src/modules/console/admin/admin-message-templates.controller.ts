import { Body, Controller, Get, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow } from '../../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../../common/auth/current-principal.decorator';
import type { UserPrincipal } from '../../../common/auth/principal';
import { ApiError } from '../../../common/errors/api-error';
import { redirectPrivately } from '../../../common/templates/private-page';
import { COMPANY_CONFIG, type CompanyConfig } from '../../../config/config-sections';
import {
  checkedTemplate,
  type MessageTemplateDto,
  type MessageTemplateInput,
  MessageTemplatesService,
} from '../../message-templates/message-templates.service';
import { type Form, submitted } from './admin-forms';
import { AdminPage, type Feedback } from './admin-page';
import { formView, listView, NEW_TEMPLATE, postedTemplate } from './admin-message-templates.views';

const BASE = '/console/admin/message-templates';

/** What a finished form says on the list it returns to (`?done=…`). */
const DONE: Record<string, string> = {
  saved: 'The template is saved: agents start from this version from now on.',
  retired: 'The template is retired: agents are no longer offered it.',
  restored: 'The template is back: agents are offered it again.',
};

/**
 * The message templates agents start an email from: list, add, edit (with a preview filled in
 * with sample data), retire and bring back. Every save is checked as a whole (each language's
 * subject and message, known placeholders, whole braces); a refused one writes nothing and
 * shows the form again with its sentence. Changes are audited as every admin form is.
 */
@ApiExcludeController()
@Allow('admin')
@Controller('console/admin/message-templates')
export class AdminMessageTemplatesController {
  constructor(
    private readonly page: AdminPage,
    private readonly templates: MessageTemplatesService,
    @Inject(COMPANY_CONFIG) private readonly company: CompanyConfig,
  ) {}

  @Get()
  async list(
    @CurrentPrincipal() user: UserPrincipal,
    @Query('done') done: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const templates = await this.templates.list({ includeRetired: true });
    const notice = typeof done === 'string' && Object.hasOwn(DONE, done) ? DONE[done] : null;
    this.page.send(reply, 200, 'console-admin-message-templates', {
      ...this.page.frame(user, { notice }),
      ...listView(templates),
    });
  }

  @Get('new')
  newTemplate(@CurrentPrincipal() user: UserPrincipal, @Res() reply: FastifyReply): void {
    this.form(reply, user, 200, null, NEW_TEMPLATE, false, {});
  }

  @Post()
  async create(
    @Body() form: Form | undefined,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const input = postedTemplate(form);
    await submitted(
      async () => {
        await this.templates.create(input);
        redirectPrivately(reply, `${BASE}?done=saved`);
      },
      (error) =>
        Promise.resolve(
          this.form(reply, user, error.status, null, input, false, { error: error.message }),
        ),
    );
  }

  /** The posted texts filled in with sample data; nothing is saved. */
  @Post('preview')
  previewNew(
    @Body() form: Form | undefined,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): void {
    this.preview(reply, user, null, postedTemplate(form));
  }

  @Get(':key')
  async edit(
    @Param('key') key: string,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const saved = await this.templates.get(key);
    this.form(reply, user, 200, saved, saved, true, {});
  }

  @Post(':key')
  async update(
    @Param('key') key: string,
    @Body() form: Form | undefined,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const saved = await this.templates.get(key);
    const input = postedTemplate(form);
    await submitted(
      async () => {
        await this.templates.update(key, input);
        redirectPrivately(reply, `${BASE}?done=saved`);
      },
      (error) =>
        Promise.resolve(
          this.form(reply, user, error.status, saved, input, false, { error: error.message }),
        ),
    );
  }

  @Post(':key/preview')
  async previewSaved(
    @Param('key') key: string,
    @Body() form: Form | undefined,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    this.preview(reply, user, await this.templates.get(key), postedTemplate(form));
  }

  @Post(':key/retire')
  async retire(@Param('key') key: string, @Res() reply: FastifyReply): Promise<void> {
    await this.templates.setRetired(key, true);
    redirectPrivately(reply, `${BASE}?done=retired`);
  }

  @Post(':key/restore')
  async restore(@Param('key') key: string, @Res() reply: FastifyReply): Promise<void> {
    await this.templates.setRetired(key, false);
    redirectPrivately(reply, `${BASE}?done=restored`);
  }

  /** The form with the preview, or with the sentence that says why there can be none. */
  private preview(
    reply: FastifyReply,
    user: UserPrincipal,
    saved: MessageTemplateDto | null,
    input: MessageTemplateInput,
  ): void {
    let checked: MessageTemplateInput;
    try {
      checked = checkedTemplate(input);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.form(reply, user, error.status, saved, input, false, { error: error.message });
      return;
    }
    this.form(reply, user, 200, saved, checked, true, {});
  }

  private form(
    reply: FastifyReply,
    user: UserPrincipal,
    status: number,
    saved: MessageTemplateDto | null,
    input: MessageTemplateInput,
    preview: boolean,
    feedback: Feedback,
  ): void {
    this.page.send(reply, status, 'console-admin-message-templates-edit', {
      ...this.page.frame(user, feedback),
      ...formView(
        saved,
        input,
        preview ? { admin: user, companyName: this.company.companyName } : null,
      ),
    });
  }
}

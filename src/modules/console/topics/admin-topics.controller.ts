import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow } from '../../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../../common/auth/current-principal.decorator';
import type { UserPrincipal } from '../../../common/auth/principal';
import { ApiError } from '../../../common/errors/api-error';
import { redirectPrivately } from '../../../common/templates/private-page';
import { TopicPreview, type TopicPreviewView } from '../../topics/topic-preview';
import { TopicRetag } from '../../topics/topic-retag';
import { type TopicInput, TopicsService, type TopicView } from '../../topics/topics.service';
import { type Form, submitted } from '../admin/admin-forms';
import { AdminPage, type Feedback } from '../admin/admin-page';
import { CONSOLE_LOCALE } from '../case-words';
import { TOPIC_DONE_WORDS } from './topic-words';
import {
  NEW_TOPIC,
  postedTopic,
  retagView,
  topicForm,
  topicRows,
  WORDS,
} from './topics-pages.views';

const BASE = '/console/admin/topics';
const TOPIC_ID = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

/**
 * Topics of comments for admins: the list with how far the tagging is, a form per topic (names
 * and rules per language) with a preview of what the rules match, delete, and a retag on demand.
 * A refused form writes nothing and shows again with its sentence. No JavaScript is needed.
 */
@ApiExcludeController()
@Allow('admin')
@Controller('console/admin/topics')
export class AdminTopicsController {
  constructor(
    private readonly page: AdminPage,
    private readonly topics: TopicsService,
    private readonly previews: TopicPreview,
    private readonly retag: TopicRetag,
  ) {}

  @Get()
  async list(
    @CurrentPrincipal() user: UserPrincipal,
    @Query('done') done: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const [topics, progress] = await Promise.all([this.topics.list(), this.retag.progress()]);
    const said = TOPIC_DONE_WORDS[CONSOLE_LOCALE];
    const notice =
      typeof done === 'string' && Object.hasOwn(said, done) ? said[done as 'saved'] : null;
    this.page.send(reply, 200, 'console-admin-topics', {
      ...this.page.frame(user, { notice }),
      words: WORDS,
      topics: topicRows(topics),
      retag: retagView(progress),
    });
  }

  @Get('new')
  newTopic(@CurrentPrincipal() user: UserPrincipal, @Res() reply: FastifyReply): void {
    this.form(reply, user, 200, null, NEW_TOPIC, null, {});
  }

  @Post()
  async create(
    @Body() form: Form | undefined,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const input = postedTopic(form);
    await submitted(
      async () => {
        await this.topics.create(input);
        redirectPrivately(reply, `${BASE}?done=saved`);
      },
      (error) =>
        Promise.resolve(
          this.form(reply, user, error.status, null, input, null, { error: error.message }),
        ),
    );
  }

  @Post('retag')
  async retagAll(@Res() reply: FastifyReply): Promise<void> {
    await this.topics.retagAll();
    redirectPrivately(reply, `${BASE}?done=retag`);
  }

  @Post('preview')
  async previewNew(
    @Body() form: Form | undefined,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.preview(reply, user, null, postedTopic(form));
  }

  @Get(':id')
  async edit(
    @Param('id', TOPIC_ID) id: string,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const saved = await this.topics.get(id);
    this.form(reply, user, 200, saved, saved, null, {});
  }

  @Post(':id')
  async update(
    @Param('id', TOPIC_ID) id: string,
    @Body() form: Form | undefined,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const saved = await this.topics.get(id);
    const input = postedTopic(form);
    await submitted(
      async () => {
        await this.topics.update(id, input);
        redirectPrivately(reply, `${BASE}?done=saved`);
      },
      (error) =>
        Promise.resolve(
          this.form(reply, user, error.status, saved, input, null, { error: error.message }),
        ),
    );
  }

  @Post(':id/preview')
  async previewSaved(
    @Param('id', TOPIC_ID) id: string,
    @Body() form: Form | undefined,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.preview(reply, user, await this.topics.get(id), postedTopic(form));
  }

  @Post(':id/delete')
  async remove(@Param('id', TOPIC_ID) id: string, @Res() reply: FastifyReply): Promise<void> {
    await this.topics.remove(id);
    redirectPrivately(reply, `${BASE}?done=deleted`);
  }

  /** The form with what its rules match, or with the sentence that says why they cannot. */
  private async preview(
    reply: FastifyReply,
    user: UserPrincipal,
    saved: TopicView | null,
    input: TopicInput,
  ): Promise<void> {
    let found: TopicPreviewView;
    try {
      found = await this.previews.preview(input.rules);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.form(reply, user, error.status, saved, input, null, { error: error.message });
      return;
    }
    this.form(reply, user, 200, saved, input, found, {});
  }

  private form(
    reply: FastifyReply,
    user: UserPrincipal,
    status: number,
    saved: TopicView | null,
    input: TopicInput,
    preview: TopicPreviewView | null,
    feedback: Feedback,
  ): void {
    this.page.send(reply, status, 'console-admin-topic', {
      ...this.page.frame(user, feedback),
      ...topicForm(saved, input, preview),
    });
  }
}

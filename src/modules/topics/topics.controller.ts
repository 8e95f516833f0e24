import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Documented } from '../../common/api-docs/documented.decorator';
import { Allow } from '../../common/auth/allow.decorator';
import { TopicDto, TopicPreviewDto } from './dto/topic.dto';
import { RetagProgress, TopicPreviewView, TopicView } from './dto/topic-views.dto';
import { TopicPreview } from './topic-preview';
import { TopicRetag } from './topic-retag';
import { TopicsService } from './topics.service';

const TOPIC_ID = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

/**
 * Topics of comments (API.md "Topics"): admins define them, managers read them. Every change of
 * rules re-tags every comment in the background (`retag-status` says how far it is).
 */
@ApiTags('Topics')
@Controller('api/v1/topics')
export class TopicsController {
  constructor(
    private readonly topics: TopicsService,
    private readonly previews: TopicPreview,
    private readonly retag: TopicRetag,
  ) {}

  @Get()
  @Allow('admin', 'manager')
  @Documented('List the topics, by English name', { 200: { items: TopicView } })
  async list(): Promise<{ items: TopicView[] }> {
    return { items: await this.topics.list() };
  }

  @Get('retag-status')
  @Allow('admin', 'manager')
  @Documented('How far re-tagging every comment is', { 200: RetagProgress })
  status(): Promise<RetagProgress> {
    return this.retag.progress();
  }

  /** Every comment tagged again (after answers were loaded behind the app's back). */
  @Post('retag')
  @Allow('admin')
  @HttpCode(202)
  @Documented('Tag every comment again, in the background', { 202: RetagProgress })
  async retagAll(): Promise<RetagProgress> {
    await this.topics.retagAll();
    return this.retag.progress();
  }

  @Post('preview')
  @Allow('admin', 'manager')
  @HttpCode(200)
  @Documented('Try rules on the last 90 days of comments, saving nothing', {
    200: TopicPreviewView,
  })
  preview(@Body() body: TopicPreviewDto): Promise<TopicPreviewView> {
    return this.previews.preview(body.rules);
  }

  @Get(':id')
  @Allow('admin', 'manager')
  @Documented('Read a topic', { 200: TopicView }, 'not_found')
  get(@Param('id', TOPIC_ID) id: string): Promise<TopicView> {
    return this.topics.get(id);
  }

  @Post()
  @Allow('admin')
  @Documented('Create a topic: every comment is tagged with it', { 201: TopicView }, 'conflict')
  create(@Body() body: TopicDto): Promise<TopicView> {
    return this.topics.create(body);
  }

  @Put(':id')
  @Allow('admin')
  @Documented(
    'Replace a topic: a change of rules or `active` re-tags every comment',
    { 200: TopicView },
    'not_found',
    'conflict',
  )
  update(@Param('id', TOPIC_ID) id: string, @Body() body: TopicDto): Promise<TopicView> {
    return this.topics.update(id, body);
  }

  @Delete(':id')
  @Allow('admin')
  @HttpCode(204)
  @Documented('Delete a topic and its tags', { 204: null }, 'not_found')
  async remove(@Param('id', TOPIC_ID) id: string): Promise<void> {
    await this.topics.remove(id);
  }
}

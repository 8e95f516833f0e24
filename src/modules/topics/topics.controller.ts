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
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../common/auth/allow.decorator';
import { TopicDto, TopicPreviewDto } from './dto/topic.dto';
import { TopicPreview, type TopicPreviewView } from './topic-preview';
import { type RetagProgress, TopicRetag } from './topic-retag';
import { TopicsService, type TopicView } from './topics.service';

const TOPIC_ID = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

/**
 * Topics of comments (API.md "Topics"): admins define them, managers read them. Every change of
 * rules re-tags every comment in the background (`retag-status` says how far it is).
 */
@ApiTags('Topics')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('api/v1/topics')
export class TopicsController {
  constructor(
    private readonly topics: TopicsService,
    private readonly previews: TopicPreview,
    private readonly retag: TopicRetag,
  ) {}

  @Get()
  @Allow('admin', 'manager')
  async list(): Promise<{ items: TopicView[] }> {
    return { items: await this.topics.list() };
  }

  @Get('retag-status')
  @Allow('admin', 'manager')
  status(): Promise<RetagProgress> {
    return this.retag.progress();
  }

  /** Every comment tagged again (after answers were loaded behind the app's back). */
  @Post('retag')
  @Allow('admin')
  @HttpCode(202)
  async retagAll(): Promise<RetagProgress> {
    await this.topics.retagAll();
    return this.retag.progress();
  }

  @Post('preview')
  @Allow('admin', 'manager')
  @HttpCode(200)
  preview(@Body() body: TopicPreviewDto): Promise<TopicPreviewView> {
    return this.previews.preview(body.rules);
  }

  @Get(':id')
  @Allow('admin', 'manager')
  get(@Param('id', TOPIC_ID) id: string): Promise<TopicView> {
    return this.topics.get(id);
  }

  @Post()
  @Allow('admin')
  create(@Body() body: TopicDto): Promise<TopicView> {
    return this.topics.create(body);
  }

  @Put(':id')
  @Allow('admin')
  update(@Param('id', TOPIC_ID) id: string, @Body() body: TopicDto): Promise<TopicView> {
    return this.topics.update(id, body);
  }

  @Delete(':id')
  @Allow('admin')
  @HttpCode(204)
  async remove(@Param('id', TOPIC_ID) id: string): Promise<void> {
    await this.topics.remove(id);
  }
}

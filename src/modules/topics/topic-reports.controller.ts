import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../common/auth/allow.decorator';
import { PhrasesQueryDto, TopicReportQueryDto } from './dto/topic.dto';
import { CommentPhrases, type PhrasesView } from './comment-phrases';
import { TopicPeriods } from './topic-period';
import { TopicReport, type TopicReportView } from './topic-report';

/** What comments are about, for whoever reads the reports (API.md "Reports"). */
@ApiTags('Reports')
@ApiBearerAuth()
@ApiCookieAuth()
@Allow('manager', 'admin', 'integration')
@Controller('api/v1/reports')
export class TopicReportsController {
  constructor(
    private readonly periods: TopicPeriods,
    private readonly topics: TopicReport,
    private readonly phrases: CommentPhrases,
  ) {}

  @Get('topics')
  async topicReport(@Query() query: TopicReportQueryDto): Promise<TopicReportView> {
    return this.topics.of(await this.periods.of(query));
  }

  @Get('phrases')
  async phraseReport(@Query() query: PhrasesQueryDto): Promise<PhrasesView> {
    return this.phrases.of(await this.periods.of(query), query.locale ?? null);
  }
}

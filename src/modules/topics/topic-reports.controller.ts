import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Documented } from '../../common/api-docs/documented.decorator';
import { Allow } from '../../common/auth/allow.decorator';
import { PhrasesQueryDto, TopicReportQueryDto } from './dto/topic.dto';
import { CommentPhrases } from './comment-phrases';
import { PhrasesView, TopicReportView } from './dto/topic-views.dto';
import { TopicPeriods } from './topic-period';
import { TopicReport } from './topic-report';

/** What comments are about, for whoever reads the reports (API.md "Reports"). */
@ApiTags('Reports')
@Allow('manager', 'admin', 'integration')
@Controller('api/v1/reports')
export class TopicReportsController {
  constructor(
    private readonly periods: TopicPeriods,
    private readonly topics: TopicReport,
    private readonly phrases: CommentPhrases,
  ) {}

  @Get('topics')
  @Documented('Comments per topic in the period, beside the period before', {
    200: TopicReportView,
  })
  async topicReport(@Query() query: TopicReportQueryDto): Promise<TopicReportView> {
    return this.topics.of(await this.periods.of(query));
  }

  @Get('phrases')
  @Documented("The period's frequent phrases, with their answers' mean scores", {
    200: PhrasesView,
  })
  async phraseReport(@Query() query: PhrasesQueryDto): Promise<PhrasesView> {
    return this.phrases.of(await this.periods.of(query), query.locale ?? null);
  }
}

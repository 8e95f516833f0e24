import { Module } from '@nestjs/common';
import { SurveysModule } from '../surveys/surveys.module';
import { CommentPhrases } from './comment-phrases';
import { CommentTagging } from './comment-tagging';
import { TopicPeriods } from './topic-period';
import { TopicPersonalData } from './topic-personal-data';
import { TopicPreview } from './topic-preview';
import { TopicReport } from './topic-report';
import { TopicReportsController } from './topic-reports.controller';
import { TopicRetag } from './topic-retag';
import { TopicsController } from './topics.controller';
import { TopicsService } from './topics.service';

/**
 * Topics of comments: admins' rules per language, every comment tagged when written and again
 * when rules change (a job with progress), topic and frequent-phrase reports. It reads the
 * answers' comments through the responses module's SQL (`comment-sql.ts`) and hears of new
 * answers by `response.received`: the responses module does not know it.
 */
@Module({
  imports: [SurveysModule],
  controllers: [TopicsController, TopicReportsController],
  providers: [
    TopicsService,
    TopicPreview,
    TopicRetag,
    CommentTagging,
    TopicPeriods,
    TopicReport,
    CommentPhrases,
    TopicPersonalData,
  ],
  exports: [TopicsService, TopicReport, CommentPhrases, TopicPeriods, TopicRetag, TopicPreview],
})
export class TopicsModule {}

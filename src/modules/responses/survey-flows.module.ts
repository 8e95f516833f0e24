import { Module } from '@nestjs/common';
import { RateLimitModule } from '../../common/rate-limit/rate-limit.module';
import { FollowUpPromises } from './follow-up-promises';
import { SurveyFlowPages } from './survey-flow-pages';

/**
 * The pages every survey flow shares (`SurveyFlowPages`), for the modules that register a flow's
 * page controller (`surveyFlowPageController`): responses (the survey), cases (the recovery);
 * and the follow-up promise the cases module tells the survey's thank-you.
 */
@Module({
  imports: [RateLimitModule],
  providers: [SurveyFlowPages, FollowUpPromises],
  exports: [SurveyFlowPages, FollowUpPromises],
})
export class SurveyFlowsModule {}

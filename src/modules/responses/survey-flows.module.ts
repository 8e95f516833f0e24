import { Module } from '@nestjs/common';
import { RateLimitModule } from '../../common/rate-limit/rate-limit.module';
import { SurveyFlowPages } from './survey-flow-pages';

/**
 * The pages every survey flow shares (`SurveyFlowPages`), for the modules that register a flow's
 * page controller (`surveyFlowPageController`): responses (the survey), cases (the recovery).
 */
@Module({
  imports: [RateLimitModule],
  providers: [SurveyFlowPages],
  exports: [SurveyFlowPages],
})
export class SurveyFlowsModule {}

import { Module } from '@nestjs/common';
import { RateLimiter } from '../../common/rate-limit/rate-limiter';
import { EmailModule } from '../email/email.module';
import { AnonymousResponseRelease } from './anonymous-response-release';
import { ResponseMail } from './response-mail';
import { ResponsesService } from './responses.service';
import { SurveyPageController } from './survey-page.controller';

/** The customer's side of the loop: survey pages, answers, consent given there, preferences. */
@Module({
  imports: [EmailModule],
  controllers: [SurveyPageController],
  providers: [ResponsesService, ResponseMail, AnonymousResponseRelease, RateLimiter],
  exports: [ResponsesService, AnonymousResponseRelease],
})
export class ResponsesModule {}

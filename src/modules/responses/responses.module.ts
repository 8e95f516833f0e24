import { ResponsePersonalData } from './response-personal-data';
import { Module } from '@nestjs/common';
import { RateLimitModule } from '../../common/rate-limit/rate-limit.module';
import { EmailModule } from '../email/email.module';
import { AnonymousResponseRelease } from './anonymous-response-release';
import { ResponseMail } from './response-mail';
import { ResponsesService } from './responses.service';
import { SurveyPageController } from './survey-page.controller';

/** The customer's side of the loop: survey pages, answers, consent given there, preferences. */
@Module({
  imports: [EmailModule, RateLimitModule],
  controllers: [SurveyPageController],
  providers: [ResponsesService, ResponseMail, AnonymousResponseRelease, ResponsePersonalData],
  exports: [ResponsesService, AnonymousResponseRelease, ResponsePersonalData],
})
export class ResponsesModule {}

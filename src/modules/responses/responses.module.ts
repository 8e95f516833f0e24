import { ResponsePersonalData } from './response-personal-data';
import { Module } from '@nestjs/common';
import { RateLimitModule } from '../../common/rate-limit/rate-limit.module';
import { CustomersModule } from '../customers/customers.module';
import { EmailModule } from '../email/email.module';
import { AnonymousResponseRelease } from './anonymous-response-release';
import { ResponseList } from './response-list';
import { ResponseExplorer } from './explorer/response-explorer';
import { ResponseExplorerController } from './explorer/response-explorer.controller';
import { ResponseMail } from './response-mail';
import { Responses360 } from './response-360';
import { ResponsesController } from './responses.controller';
import { ResponsesService } from './responses.service';
import { IdentifiedSurveyFlow } from './identified-survey-flow';
import { SurveyContactController } from './survey-contact.controller';
import { SurveyOpenedController } from './survey-opened.controller';
import { surveyFlowPageController } from './survey-flow-page.controller';
import { SurveyFlowsModule } from './survey-flows.module';

/**
 * The customer's side of the loop: survey pages, answers, consent given there, preferences; and
 * the identified answers' list for CRMs and managers; the responses explorer's reads.
 */
@Module({
  imports: [EmailModule, RateLimitModule, SurveyFlowsModule, CustomersModule],
  controllers: [
    surveyFlowPageController({ page: 'survey', flow: IdentifiedSurveyFlow }),
    SurveyContactController,
    SurveyOpenedController,
    ResponsesController,
    ResponseExplorerController,
  ],
  providers: [
    ResponsesService,
    ResponseMail,
    AnonymousResponseRelease,
    ResponsePersonalData,
    IdentifiedSurveyFlow,
    Responses360,
    ResponseList,
    ResponseExplorer,
  ],
  exports: [ResponsesService, AnonymousResponseRelease, ResponsePersonalData, ResponseExplorer],
})
export class ResponsesModule {}

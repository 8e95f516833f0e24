import { CasePersonalData } from './case-personal-data';
import { RateLimitModule } from '../../common/rate-limit/rate-limit.module';
import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module';
import { EmailModule } from '../email/email.module';
import { SuppressionsModule } from '../suppressions/suppressions.module';
import { Cases360 } from './case-360';
import { CaseMessages } from './case-messages';
import { CaseOpening } from './case-opening';
import { CaseQueue } from './case-queue';
import { CaseDetails } from './case-detail';
import { CaseReads } from './case-reads';
import { CaseReplies } from './case-replies';
import { CaseTransitions } from './case-transitions';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';
import { InboundMailController } from './inbound-mail.controller';
import { CaseEscalations } from './escalation/case-escalations';
import { CaseRecoveries } from './recovery/case-recoveries';
import { RecoveryEndings } from './recovery/recovery-endings';
import { CaseRulesController } from './rules/case-rules.controller';
import { CaseSettingsService } from './rules/case-settings.service';
import { RootCausesService } from './rules/root-causes.service';
import { surveyFlowPageController } from '../responses/survey-flow-page.controller';
import { SurveyFlowsModule } from '../responses/survey-flows.module';
import { CustomerCases } from './customer-cases';
import { PreferredContactTimes } from './preferred-contact-times';
import { RecoveryFlow } from './recovery/recovery-flow';
import { UnmatchedMailController } from './unmatched-mail.controller';
import { UnmatchedMail } from './unmatched-mail';

/**
 * Follow-up cases: opened from unhappy identified answers and contact requests, worked by agents,
 * with an email dialogue whose replies come back into the case.
 */
@Module({
  imports: [EmailModule, SuppressionsModule, CustomersModule, RateLimitModule, SurveyFlowsModule],
  controllers: [
    CasesController,
    CaseRulesController,
    InboundMailController,
    UnmatchedMailController,
    surveyFlowPageController({ page: 'recovery', flow: RecoveryFlow }),
  ],
  providers: [
    CasesService,
    CaseReads,
    CaseQueue,
    CaseDetails,
    CaseTransitions,
    CaseOpening,
    CaseMessages,
    CaseReplies,
    UnmatchedMail,
    CaseRecoveries,
    RecoveryEndings,
    CaseEscalations,
    CaseSettingsService,
    RootCausesService,
    CasePersonalData,
    RecoveryFlow,
    Cases360,
    PreferredContactTimes,
    CustomerCases,
  ],
  exports: [
    CasesService,
    CaseQueue,
    RootCausesService,
    CaseSettingsService,
    UnmatchedMail,
    CustomerCases,
  ],
})
export class CasesModule {}

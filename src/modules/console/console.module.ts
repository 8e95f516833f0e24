import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { CasesModule } from '../cases/cases.module';
import { CustomersModule } from '../customers/customers.module';
import { SurveysModule } from '../surveys/surveys.module';
import { ReportsModule } from '../reports/reports.module';
import { UsersModule } from '../users/users.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { MessageTemplatesModule } from '../message-templates/message-templates.module';
import { ResponsesModule } from '../responses/responses.module';
import { TopicsModule } from '../topics/topics.module';
import { EmailModule } from '../email/email.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { AdminApiKeysController } from './admin/admin-api-keys.controller';
import { AdminAuditController } from './admin/admin-audit.controller';
import { AdminCaseSettingsController } from './admin/admin-case-settings.controller';
import { AdminHomeController } from './admin/admin-home.controller';
import { AdminMessageTemplatesController } from './admin/admin-message-templates.controller';
import { AdminPage } from './admin/admin-page';
import { AdminRootCausesController } from './admin/admin-root-causes.controller';
import { AdminSurveysController } from './admin/admin-surveys.controller';
import { AdminSurveyBuilderController } from './admin/admin-survey-builder.controller';
import { SurveyBuilderPreview } from './admin/survey-builder-preview';
import { AdminUsersController } from './admin/admin-users.controller';
import { AdminWebhooksController } from './admin/admin-webhooks.controller';
import { CaseComposer } from './case-composer';
import { CasePage } from './case-page';
import { CaseComposerController } from './case-composer.controller';
import { CasePagesController } from './case-pages.controller';
import { ConsoleController } from './console.controller';
import { CustomerPageController } from './customer-page.controller';
import { CustomersSearchPageController } from './customers-search-page.controller';
import { NotificationsPageController } from './notifications-page.controller';
import { SettingsPageController } from './settings-page.controller';
import { DashboardPageController } from './dashboard-page.controller';
import { QuestionResultsPageController } from './question-results-page.controller';
import { LeaderboardPageController } from './leaderboard-page.controller';
import { DashboardTargetsPageController } from './dashboard-targets-page.controller';
import { QueuePagesController } from './queue-pages.controller';
import { UnmatchedMailPageController } from './unmatched-mail-page.controller';
import { ResponsesPageController } from './responses-page.controller';

@Module({
  imports: [
    AuthModule,
    UsersModule,
    CasesModule,
    ReportsModule,
    ApiKeysModule,
    SurveysModule,
    CustomersModule,
    NotificationsModule,
    MessageTemplatesModule,
    ResponsesModule,
    EmailModule,
    TopicsModule,
    WebhooksModule,
  ],
  controllers: [
    ConsoleController,
    QueuePagesController,
    CaseComposerController,
    CasePagesController,
    DashboardPageController,
    QuestionResultsPageController,
    LeaderboardPageController,
    DashboardTargetsPageController,
    AdminHomeController,
    AdminUsersController,
    AdminApiKeysController,
    AdminSurveysController,
    AdminSurveyBuilderController,
    AdminCaseSettingsController,
    AdminRootCausesController,
    AdminMessageTemplatesController,
    AdminWebhooksController,
    AdminAuditController,
    CustomersSearchPageController,
    CustomerPageController,
    NotificationsPageController,
    SettingsPageController,
    UnmatchedMailPageController,
    ResponsesPageController,
  ],
  providers: [AdminPage, CaseComposer, CasePage, SurveyBuilderPreview],
})
export class ConsoleModule {}

import { DynamicModule, Module } from '@nestjs/common';
import { EventsModule } from './common/events/events.module';
import { PersonalDataModule } from './common/privacy/personal-data.module';
import { LinksModule } from './common/links/links.module';
import { JobsModule } from './common/jobs/jobs.module';
import { TemplatesModule } from './common/templates/templates.module';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseAvailability } from './database/database-availability';
import { DatabaseModule } from './database/database.module';
import { ApiKeysModule } from './modules/api-keys/api-keys.module';
import { WebhooksModule } from './modules/webhooks/webhooks.module';
import { AuthModule } from './modules/auth/auth.module';
import { ConsoleModule } from './modules/console/console.module';
import { CustomersModule } from './modules/customers/customers.module';
import { HealthModule } from './modules/health/health.module';
import { LandingModule } from './modules/landing/landing.module';
import { MailTransportModule } from './modules/mail-transport/mail-transport.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { SurveysModule } from './modules/surveys/surveys.module';
import { InvitationsModule } from './modules/invitations/invitations.module';
import { ConsentModule } from './modules/consent/consent.module';
import { ResponsesModule } from './modules/responses/responses.module';
import { PrivacyModule } from './modules/privacy/privacy.module';
import { AuditModule } from './modules/audit/audit.module';
import { CasesModule } from './modules/cases/cases.module';
import { ReportsModule } from './modules/reports/reports.module';
import { UsersModule } from './modules/users/users.module';
import { TopicsModule } from './modules/topics/topics.module';
import { ConsoleTopicsModule } from './modules/console/topics/console-topics.module';
import { mailConfig } from './config/config-sections';

export interface AppRuntime {
  config: AppConfig;
  /** The resolved database: DATABASE_URL or the embedded server's. */
  databaseUrl: string;
}

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl }: AppRuntime): DynamicModule {
    const availability = new DatabaseAvailability(databaseUrl);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(availability, databaseUrl),
        JobsModule.forRoot({
          connectionString: databaseUrl,
          availability,
          runWorkers: config.runsWorkers,
          // Tests wait on jobs; production polls gently.
          pollingIntervalSeconds: config.nodeEnv === 'test' ? 0.5 : 2,
          maintenanceIntervalSeconds: config.jobs.maintenanceIntervalSeconds,
          maxRunSeconds: config.jobs.maxRunSeconds,
        }),
        MailTransportModule.forRoot(mailConfig(config)),
        TemplatesModule,
        EventsModule,
        PersonalDataModule,
        LinksModule,
        MetricsModule,
        AuditModule,
        HealthModule,
        UsersModule,
        ApiKeysModule,
        AuthModule,
        ConsoleModule,
        LandingModule,
        CustomersModule,
        SurveysModule,
        InvitationsModule,
        ConsentModule,
        ResponsesModule,
        PrivacyModule,
        CasesModule,
        ReportsModule,
        NotificationsModule,
        TopicsModule,
        ConsoleTopicsModule,
        WebhooksModule,
      ],
    };
  }
}

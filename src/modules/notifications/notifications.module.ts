import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CasesModule } from '../cases/cases.module';
import { EmailModule } from '../email/email.module';
import { ReportsModule } from '../reports/reports.module';
import { TopicsModule } from '../topics/topics.module';
import { UsersModule } from '../users/users.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { DigestHeadlines } from './digest-headline';
import { KpiAlerts } from './kpi-alerts';
import { TopicAlerts } from './topic-alerts';
import { ManagerMail } from './manager-mail';
import { WeeklyDigest } from './weekly-digest';
import { CaseNotices } from './case-notices';
import { NotificationBadgeInterceptor } from './notification-badge';
import { NotificationInbox } from './notification-inbox';
import { NotificationMail } from './notification-mail';
import { NotificationSettings } from './notification-settings';
import { Notifier } from './notifier';
import { UnassignedDigest } from './unassigned-digest';
import { WebhookNotices } from './webhook-notices';

/**
 * Telling people about their work: agents of a case assigned to them, their customer's reply, the
 * morning digest of unassigned cases; managers and admins of the weekly digest and of a KPI
 * crossing its target, a topic's spike; admins of a webhook endpoint disabled. By email and by the
 * console's badge, each switchable in My settings.
 */
@Module({
  imports: [EmailModule, UsersModule, CasesModule, ReportsModule, TopicsModule, WebhooksModule],
  providers: [
    Notifier,
    CaseNotices,
    UnassignedDigest,
    WeeklyDigest,
    DigestHeadlines,
    WebhookNotices,
    KpiAlerts,
    TopicAlerts,
    ManagerMail,
    NotificationMail,
    NotificationInbox,
    NotificationSettings,
    { provide: APP_INTERCEPTOR, useClass: NotificationBadgeInterceptor },
  ],
  exports: [NotificationInbox, NotificationSettings],
})
export class NotificationsModule {}

import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CasesModule } from '../cases/cases.module';
import { EmailModule } from '../email/email.module';
import { UsersModule } from '../users/users.module';
import { CaseNotices } from './case-notices';
import { NotificationBadgeInterceptor } from './notification-badge';
import { NotificationInbox } from './notification-inbox';
import { NotificationMail } from './notification-mail';
import { NotificationSettings } from './notification-settings';
import { Notifier } from './notifier';
import { UnassignedDigest } from './unassigned-digest';

/**
 * Telling agents about their work: a case assigned to them, their customer's reply, the morning
 * digest of unassigned cases; by email and by the console's badge, each switchable in My settings.
 */
@Module({
  imports: [EmailModule, UsersModule, CasesModule],
  providers: [
    Notifier,
    CaseNotices,
    UnassignedDigest,
    NotificationMail,
    NotificationInbox,
    NotificationSettings,
    { provide: APP_INTERCEPTOR, useClass: NotificationBadgeInterceptor },
  ],
  exports: [NotificationInbox, NotificationSettings],
})
export class NotificationsModule {}

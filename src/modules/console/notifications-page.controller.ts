import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, STAFF } from '../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../common/auth/current-principal.decorator';
import type { UserPrincipal } from '../../common/auth/principal';
import { PageRenderer } from '../../common/templates/page-renderer';
import { sendPrivatePage } from '../../common/templates/private-page';
import { noteSeen } from '../notifications/notification-badge';
import {
  type KpiAlertDetail,
  dashboardPath,
  kpiAlertSentence,
} from '../notifications/kpi-alert-words';
import {
  type TopicAlertDetail,
  topicAlertPath,
  topicAlertSentence,
} from '../notifications/topic-alerts';
import { NotificationInbox, type NotificationDto } from '../notifications/notification-inbox';
import {
  type WebhookDisabledDetail,
  webhookDisabledSentence,
  webhookEndpointPath,
} from '../notifications/webhook-notices';
import type { WeeklyDigestDetail } from '../notifications/weekly-digest';
import { weekWords } from '../notifications/weekly-schedule';
import { type WithNav, withNav } from './console-nav';
import { when } from './when';

/** `console-notifications.hbs`: what the person was told, newest first. */
export interface NotificationsPageView {
  title: string;
  notifications: {
    sentence: string;
    href: string;
    linkText: string;
    at: string;
    /** Not seen before this visit. */
    fresh: boolean;
  }[];
}

declare module '../../common/templates/page-contexts' {
  interface PageContexts {
    'console-notifications': WithNav<NotificationsPageView>;
  }
}

function sentence(item: NotificationDto): string {
  if (item.kind === 'weekly_digest') {
    const week = item.detail as unknown as WeeklyDigestDetail;
    return `Weekly digest of ${item.teamName ?? 'the company'}: ${weekWords(week)}.`;
  }
  if (item.kind === 'kpi_alert') {
    return kpiAlertSentence(item.detail as unknown as KpiAlertDetail, item.teamName);
  }
  if (item.kind === 'topic_alert')
    return topicAlertSentence(item.detail as unknown as TopicAlertDetail);
  if (item.kind === 'webhook_disabled') {
    return webhookDisabledSentence(item.detail as unknown as WebhookDisabledDetail);
  }
  if (item.kind === 'case_assigned') {
    return `${item.actorName ?? 'Someone'} assigned a case to you.`;
  }
  if (item.kind === 'customer_replied') return 'The customer of your case replied.';
  if (item.kind === 'case_reopened') return 'The customer says your case is not resolved.';
  const waiting = item.waiting ?? 0;
  return waiting === 1
    ? "Morning digest: one case waited unassigned in your team's queue."
    : `Morning digest: ${waiting} cases waited unassigned in your team's queue.`;
}

/** A manager's notice leads to the dashboard; a case's to the case, or the queue once it moved. */
function whereTo(item: NotificationDto, open: boolean): { href: string; linkText: string } {
  if (item.kind === 'topic_alert') {
    return {
      href: topicAlertPath(item.detail as unknown as TopicAlertDetail),
      linkText: 'Read the comments',
    };
  }
  if (item.kind === 'webhook_disabled') {
    return {
      href: webhookEndpointPath(item.detail as unknown as WebhookDisabledDetail),
      linkText: 'Open the endpoint',
    };
  }
  if (item.kind === 'weekly_digest' || item.kind === 'kpi_alert') {
    const told = item.detail as unknown as Parameters<typeof dashboardPath>[0];
    return { href: dashboardPath(told), linkText: 'Open the dashboard' };
  }
  return open
    ? { href: `/console/cases/${item.caseId}`, linkText: 'Open the case' }
    : { href: '/console/cases', linkText: 'Open the queue' };
}

/**
 * `/console/notifications`, behind the top bar's badge: the newest notifications, those not seen
 * before marked new; seeing them here marks them seen (the badge clears).
 */
@ApiExcludeController()
@Allow(...STAFF)
@Controller('console/notifications')
export class NotificationsPageController {
  constructor(
    private readonly inbox: NotificationInbox,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async show(@CurrentPrincipal() user: UserPrincipal, @Res() reply: FastifyReply): Promise<void> {
    const items = await this.inbox.list(user);
    const unseen = items.filter((item) => !item.seen).map((item) => item.id);
    await this.inbox.markSeen(user.userId, unseen);
    noteSeen(user, unseen.length);
    const view: NotificationsPageView = {
      title: 'Notifications',
      notifications: items.map((item) => {
        // A case moved to a team they do not see: said so, rather than a link to a 404.
        const open = item.caseId !== null && item.inQueue;
        return {
          sentence: item.inQueue
            ? sentence(item)
            : `${sentence(item)} That case is no longer in your queue: it moved to another team.`,
          ...whereTo(item, open),
          at: when(item.createdAt),
          fresh: !item.seen,
        };
      }),
    };
    sendPrivatePage(
      reply,
      200,
      this.pages.render('console-notifications', withNav(view, user, 'notifications')),
    );
  }
}

import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, STAFF } from '../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../common/auth/current-principal.decorator';
import type { UserPrincipal } from '../../common/auth/principal';
import { PageRenderer } from '../../common/templates/page-renderer';
import { redirectPrivately, sendPrivatePage } from '../../common/templates/private-page';
import {
  KINDS_OF_ROLE,
  NOTIFICATION_KINDS,
  NOTIFICATION_WORDS,
} from '../notifications/notification-kinds';
import {
  NotificationSettings,
  type NotificationSwitches,
} from '../notifications/notification-settings';
import { type WithNav, withNav } from './console-nav';

/** `console-settings.hbs`: "My settings", each notification a switch. */
export interface SettingsPageView {
  title: string;
  csrfToken: string;
  switches: { name: string; label: string; hint: string; on: boolean }[];
  /** What was done, after a save. */
  notice: string | null;
}

declare module '../../common/templates/page-contexts' {
  interface PageContexts {
    'console-settings': WithNav<SettingsPageView>;
  }
}

/**
 * `/console/settings`, "My settings": the signed-in person switches each notification (email
 * and badge) on or off. A plain form of checkboxes: an unticked box is off.
 */
@ApiExcludeController()
@Allow(...STAFF)
@Controller('console/settings')
export class SettingsPageController {
  constructor(
    private readonly settings: NotificationSettings,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async show(
    @CurrentPrincipal() user: UserPrincipal,
    @Query('saved') saved: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const switches = await this.settings.of(user.userId);
    const view: SettingsPageView = {
      title: 'My settings',
      csrfToken: user.csrfToken,
      switches: KINDS_OF_ROLE[user.role].map((kind) => ({
        name: kind,
        label: NOTIFICATION_WORDS[kind].setting,
        hint: NOTIFICATION_WORDS[kind].hint,
        on: switches[kind],
      })),
      notice: saved === '1' ? 'Your settings are saved.' : null,
    };
    sendPrivatePage(
      reply,
      200,
      this.pages.render('console-settings', withNav(view, user, 'settings')),
    );
  }

  @Post()
  async save(
    @CurrentPrincipal() user: UserPrincipal,
    @Body() form: Record<string, unknown> | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const switches = Object.fromEntries(
      NOTIFICATION_KINDS.map((kind) => [kind, form?.[kind] === 'on']),
    ) as NotificationSwitches;
    // Only the switches the page showed: the role's (an unticked box is off).
    await this.settings.save(user.userId, switches, KINDS_OF_ROLE[user.role]);
    redirectPrivately(reply, '/console/settings?saved=1');
  }
}

import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { UserPrincipal } from '../../../common/auth/principal';
import type { PageContexts, PageName } from '../../../common/templates/page-contexts';
import { PageRenderer } from '../../../common/templates/page-renderer';
import { sendPrivatePage } from '../../../common/templates/private-page';
import type { AdminFormFrame } from './admin-pages';
import { consoleNav, type ConsoleNavView } from '../console-nav';

/** What a form page says besides its content: the refusal of the form, or what was done. */
export interface Feedback {
  error?: string;
  notice?: string | null;
}

/** Admin form pages: each page's own view in the frame every one of them carries. */
@Injectable()
export class AdminPage {
  constructor(private readonly pages: PageRenderer) {}

  /** The CSRF token the page's forms post back, and the error or notice (null for none). */
  frame(user: UserPrincipal, feedback: Feedback): AdminFormFrame & { nav: ConsoleNavView } {
    return {
      nav: consoleNav(user, 'admin'),
      csrfToken: user.csrfToken,
      error: feedback.error ?? null,
      notice: feedback.notice ?? null,
    };
  }

  send<P extends PageName>(reply: FastifyReply, status: number, page: P, view: PageContexts[P]) {
    sendPrivatePage(reply, status, this.pages.render(page, view));
  }
}

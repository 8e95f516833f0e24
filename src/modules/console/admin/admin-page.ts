import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { UserPrincipal } from '../../../common/auth/principal';
import { PageRenderer } from '../../../common/templates/page-renderer';
import { sendPrivatePage } from '../../../common/templates/private-page';

/** What a form page says besides its content: the refusal of the form, or what was done. */
export interface Feedback {
  error?: string;
  notice?: string | null;
}

/**
 * Sends an admin form page: the page's own view, the CSRF token its forms post back, and the
 * error or notice (null when there is none, as the templates test for).
 */
@Injectable()
export class AdminPage {
  constructor(private readonly pages: PageRenderer) {}

  send(
    reply: FastifyReply,
    user: UserPrincipal,
    status: number,
    template: string,
    view: Record<string, unknown>,
    feedback: Feedback,
  ): void {
    sendPrivatePage(
      reply,
      status,
      this.pages.render(template, {
        csrfToken: user.csrfToken,
        ...view,
        error: feedback.error ?? null,
        notice: feedback.notice ?? null,
      }),
    );
  }
}

import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { UserPrincipal } from '../../common/auth/principal';
import { PageRenderer } from '../../common/templates/page-renderer';
import { sendPrivatePage } from '../../common/templates/private-page';
import { CasesService } from '../cases/cases.service';
import { RootCausesService } from '../cases/rules/root-causes.service';
import { UsersService } from '../users/users.service';
import { CaseComposer, type ComposerRequest } from './case-composer';
import { casePageView } from './case-pages.views';
import { withNav } from './console-nav';

/** What the case page says after a form: `?done=…`, a refusal, and what the composer was asked. */
export type CasePageFeedback = {
  done?: unknown;
  error?: string;
  /** A refused form (`notes`, `contacts`, `resolve`…) and what it posted, shown again in it. */
  refused?: { action: string; form: Record<string, unknown> };
} & ComposerRequest;

/**
 * The case workspace page, rendered the same way by every route that shows it: the case itself,
 * its forms' refusals (CasePagesController) and the composer's template steps
 * (CaseComposerController).
 */
@Injectable()
export class CasePage {
  constructor(
    private readonly cases: CasesService,
    private readonly rootCauses: RootCausesService,
    private readonly users: UsersService,
    private readonly composer: CaseComposer,
    private readonly pages: PageRenderer,
  ) {}

  async send(
    reply: FastifyReply,
    status: number,
    user: UserPrincipal,
    id: string,
    request: FastifyRequest,
    feedback: CasePageFeedback,
  ): Promise<void> {
    const detail = await this.cases.get(user, id, { ip: request.ip });
    const [rootCauses, colleagues, composer] = await Promise.all([
      // Retired causes too: a past resolution may name one.
      this.rootCauses.list({ includeRetired: true }),
      this.users.caseOwners(detail.teamId),
      this.composer.view(detail, user, feedback),
    ]);
    const view = casePageView(
      user,
      detail,
      { rootCauses, colleagues, composer, now: new Date() },
      feedback,
    );
    sendPrivatePage(reply, status, this.pages.render('console-case', withNav(view, user, 'queue')));
  }
}

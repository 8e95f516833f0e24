import { Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow } from '../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../common/auth/current-principal.decorator';
import type { UserPrincipal } from '../../common/auth/principal';
import { PageRenderer } from '../../common/templates/page-renderer';
import { redirectPrivately, sendPrivatePage } from '../../common/templates/private-page';
import { parsed } from '../../common/validation/parse-dto';
import { CasesService } from '../cases/cases.service';
import { CaseFilterDto } from '../cases/dto/case-filter.dto';
import { withNav } from './console-nav';
import { nextPageHref } from './next-page';
import { caseListView, queuePageView } from './queue-pages.views';

/** Enough of the queue for one screen; the API pages through the rest. */
const LIST_SIZE = 50;

/** The agents' queue: claim the next case, their cases, the team's, what is overdue or waiting. */
@ApiExcludeController()
@Allow('agent', 'manager', 'admin')
@Controller('console/cases')
export class QueuePagesController {
  constructor(
    private readonly cases: CasesService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async queue(
    @CurrentPrincipal() user: UserPrincipal,
    @Query('done') done: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const none = { items: [], nextCursor: null };
    const [mine, team, overdue, waiting] = await Promise.all([
      this.cases.list(user, { assignee: 'me', limit: LIST_SIZE }),
      user.teamId
        ? this.cases.list(user, { team: user.teamId, outcome: 'unresolved', limit: LIST_SIZE })
        : none,
      this.cases.list(user, { overdue: true, limit: LIST_SIZE }),
      this.cases.list(user, { status: 'open', limit: LIST_SIZE }),
    ]);
    const view = queuePageView(user, done, {
      mine: mine.items,
      team: team.items,
      overdue: overdue.items,
      waiting: waiting.items,
    });
    sendPrivatePage(reply, 200, this.pages.render('console-queue', withNav(view, user, 'queue')));
  }

  /**
   * Cases by any filter of the API's list: where the dashboard's figures lead (the period's late
   * first contacts, a team's cases, the overdue ones), a page at a time.
   */
  @Get('list')
  async list(
    @Query() query: Record<string, unknown>,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const filter = parsed(CaseFilterDto, query);
    const page = await this.cases.list(user, { ...filter, limit: filter.limit ?? LIST_SIZE });
    const next = nextPageHref('/console/cases/list', query, page.nextCursor);
    sendPrivatePage(
      reply,
      200,
      this.pages.render(
        'console-case-list',
        withNav(caseListView(filter, page.items, next), user, 'queue'),
      ),
    );
  }

  @Post('claim-next')
  async claimNext(
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const claimed = await this.cases.claimNext(user);
    redirectPrivately(
      reply,
      claimed ? `/console/cases/${claimed.id}?done=claimed` : '/console/cases?done=none',
    );
  }
}

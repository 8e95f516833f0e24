import { Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow } from '../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../common/auth/current-principal.decorator';
import type { UserPrincipal } from '../../common/auth/principal';
import { PRIVATE_PAGE_HEADERS } from '../../common/templates/private-page';
import { PageRenderer } from '../../common/templates/page-renderer';
import { redirectPrivately, sendPrivatePage } from '../../common/templates/private-page';
import { parsed } from '../../common/validation/parse-dto';
import { CaseQueue, type QueueQuery } from '../cases/case-queue';
import { defaultQueueSort, type QueueView } from '../cases/case-queue-sql';
import { CasesService } from '../cases/cases.service';
import { SurveysService } from '../surveys/surveys.service';
import { UsersService } from '../users/users.service';
import { CaseFilterDto } from '../cases/dto/case-filter.dto';
import { CaseQueueQueryDto } from '../cases/dto/case-queue.dto';
import { withNav } from './console-nav';
import { nextPageHref } from './next-page';
import { QueueChoiceLists } from './queue-choices';
import {
  caseListView,
  chosenView,
  queueFormView,
  queueLiveView,
  QUEUE_PAGE_SIZE,
  queuePageView,
} from './queue-pages.views';

/**
 * The agents' queue (`/console/cases`): views of the cases in their scope with a count each,
 * search, filters, sort and keyset pages; the live part refreshes itself (`/console/cases/live`,
 * polled by htmx; 204 while nothing changed) and the page works the same without JavaScript.
 */
@ApiExcludeController()
@Allow('agent', 'manager', 'admin')
@Controller('console/cases')
export class QueuePagesController {
  constructor(
    private readonly cases: CasesService,
    private readonly queue: CaseQueue,
    private readonly pages: PageRenderer,
    users: UsersService,
    surveys: SurveysService,
  ) {
    this.choices = new QueueChoiceLists(users, surveys);
  }

  private readonly choices: QueueChoiceLists;

  @Get()
  async page(
    @CurrentPrincipal() user: UserPrincipal,
    @Query() raw: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const [live, choices] = await Promise.all([this.live(user, raw), this.choices.for(user)]);
    const form = queueFormView(user, live.query, choices);
    const view = queuePageView(user, raw.done, form, live.view);
    sendPrivatePage(reply, 200, this.pages.render('console-queue', withNav(view, user, 'queue')));
  }

  /** The live part alone, for the page's refresh: 204 when it shows what the page already has. */
  @Get('live')
  async refresh(
    @CurrentPrincipal() user: UserPrincipal,
    @Query() raw: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const live = await this.live(user, raw);
    if (raw.since === live.fingerprint) {
      void reply.status(204).headers(PRIVATE_PAGE_HEADERS).send();
      return;
    }
    sendPrivatePage(reply, 200, this.pages.render('console-queue-live', live.view));
  }

  /**
   * Cases by any filter of the API's list: where the dashboard's figures lead (the period's late
   * first contacts, a team's cases, the overdue ones), newest first, a page at a time.
   */
  @Get('list')
  async list(
    @Query() raw: Record<string, unknown>,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const filter = parsed(CaseFilterDto, raw);
    const query: QueueQuery = {
      ...filter,
      view: 'all',
      sort: 'newest',
      limit: filter.limit ?? QUEUE_PAGE_SIZE,
    };
    const page = await this.queue.page(user, query);
    const next = nextPageHref('/console/cases/list', raw, page.nextCursor);
    const view = caseListView(query, page, next, new Date());
    sendPrivatePage(
      reply,
      200,
      this.pages.render('console-case-list', withNav(view, user, 'queue')),
    );
  }

  /** Agents and managers own cases; an admin assigns them instead. */
  @Post('claim-next')
  @Allow('agent', 'manager')
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

  /** The query as asked (a 400 page with a sentence when a value is not one the page offers). */
  private async live(user: UserPrincipal, raw: Record<string, unknown>) {
    const asked = parsed(CaseQueueQueryDto, raw);
    const queryOf = (view: QueueView): QueueQuery => ({
      ...asked,
      view,
      sort: asked.sort ?? defaultQueueSort(view),
      limit: asked.limit ?? QUEUE_PAGE_SIZE,
    });
    // A view named (or a search: all cases) needs no counts first; the default view does.
    const named = asked.view ?? (asked.q ? 'all' : undefined);
    const [counts, early] = await Promise.all([
      this.queue.counts(user),
      named ? this.queue.page(user, queryOf(named)) : undefined,
    ]);
    const query = queryOf(chosenView(named, asked.q, counts));
    const page = early ?? (await this.queue.page(user, query));
    return { query, ...queueLiveView(query, counts, page, new Date()) };
  }
}

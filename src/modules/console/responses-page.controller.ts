import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, STAFF } from '../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../common/auth/current-principal.decorator';
import type { UserPrincipal } from '../../common/auth/principal';
import { ApiError } from '../../common/errors/api-error';
import { PageRenderer } from '../../common/templates/page-renderer';
import { sendPrivatePage } from '../../common/templates/private-page';
import { parsed } from '../../common/validation/parse-dto';
import { validationError } from '../../common/validation/validation-error';
import { AuditedView } from '../audit/audited-view.decorator';
import { explorerFilterOf } from '../responses/explorer/explorer-filter.dto';
import { ResponseExplorer } from '../responses/explorer/response-explorer';
import { SurveysService } from '../surveys/surveys.service';
import { TopicsService } from '../topics/topics.service';
import { type WithNav, withNav } from './console-nav';
import { ResponsesPageQueryDto } from './dto/responses-page.dto';
import { nextPageHref } from './next-page';
import type { AnswerKind } from './response-words';
import { EXPLORER_SENTENCES } from './response-words';
import {
  anonymousListView,
  explorerFormView,
  identifiedListView,
  responsePageView,
  type ResponsePageView,
  type ResponsesPageView,
} from './responses-page.views';
import { CONSOLE_LOCALE } from './case-words';

declare module '../../common/templates/page-contexts' {
  interface PageContexts {
    'console-responses': WithNav<ResponsesPageView>;
    'console-response': WithNav<ResponsePageView>;
  }
}

/** Enough answers for one screen of each list; the next page link pages through the rest. */
const PAGE_SIZE = 25;
const DAY_MS = 24 * 60 * 60 * 1000;
/** The period when none is asked: today and the 30 days before it, as the dashboard's. */
const DEFAULT_DAYS = 30;

/**
 * The responses explorer (`/console/responses`): every answer of a period, filtered and searched,
 * identified ones (each opens its reading view, `/console/responses/{id}`) and anonymous ones
 * (managers and admins; month, survey, answers and comment only, and only in groups of at least
 * five). An agent reads the identified answers of their team's customers. A GET form: it works
 * without JavaScript. Showing identified answers is an audited view.
 */
@ApiExcludeController()
@Allow(...STAFF)
@Controller('console/responses')
export class ResponsesPageController {
  constructor(
    private readonly explorer: ResponseExplorer,
    private readonly surveys: SurveysService,
    private readonly topics: TopicsService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @AuditedView('responses.explored')
  async list(
    @CurrentPrincipal() user: UserPrincipal,
    @Query() raw: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const asked = parsed(ResponsesPageQueryDto, raw);
    const period = pagePeriod(asked.from, asked.to, new Date());
    const kinds = kindsShown(user, asked);
    const filter = explorerFilterOf(asked, period);
    const pageOf = (kind: AnswerKind) => ({
      limit: PAGE_SIZE,
      cursor: asked.kind === kind ? asked.cursor : undefined,
    });
    const [identified, anonymous, surveys, topics] = await Promise.all([
      kinds.includes('identified')
        ? this.explorer.identified(user, filter, pageOf('identified'))
        : null,
      kinds.includes('anonymous') ? this.explorer.anonymous(filter, pageOf('anonymous')) : null,
      this.surveys.listSurveys({ limit: 200 }),
      this.topics.choices(CONSOLE_LOCALE),
    ]);
    const form = explorerFormView(user, asked, period, surveys.items, topics);
    const next = (kind: AnswerKind, cursor: string | null) =>
      nextPageHref('/console/responses', { ...formQuery(form), kind }, cursor);
    const view: ResponsesPageView = {
      form,
      period: `${period.fromDay} to ${period.toDay}`,
      scopeNote: user.role === 'agent' ? EXPLORER_SENTENCES[CONSOLE_LOCALE].agentScope : null,
      identified:
        identified &&
        identifiedListView(identified, next('identified', identified.nextCursor), new Date()),
      anonymous:
        anonymous &&
        anonymousListView(
          anonymous,
          next('anonymous', anonymous.nextCursor),
          asked.touchpointType !== undefined
            ? 'touchpointType'
            : asked.staff !== undefined
              ? 'staff'
              : null,
        ),
    };
    sendPrivatePage(
      reply,
      200,
      this.pages.render('console-responses', withNav(view, user, 'responses')),
    );
  }

  @Get(':id')
  @AuditedView('response.viewed')
  async read(
    @CurrentPrincipal() user: UserPrincipal,
    @Param('id') id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const answer = await this.explorer.answer(user, id);
    const view = responsePageView(answer, new Date());
    sendPrivatePage(
      reply,
      200,
      this.pages.render('console-response', withNav(view, user, 'responses')),
    );
  }
}

/**
 * Which lists the page shows: both, or the one asked for (a next page is of one list). An agent
 * reads identified answers only; anonymous ones are for managers and admins.
 */
function kindsShown(user: UserPrincipal, asked: ResponsesPageQueryDto): AnswerKind[] {
  if (asked.cursor !== undefined && asked.kind === undefined) {
    throw validationError([
      { field: 'kind', message: 'must come with a cursor: use the list’s own Next page link' },
    ]);
  }
  if (user.role === 'agent') {
    if (asked.kind === 'anonymous') {
      throw new ApiError(
        'forbidden',
        'Anonymous answers are for managers and admins: agents read their team’s identified answers.',
      );
    }
    return ['identified'];
  }
  return asked.kind ? [asked.kind] : ['identified', 'anonymous'];
}

/** The period as whole UTC days, `to` included; by default today and the 30 days before it. */
function pagePeriod(fromDay: string | undefined, toDay: string | undefined, now: Date) {
  const today = now.toISOString().slice(0, 10);
  const to = toDay ?? today;
  const from =
    fromDay ?? new Date(Date.parse(to) - DEFAULT_DAYS * DAY_MS).toISOString().slice(0, 10);
  if (from > to) throw validationError([{ field: 'to', message: 'must not be before from' }]);
  return {
    from: new Date(`${from}T00:00:00Z`),
    to: new Date(Date.parse(`${to}T00:00:00Z`) + DAY_MS),
    fromDay: from,
    toDay: to,
  };
}

/** The form's values as a query string's fields (the next page keeps them). */
function formQuery(form: ResponsesPageView['form']): Record<string, string> {
  const fields: Record<string, string> = { q: form.q, from: form.from, to: form.to };
  for (const text of form.texts) fields[text.name] = text.value;
  for (const choice of form.choices) {
    const chosen = choice.options.find((option) => option.selected && option.value !== '');
    if (chosen && choice.name !== 'kind') fields[choice.name] = chosen.value;
  }
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== ''));
}

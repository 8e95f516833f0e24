import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow } from '../../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../../common/auth/current-principal.decorator';
import type { UserPrincipal } from '../../../common/auth/principal';
import { ApiError } from '../../../common/errors/api-error';
import { PageRenderer } from '../../../common/templates/page-renderer';
import { sendPrivatePage } from '../../../common/templates/private-page';
import { SurveysService } from '../../surveys/surveys.service';
import { CommentPhrases } from '../../topics/comment-phrases';
import { type TopicPeriod, TopicPeriods } from '../../topics/topic-period';
import { TopicReport } from '../../topics/topic-report';
import { withNav } from '../console-nav';
import { phraseRows, phrasesNote, topicReportRows, WORDS } from './topics-pages.views';

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The period's topics (comments per topic beside the period before, with their mean score) and
 * its frequent phrases, for managers and admins: the reports' own services, so the page and
 * `GET /api/v1/reports/topics` and `/phrases` agree. (The dashboard is to show these sections
 * later; until then they live here.)
 */
@ApiExcludeController()
@Allow('manager', 'admin')
@Controller('console/topics')
export class TopicsPageController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly periods: TopicPeriods,
    private readonly report: TopicReport,
    private readonly phrases: CommentPhrases,
    private readonly surveys: SurveysService,
  ) {}

  @Get()
  async show(
    @Query() query: Record<string, unknown>,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const today = new Date().toISOString().slice(0, 10);
    const form = {
      from: isDay(query.from) ? query.from : dayBefore(today, 30),
      until: isDay(query.until) ? query.until : today,
      survey: typeof query.survey === 'string' ? query.survey.slice(0, 100) : '',
    };
    let period: TopicPeriod;
    let error: string | null = null;
    try {
      period = await this.periods.of({
        from: `${form.from}T00:00:00Z`,
        to: `${dayBefore(form.until, -1)}T00:00:00Z`,
        survey: form.survey || undefined,
      });
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      error = failure.message;
      period = await this.periods.of({});
    }
    const [report, phrases, surveys] = await Promise.all([
      this.report.of(period),
      this.phrases.of(period, null),
      this.surveys.listSurveys({ limit: 200 }),
    ]);
    const view = {
      words: WORDS,
      error,
      form,
      surveys: surveys.items.map((survey) => ({
        value: survey.key,
        label: survey.name,
        selected: survey.key === form.survey,
      })),
      period: `${period.from.toISOString().slice(0, 10)} – ${dayBefore(period.to.toISOString().slice(0, 10), 1)}`,
      // The cases behind a topic's comments, opened in the period.
      topics: topicReportRows(
        report,
        (id) =>
          `/console/cases/list?${new URLSearchParams({
            topic: id,
            openedFrom: period.from.toISOString(),
            openedBefore: period.to.toISOString(),
          }).toString()}`,
      ),
      phrases: phraseRows(phrases),
      phrasesNote: phrasesNote(phrases),
    };
    sendPrivatePage(
      reply,
      error ? 400 : 200,
      this.pages.render('console-topics', withNav(view, user, 'topics')),
    );
  }
}

/** A day that exists, as YYYY-MM-DD (2026-13-01 and 2026-02-30 are not). */
function isDay(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE.test(value)) return false;
  const at = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().startsWith(value);
}

/** The day `days` before `day` (YYYY-MM-DD; negative: after). */
function dayBefore(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);
}

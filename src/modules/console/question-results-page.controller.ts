import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow } from '../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../common/auth/current-principal.decorator';
import type { UserPrincipal } from '../../common/auth/principal';
import { ApiError } from '../../common/errors/api-error';
import { PageRenderer } from '../../common/templates/page-renderer';
import { sendPrivatePage } from '../../common/templates/private-page';
import { parsed } from '../../common/validation/parse-dto';
import { ReportFilterDto } from '../reports/dto/report-filter.dto';
import { QuestionResults } from '../reports/question-results.service';
import type { ReportScope } from '../reports/report-sql';
import { defaultInterval, ReportsService } from '../reports/reports.service';
import { SurveysService } from '../surveys/surveys.service';
import { CONSOLE_LOCALE } from './case-words';
import { type WithNav, withNav } from './console-nav';
import { touchpointWords } from './queue-pages.views';
import { QUESTION_PAGE_WORDS, type QuestionPageWords } from './question-results-words';
import { bucketLabel, questionSections, type QuestionSectionView } from './question-results.views';

declare module '../../common/templates/page-contexts' {
  interface PageContexts {
    'console-report-questions': WithNav<QuestionsPageView>;
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

interface Choice {
  value: string;
  label: string;
  selected: boolean;
}

/** The form's fields as typed, or the defaults (the last 30 days, the first survey). */
interface QuestionsForm {
  from: string;
  to: string;
  survey: string;
  touchpointType: string;
}

export interface QuestionsPageView {
  lang: string;
  words: QuestionPageWords;
  error: string | null;
  form: QuestionsForm;
  surveys: Choice[];
  touchpoints: Choice[];
  period: string;
  surveyName: string | null;
  questions: QuestionSectionView[];
}

/**
 * Per-question results (issue 16, `/console/reports/questions`): one survey's questions over a
 * period, each with its distribution (a table, drawn as a bar chart) and its trend, from the same
 * service as `GET /api/v1/reports/questions`. A GET form with the dashboard's period and survey and
 * touchpoint filters (team and agent change no answer); it works without JavaScript.
 */
@ApiExcludeController()
@Allow('manager', 'admin')
@Controller('console/reports/questions')
export class QuestionResultsPageController {
  constructor(
    private readonly reports: ReportsService,
    private readonly questions: QuestionResults,
    private readonly surveys: SurveysService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async show(
    @Query() query: Record<string, unknown>,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const words = QUESTION_PAGE_WORDS[CONSOLE_LOCALE];
    const surveys = await this.surveys.listSurveys({ limit: 200 });
    const firstSurvey = surveys.items[0]?.key ?? '';
    let form = formValues(query, firstSurvey);
    let error: string | null = null;
    let scope: ReportScope | null = null;
    if (firstSurvey) {
      try {
        scope = await this.reports.scope(parsed(ReportFilterDto, toFilter(form)), user);
      } catch (failure) {
        if (!(failure instanceof ApiError)) throw failure;
        error = `${failure.message} ${words.fallback}`;
        form = formValues({}, firstSurvey);
        scope = await this.reports.scope(toFilter(form), user);
      }
    }
    const [results, types] = scope?.surveyId
      ? await Promise.all([
          this.questions.of(scope, defaultInterval(scope)),
          this.questions.touchpointTypes(scope.surveyId),
        ])
      : [null, []];
    const view: QuestionsPageView = {
      lang: CONSOLE_LOCALE,
      words,
      error,
      form,
      surveys: surveys.items.map((survey) => ({
        value: survey.key,
        label: survey.name,
        selected: survey.key === form.survey,
      })),
      touchpoints: touchpointChoices(types, form.touchpointType, words),
      period: scope
        ? words.period(
            bucketLabel(scope.from.toISOString(), 'day', CONSOLE_LOCALE),
            bucketLabel(new Date(scope.to.getTime() - DAY_MS).toISOString(), 'day', CONSOLE_LOCALE),
          )
        : '',
      surveyName: results?.survey.name ?? null,
      questions: results ? questionSections(results, CONSOLE_LOCALE) : [],
    };
    sendPrivatePage(
      reply,
      error ? 400 : 200,
      this.pages.render('console-report-questions', withNav(view, user, 'questions')),
    );
  }
}

function formValues(query: Record<string, unknown>, firstSurvey: string): QuestionsForm {
  const text = (value: unknown) => (typeof value === 'string' ? value.trim().slice(0, 100) : '');
  const today = new Date().toISOString().slice(0, 10);
  const monthAgo = new Date(Date.now() - 30 * DAY_MS).toISOString().slice(0, 10);
  return {
    from: text(query.from) || monthAgo,
    to: text(query.to) || today,
    survey: text(query.survey) || firstSurvey,
    touchpointType: text(query.touchpointType),
  };
}

/** The form as the API's filter: days from 00:00 UTC, the last day whole. */
function toFilter(form: QuestionsForm): ReportFilterDto {
  // A day that does not exist (31 February) stays as typed, for the validation to name.
  const day = (value: string, plus = 0) => {
    const start = Date.parse(`${value}T00:00:00Z`);
    const real =
      DATE.test(value) && !Number.isNaN(start) && new Date(start).toISOString().startsWith(value);
    return real ? new Date(start + plus * DAY_MS).toISOString() : value;
  };
  return {
    from: day(form.from),
    to: day(form.to, 1),
    survey: form.survey || undefined,
    touchpointType: form.touchpointType || undefined,
  };
}

/** "Any", the types seen in the data in words, and the chosen one should it be none of them. */
function touchpointChoices(seen: string[], chosen: string, words: QuestionPageWords): Choice[] {
  const types = chosen && !seen.includes(chosen) ? [...seen, chosen] : seen;
  return [
    { value: '', label: words.anyTouchpoint },
    ...types.map((type) => ({ value: type, label: touchpointWords(type) })),
  ].map((choice) => ({ ...choice, selected: choice.value === chosen }));
}

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
import { CaseSettingsService } from '../cases/rules/case-settings.service';
import { LeaderboardQueryDto } from '../reports/dto/breakdown-query.dto';
import { ReportBreakdowns } from '../reports/report-breakdowns';
import type { ReportScope } from '../reports/report-sql';
import { ReportsService } from '../reports/reports.service';
import { SurveysService } from '../surveys/surveys.service';
import { CONSOLE_LOCALE } from './case-words';
import { withNav } from './console-nav';
import { type DashboardQuery, formValues, selected, toFilter } from './dashboard-form';
import { LEADERBOARD_WORDS } from './leaderboard-words';
import { leaderboardTables } from './leaderboard.views';

/**
 * The front-line leaderboard (issue 16): locations and members of staff ranked by CSAT over the
 * dashboard's period and survey, each with at least the configured number of CSAT answers (or
 * `minAnswers`). The figures are the reporting API's (`GET /api/v1/reports/leaderboard`).
 */
@ApiExcludeController()
@Allow('manager', 'admin')
@Controller('console/leaderboard')
export class LeaderboardPageController {
  constructor(
    private readonly reports: ReportsService,
    private readonly breakdowns: ReportBreakdowns,
    private readonly surveys: SurveysService,
    private readonly caseSettings: CaseSettingsService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async show(
    @Query() query: DashboardQuery & { minAnswers?: unknown },
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // The dashboard's periods: named ones are the business calendar's days.
    const { timeZone } = (await this.caseSettings.current()).calendar;
    const now = new Date();
    const words = LEADERBOARD_WORDS[CONSOLE_LOCALE];
    const form = formValues(query, now, timeZone);
    const minAnswers = typeof query.minAnswers === 'string' ? query.minAnswers.trim() : '';
    let scope: ReportScope;
    let minimum: number | undefined;
    let error: string | null = null;
    try {
      const filter = parsed(LeaderboardQueryDto, {
        ...toFilter(form),
        by: 'location',
        ...(minAnswers ? { minAnswers } : {}),
      });
      scope = await this.reports.scope(filter, user);
      minimum = filter.minAnswers;
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      error = `${failure.message} ${words.showingDefault}`;
      scope = await this.reports.scope(toFilter(formValues({}, now, timeZone)), user);
    }
    const [locations, staff, surveys] = await Promise.all([
      this.breakdowns.leaderboard(scope, 'location', minimum),
      this.breakdowns.leaderboard(scope, 'staff', minimum),
      this.surveys.listSurveys({ limit: 200 }),
    ]);
    const lastDay = new Date(scope.to.getTime() - 1).toISOString().slice(0, 10);
    const view = {
      lang: CONSOLE_LOCALE,
      words,
      intro: words.intro(locations.minAnswers),
      period: words.period(scope.from.toISOString().slice(0, 10), lastDay),
      error,
      form: { ...form, minAnswers: error ? '' : minAnswers },
      surveys: selected(
        surveys.items.map((survey) => ({ value: survey.key, label: survey.name })),
        form.survey,
      ),
      tables: leaderboardTables(CONSOLE_LOCALE, locations, staff),
      dashboardHref: `/console/dashboard?${new URLSearchParams({
        from: scope.from.toISOString().slice(0, 10),
        to: lastDay,
        ...(scope.surveyKey ? { survey: scope.surveyKey } : {}),
      }).toString()}`,
    };
    sendPrivatePage(
      reply,
      error ? 400 : 200,
      this.pages.render('console-leaderboard', withNav(view, user, 'dashboard')),
    );
  }
}

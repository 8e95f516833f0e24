import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow } from '../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../common/auth/current-principal.decorator';
import type { UserPrincipal } from '../../common/auth/principal';
import { ApiError } from '../../common/errors/api-error';
import { PageRenderer } from '../../common/templates/page-renderer';
import { TopicReport } from '../topics/topic-report';
import { topicReportRows } from './topics/topics-pages.views';
import { sendPrivatePage } from '../../common/templates/private-page';
import { parsed } from '../../common/validation/parse-dto';
import { ReportFilterDto } from '../reports/dto/report-filter.dto';
import { ReportFacts } from '../reports/report-facts';
import { defaultInterval, ReportsService } from '../reports/reports.service';
import type { ReportScope } from '../reports/report-sql';
import { SurveyFunnel } from '../reports/survey-funnel';
import { SurveysService } from '../surveys/surveys.service';
import { UsersService } from '../users/users.service';
import { CaseSettingsService } from '../cases/rules/case-settings.service';
import { dashboardView, drillHref, funnelRows, ownerRows, TREND_METRICS } from './dashboard.views';
import {
  type DashboardChoice,
  type DashboardForm,
  type DashboardQuery,
  exportQueryOf,
  formValues,
  presetLinks,
  selected,
  toFilter,
  touchpointChoices,
} from './dashboard-form';
import { withNav } from './console-nav';
import { type PreferenceKind, PreferenceWords } from '../surveys/preference-words';
import type { PreferencesDto, Tally } from '../reports/reports.service';
import { CONSOLE_LOCALE } from './case-words';

/**
 * The managers' dashboard: the KPIs of a period beside the period before, trends, SLA compliance,
 * root causes, a team and an agent table, and from each case figure a link to the cases behind
 * it. Everything comes from the reporting API's services, so the page and the API agree.
 */
@ApiExcludeController()
@Allow('manager', 'admin')
@Controller('console/dashboard')
export class DashboardPageController {
  constructor(
    private readonly reports: ReportsService,
    private readonly facts: ReportFacts,
    private readonly pages: PageRenderer,
    private readonly surveys: SurveysService,
    private readonly users: UsersService,
    private readonly funnels: SurveyFunnel,
    private readonly preferenceWords: PreferenceWords,
    private readonly caseSettings: CaseSettingsService,
    private readonly topics: TopicReport,
  ) {}

  @Get()
  async show(
    @Query() query: DashboardQuery,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { now, timeZone, form, scope, error } = await this.period(query, user);
    const interval = defaultInterval(scope);
    const [summary, overdueNow, trends, rootCauses, preferences, teams, agents, choices, lower] =
      await Promise.all([
        this.reports.summary(scope),
        this.reports.overdueNow(scope),
        Promise.all(
          TREND_METRICS.map((metric) => this.reports.timeseries(scope, metric, interval)),
        ),
        this.reports.rootCauses(scope),
        this.preferencesInWords(),
        this.facts.byCaseOwner(scope, 'team'),
        this.facts.byCaseOwner(scope, 'agent'),
        this.choices(),
        this.lowerSections(scope, form),
      ]);
    const teamNames = new Map(choices.teams.map((team) => [team.value, team.label]));
    const agentNames = new Map(choices.agents.map((agent) => [agent.value, agent.label]));
    const view = dashboardView(scope, {
      summary,
      overdueNow,
      trends,
      rootCauses,
      preferences,
      teams: ownerRows(
        teams,
        teamNames,
        // Not routed: the cases of no team, as the table counts them.
        (id) => drillHref(scope, { team: id ?? 'none' }),
        'Not routed',
      ),
      agents: ownerRows(
        agents,
        agentNames,
        (id) => drillHref(scope, { assignee: id ?? 'none' }),
        'Nobody yet',
      ),
    });
    const exportQuery = exportQueryOf(scope);
    sendPrivatePage(
      reply,
      error ? 400 : 200,
      this.pages.render(
        'console-dashboard',
        withNav(
          {
            ...view,
            error,
            form,
            presets: presetLinks(form, now, timeZone),
            surveys: selected(choices.surveys, form.survey),
            teams: selected(choices.teams, form.team),
            agents: selected(choices.agents, form.agent),
            touchpoints: touchpointChoices(choices.touchpoints, form.touchpointType),
            teamRows: view.teams,
            agentRows: view.agents,
            exportCases: `/api/v1/reports/export.csv?${exportQuery}`,
            exportResponses: `/api/v1/reports/export.csv?rows=responses&${exportQuery}`,
            ...lower,
          },
          user,
          'dashboard',
        ),
      ),
    );
  }

  /** The funnel, and what customers wrote about (the topics beside the period before). */
  private async lowerSections(scope: ReportScope, form: DashboardForm) {
    const length = scope.to.getTime() - scope.from.getTime();
    const [funnel, topics] = await Promise.all([
      this.funnels.of(scope),
      this.topics.of({
        from: scope.from,
        to: scope.to,
        previousFrom: new Date(scope.from.getTime() - length),
        survey: scope.surveyKey,
      }),
    ]);
    const explorer = (topic: string) =>
      `/console/responses?${new URLSearchParams({ topic, from: form.from, to: form.to }).toString()}`;
    return {
      funnel: funnelRows(funnel),
      topics: topicReportRows(
        {
          ...topics,
          items: topics.items.filter((item) => item.comments + item.previousComments > 0),
        },
        explorer,
      ).slice(0, 8),
      topicsHref: `/console/topics?${new URLSearchParams({ from: form.from, until: form.to }).toString()}`,
    };
  }

  /**
   * The form's period and filters as a report scope, or the default period with the reason the
   * form was refused. The named periods are the business calendar's days: its today, where the
   * company is.
   */
  private async period(query: DashboardQuery, user: UserPrincipal) {
    const { timeZone } = (await this.caseSettings.current()).calendar;
    const now = new Date();
    const form = formValues(query, now, timeZone);
    try {
      const scope = await this.reports.scope(parsed(ReportFilterDto, toFilter(form)), user);
      return { now, timeZone, form, scope, error: null };
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      const scope = await this.reports.scope(toFilter(formValues({}, now, timeZone)), user);
      return { now, timeZone, form, scope, error: failure.message };
    }
  }

  /** The preference tallies name values by key: the dashboard says them in the surveys' words. */
  private async preferencesInWords(): Promise<PreferencesDto> {
    const [tallies, words] = await Promise.all([
      this.reports.preferences(),
      this.preferenceWords.labeller(CONSOLE_LOCALE),
    ]);
    const say = (kind: PreferenceKind, items: Tally[]) =>
      items.map((item) => ({ ...item, value: words(kind, item.value) }));
    return {
      ...tallies,
      contexts: say('contexts', tallies.contexts),
      channels: say('channels', tallies.channels),
      contactTimes: say('contactTimes', tallies.contactTimes),
      interests: say('interests', tallies.interests),
    };
  }

  /** The form's lists: surveys, teams, and the people cases go to. */
  private async choices(): Promise<{
    surveys: DashboardChoice[];
    teams: DashboardChoice[];
    agents: DashboardChoice[];
    touchpoints: string[];
  }> {
    const [surveys, teams, people, touchpoints] = await Promise.all([
      this.surveys.listSurveys({ limit: 200 }),
      this.users.listTeams(),
      this.users.listUsers(),
      this.reports.touchpointTypes(),
    ]);
    return {
      surveys: surveys.items.map((survey) => ({ value: survey.key, label: survey.name })),
      teams: teams.map((team) => ({ value: team.id, label: team.name })),
      // Anyone may own a case (admins too), so the agent table names everyone.
      agents: people.map((person) => ({ value: person.id, label: person.name })),
      touchpoints,
    };
  }
}

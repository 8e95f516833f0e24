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
import { type Interval, ReportFilterDto } from '../reports/dto/report-filter.dto';
import { ReportFacts } from '../reports/report-facts';
import type { ReportScope } from '../reports/report-sql';
import { ReportsService } from '../reports/reports.service';
import { SurveyFunnel } from '../reports/survey-funnel';
import { SurveysService } from '../surveys/surveys.service';
import { UsersService } from '../users/users.service';
import {
  type DashboardChoice,
  type DashboardForm,
  dashboardView,
  drillHref,
  funnelRows,
  ownerRows,
  TREND_METRICS,
} from './dashboard.views';
import { withNav } from './console-nav';
import { type PreferenceKind, PreferenceWords } from '../surveys/preference-words';
import type { PreferencesDto, Tally } from '../reports/reports.service';
import { CONSOLE_LOCALE } from './case-words';

const DAY_MS = 24 * 60 * 60 * 1000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The dashboard's filter form: dates as a person picks them, the last day included. */
interface DashboardQuery {
  from?: unknown;
  to?: unknown;
  survey?: unknown;
  team?: unknown;
  agent?: unknown;
  touchpointType?: unknown;
}

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
  ) {}

  @Get()
  async show(
    @Query() query: DashboardQuery,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const form = formValues(query);
    let scope: ReportScope;
    let error: string | null = null;
    try {
      scope = await this.reports.scope(parsed(ReportFilterDto, toFilter(form)), user);
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      error = failure.message;
      scope = await this.reports.scope(toFilter(formValues({})), user);
    }
    const [summary, overdueNow, trends, rootCauses, preferences, teams, agents, choices, funnel] =
      await Promise.all([
        this.reports.summary(scope),
        this.reports.overdueNow(scope),
        Promise.all(
          TREND_METRICS.map((metric) => this.reports.timeseries(scope, metric, interval(scope))),
        ),
        this.reports.rootCauses(scope),
        this.preferencesInWords(),
        this.facts.byCaseOwner(scope, 'team'),
        this.facts.byCaseOwner(scope, 'agent'),
        this.choices(),
        this.funnels.of(scope),
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
        (id) => drillHref(scope, id ? { team: id } : {}),
        'Not routed',
      ),
      agents: ownerRows(
        agents,
        agentNames,
        (id) => drillHref(scope, id ? { assignee: id } : { status: 'open' }),
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
            surveys: selected(choices.surveys, form.survey),
            teams: selected(choices.teams, form.team),
            agents: selected(choices.agents, form.agent),
            teamRows: view.teams,
            agentRows: view.agents,
            exportCases: `/api/v1/reports/export.csv?${exportQuery}`,
            exportResponses: `/api/v1/reports/export.csv?rows=responses&${exportQuery}`,
            funnel: funnelRows(funnel),
          },
          user,
          'dashboard',
        ),
      ),
    );
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
  }> {
    const [surveys, teams, people] = await Promise.all([
      this.surveys.listSurveys({ limit: 200 }),
      this.users.listTeams(),
      this.users.listUsers(),
    ]);
    return {
      surveys: surveys.items.map((survey) => ({ value: survey.key, label: survey.name })),
      teams: teams.map((team) => ({ value: team.id, label: team.name })),
      // Anyone may own a case (admins too), so the agent table names everyone.
      agents: people.map((person) => ({ value: person.id, label: person.name })),
    };
  }
}

/** What the form shows: the query's values, or the last 30 days up to today. */
function formValues(query: DashboardQuery): DashboardForm {
  const text = (value: unknown) => (typeof value === 'string' ? value.trim().slice(0, 100) : '');
  const today = new Date().toISOString().slice(0, 10);
  const monthAgo = new Date(Date.now() - 29 * DAY_MS).toISOString().slice(0, 10);
  return {
    from: text(query.from) || monthAgo,
    to: text(query.to) || today,
    survey: text(query.survey),
    team: text(query.team),
    agent: text(query.agent),
    touchpointType: text(query.touchpointType),
  };
}

/** The form as the API's filter: days from 00:00 UTC, the last day whole. */
function toFilter(form: DashboardForm): ReportFilterDto {
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
    team: form.team || undefined,
    agent: form.agent || undefined,
    touchpointType: form.touchpointType || undefined,
  };
}

/** Days for a month, weeks up to half a year, months beyond. */
function interval(scope: ReportScope): Interval {
  const days = (scope.to.getTime() - scope.from.getTime()) / DAY_MS;
  return days <= 35 ? 'day' : days <= 190 ? 'week' : 'month';
}

function selected(choices: DashboardChoice[], value: string) {
  return choices.map((choice) => ({ ...choice, selected: choice.value === value }));
}

/** The CSV export's query for the dashboard's scope: the same period and filters. */
function exportQueryOf(scope: ReportScope): string {
  return new URLSearchParams({
    from: scope.from.toISOString(),
    to: scope.to.toISOString(),
    ...(scope.surveyKey ? { survey: scope.surveyKey } : {}),
    ...(scope.teamId ? { team: scope.teamId } : {}),
    ...(scope.agentId ? { agent: scope.agentId } : {}),
    ...(scope.touchpointType ? { touchpointType: scope.touchpointType } : {}),
  }).toString();
}

import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow } from '../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../common/auth/current-principal.decorator';
import type { UserPrincipal } from '../../common/auth/principal';
import { ApiError } from '../../common/errors/api-error';
import type { Locale } from '../../common/i18n/locale';
import { PageRenderer } from '../../common/templates/page-renderer';
import { redirectPrivately, sendPrivatePage } from '../../common/templates/private-page';
import { parsed } from '../../common/validation/parse-dto';
import { KpiTargetDto, KpiTargetScopeDto } from '../reports/dto/kpi-target.dto';
import { KpiTargets } from '../reports/kpi-targets.service';
import { SurveysService } from '../surveys/surveys.service';
import { UsersService } from '../users/users.service';
import { CONSOLE_LOCALE } from './case-words';
import { withNav } from './console-nav';
import { selected } from './dashboard-form';
import {
  kpiChoices,
  type TargetForm,
  targetRows,
  targetValue,
  TARGET_KPIS,
} from './dashboard-targets.views';
import { SCOPE_WORDS } from './dashboard-words';

const PAGE = '/console/dashboard/targets';

const DONE: Record<Locale, Record<'set' | 'removed', string>> = {
  en: {
    set: 'The target is set. The dashboard holds its figures to it from now on.',
    removed: 'The target is removed. A broader one applies where there is one.',
  },
  fi: {
    set: 'Tavoite on asetettu. Koontinäkymä vertaa lukuja siihen tästä lähtien.',
    removed: 'Tavoite on poistettu. Laajempi tavoite pätee, jos sellainen on.',
  },
};

/** A form field as text ('' when absent or repeated). */
const text = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * Targets for the dashboard's figures, in a form (managers and admins): the company's, a
 * survey's, a team's, or a survey's in one team, each shown with who set it. The form writes
 * through the API's service, with the API's sentences when it refuses.
 */
@ApiExcludeController()
@Allow('manager', 'admin')
@Controller(PAGE)
export class DashboardTargetsPageController {
  constructor(
    private readonly targets: KpiTargets,
    private readonly pages: PageRenderer,
    private readonly surveys: SurveysService,
    private readonly users: UsersService,
  ) {}

  @Get()
  async show(
    @CurrentPrincipal() user: UserPrincipal,
    @Query('done') done: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const notice = done === 'set' || done === 'removed' ? DONE[CONSOLE_LOCALE][done] : null;
    await this.render(reply, user, 200, { notice });
  }

  @Post()
  async set(
    @Body() body: Record<string, unknown> | undefined,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const form: TargetForm = {
      kpi: text(body?.kpi),
      survey: text(body?.survey),
      team: text(body?.team),
      value: text(body?.value),
    };
    await this.refusedAgain(reply, user, form, async () => {
      const target = parsed(KpiTargetDto, {
        kpi: form.kpi,
        survey: form.survey || null,
        team: form.team || null,
        value: targetValue(form.kpi, form.value),
      });
      await this.targets.set(user, target);
      redirectPrivately(reply, `${PAGE}?done=set`);
    });
  }

  @Post('remove')
  async remove(
    @Body() body: Record<string, unknown> | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const scope = parsed(KpiTargetScopeDto, {
      kpi: text(body?.kpi),
      survey: text(body?.survey) || null,
      team: text(body?.team) || null,
    });
    // Removed twice (a second tab): nothing left to remove is what was asked.
    await this.targets.remove(scope).catch((error: unknown) => {
      if (!(error instanceof ApiError && error.code === 'not_found')) throw error;
    });
    redirectPrivately(reply, `${PAGE}?done=removed`);
  }

  /** Runs the form's action; a refusal shows the page again with its sentence and what was typed. */
  private async refusedAgain(
    reply: FastifyReply,
    user: UserPrincipal,
    form: TargetForm,
    action: () => Promise<void>,
  ): Promise<void> {
    try {
      await action();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      await this.render(reply, user, error.status, { error: error.message, form });
    }
  }

  private async render(
    reply: FastifyReply,
    user: UserPrincipal,
    status: number,
    feedback: { error?: string; notice?: string | null; form?: TargetForm },
  ): Promise<void> {
    const [targets, surveys, teams] = await Promise.all([
      this.targets.list(),
      this.surveys.listSurveys({ limit: 200 }),
      this.users.listTeams(),
    ]);
    const form = feedback.form ?? { kpi: TARGET_KPIS[0], survey: '', team: '', value: '' };
    const every = SCOPE_WORDS[CONSOLE_LOCALE];
    const view = {
      csrfToken: user.csrfToken,
      error: feedback.error ?? null,
      notice: feedback.notice ?? null,
      targets: targetRows(targets),
      kpis: kpiChoices(form.kpi),
      surveys: selected(
        [
          { value: '', label: every.everySurvey },
          ...surveys.items.map((survey) => ({ value: survey.key, label: survey.name })),
        ],
        form.survey,
      ),
      teams: selected(
        [
          { value: '', label: every.everyTeam },
          ...teams.map((team) => ({ value: team.id, label: team.name })),
        ],
        form.team,
      ),
      value: form.value,
    };
    sendPrivatePage(
      reply,
      status,
      this.pages.render('console-dashboard-targets', withNav(view, user, 'dashboard')),
    );
  }
}

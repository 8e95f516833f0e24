import { Body, Controller, Get, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Allow } from '../../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../../common/auth/current-principal.decorator';
import type { UserPrincipal } from '../../../common/auth/principal';
import { ApiError } from '../../../common/errors/api-error';
import { dtoProblems, parsed } from '../../../common/validation/parse-dto';
import { ChangesNothing } from '../../audit/changes-nothing.decorator';
import { CaseSettingsDto } from '../../cases/rules/case-settings.dto';
import { CaseSettingsService } from '../../cases/rules/case-settings.service';
import { SurveysService } from '../../surveys/surveys.service';
import { UsersService } from '../../users/users.service';
import { CONSOLE_LOCALE } from '../case-words';
import type { FormError } from './admin-form-fields';
import { type Form, notice, redirectDone, text } from './admin-forms';
import { AdminPage } from './admin-page';
import { CASE_RULES_WORDS } from './case-rules-words';
import {
  applyRulesAction,
  caseSettingsBody,
  type CaseSettingsDraft,
  postedSettingsDraft,
  savedSettingsDraft,
} from './case-settings-draft';
import { caseSettingsErrors, caseSettingsForm } from './case-settings-form';

const WORDS = CASE_RULES_WORDS[CONSOLE_LOCALE];
const FORM_ACTION = '/console/admin/case-settings/form';

/** What a rendering shows besides the settings. */
interface Shown {
  errors?: FormError[];
  focus?: string | null;
  notice?: string | null;
}

/**
 * The case settings, replaced whole on each save: the business calendar, and the routing and
 * priority rules as rows of fields (issue 16), surveys and teams chosen by name, rules added,
 * moved and removed with buttons that work without JavaScript (the form posted back to `…/form`
 * and shown again, everything typed kept) and with htmx (the form's inside swapped). A save goes
 * through the API's DTO and service; what they refuse is said next to its field. The API
 * (`PUT /api/v1/case-settings`) stays for rules as JSON.
 */
@ApiExcludeController()
@Allow('admin')
@Controller('console/admin/case-settings')
export class AdminCaseSettingsController {
  constructor(
    private readonly page: AdminPage,
    private readonly settings: CaseSettingsService,
    private readonly users: UsersService,
    private readonly surveys: SurveysService,
  ) {}

  @Get()
  async caseSettingsPage(
    @CurrentPrincipal() user: UserPrincipal,
    @Query('done') done: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const draft = savedSettingsDraft(await this.settings.current());
    await this.render(reply, user, HttpStatus.OK, draft, { notice: notice(done) });
  }

  @Post()
  async saveCaseSettings(
    @Body() form: Form | undefined,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const draft = postedSettingsDraft(form ?? {});
    const body = caseSettingsBody(draft);
    const problems = dtoProblems(CaseSettingsDto, body);
    if (problems.length > 0) {
      const errors = caseSettingsErrors(problems, WORDS);
      return this.render(reply, user, HttpStatus.BAD_REQUEST, draft, { errors });
    }
    try {
      await this.settings.replace(user, parsed(CaseSettingsDto, body));
      redirectDone(reply, '/console/admin/case-settings', 'settings');
    } catch (error) {
      if (!(error instanceof ApiError) || error.status === HttpStatus.NOT_FOUND) throw error;
      const errors = error.details?.length
        ? caseSettingsErrors(error.details, WORDS)
        : [{ field: '', message: error.message }];
      await this.render(reply, user, error.status, draft, { errors });
    }
  }

  /** A button of the rules: the form back with the change made, nothing saved. */
  @Post('form')
  @ChangesNothing()
  async caseSettingsForm(
    @Body() form: Form | undefined,
    @CurrentPrincipal() user: UserPrincipal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const applied = applyRulesAction(postedSettingsDraft(form ?? {}), text(form?.action));
    const shown = {
      focus: applied.focus,
      errors: applied.refusal ? caseSettingsErrors([applied.refusal], WORDS) : [],
    };
    if (request.headers['hx-request'] !== 'true') {
      return this.render(reply, user, HttpStatus.OK, applied.draft, shown);
    }
    const view = await this.form(user, applied.draft, shown);
    this.page.send(reply, HttpStatus.OK, 'console-admin-case-settings-form', view);
  }

  private async render(
    reply: FastifyReply,
    user: UserPrincipal,
    status: number,
    draft: CaseSettingsDraft,
    shown: Shown,
  ): Promise<void> {
    this.page.send(reply, status, 'console-admin-case-settings', {
      ...this.page.frame(user, { notice: shown.notice ?? null }),
      form: await this.form(user, draft, shown),
    });
  }

  private async form(user: UserPrincipal, draft: CaseSettingsDraft, shown: Shown) {
    const [teams, surveys] = await Promise.all([
      this.users.listTeams(),
      this.surveys.listSurveys({ limit: 200 }),
    ]);
    return caseSettingsForm({
      draft,
      csrfToken: user.csrfToken,
      formAction: FORM_ACTION,
      errors: shown.errors ?? [],
      focus: shown.focus ?? null,
      teams,
      surveys: surveys.items,
      words: WORDS,
    });
  }
}

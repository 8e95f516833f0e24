import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow } from '../../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../../common/auth/current-principal.decorator';
import type { UserPrincipal } from '../../../common/auth/principal';
import { parsed } from '../../../common/validation/parse-dto';
import type { CaseSettings } from '../../cases/rules/case-rules';
import { CaseSettingsDto } from '../../cases/rules/case-settings.dto';
import { CaseSettingsService } from '../../cases/rules/case-settings.service';
import { SurveysService } from '../../surveys/surveys.service';
import { UsersService } from '../../users/users.service';
import {
  type Form,
  formList,
  jsonField,
  notice,
  redirectDone,
  submitted,
  text,
} from './admin-forms';
import { AdminPage, type Feedback } from './admin-page';

/** What the settings page shows instead of the saved settings: the form as it was posted. */
interface CaseSettingsFeedback extends Feedback {
  form?: Form;
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** Case routing and priority rules with the business calendar, replaced whole on each save. */
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
    await this.render(reply, user, 200, { notice: notice(done) });
  }

  /** The calendar as fields; routing and priority rules as JSON, as the API takes them. */
  @Post()
  async saveCaseSettings(
    @Body() form: Form,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await submitted(
      async () => {
        const settings = parsed(CaseSettingsDto, caseSettingsFromForm(form ?? {}));
        await this.settings.replace(user, settings);
        redirectDone(reply, '/console/admin/case-settings', 'settings');
      },
      (error) => this.render(reply, user, error.status, { error: error.message, form }),
    );
  }

  private async render(
    reply: FastifyReply,
    user: UserPrincipal,
    status: number,
    feedback: CaseSettingsFeedback,
  ): Promise<void> {
    const [current, teams, surveys] = await Promise.all([
      this.settings.current(),
      this.users.listTeams(),
      this.surveys.listSurveys({ limit: 200 }),
    ]);
    this.page.send(reply, status, 'console-admin-case-settings', {
      ...this.page.frame(user, feedback),
      ...settingsFields(current, feedback.form),
      teams,
      surveys: surveys.items,
    });
  }
}

/** The settings as the page's fields: the posted form when there is one, else the saved ones. */
function settingsFields(current: CaseSettings, form: Form | undefined) {
  const weekdays = form ? formList(form.weekdays).map(Number) : current.calendar.weekdays;
  return {
    calendar: {
      timeZone: form ? text(form.timeZone) : current.calendar.timeZone,
      opensAt: form ? text(form.opensAt) : current.calendar.opensAt,
      closesAt: form ? text(form.closesAt) : current.calendar.closesAt,
      holidays: form ? text(form.holidays) : current.calendar.holidays.join('\n'),
    },
    weekdays: WEEKDAYS.map((name, i) => ({
      value: i + 1,
      name,
      checked: weekdays.includes(i + 1),
    })),
    routing: form ? text(form.routing) : JSON.stringify(current.routing, null, 2),
    priorityRules: form ? text(form.priorityRules) : JSON.stringify(current.priorityRules, null, 2),
  };
}

/** The settings form as the API's body; rules that are not JSON are named as such. */
function caseSettingsFromForm(form: Form): object {
  const json = (field: string) => jsonField(form, field, []);
  return {
    calendar: {
      timeZone: text(form.timeZone).trim(),
      weekdays: formList(form.weekdays).map(Number),
      opensAt: text(form.opensAt).trim(),
      closesAt: text(form.closesAt).trim(),
      holidays: text(form.holidays)
        .split(/[\s,]+/)
        .filter((day) => day !== ''),
    },
    routing: json('routing'),
    priorityRules: json('priorityRules'),
  };
}

import {
  Body,
  Controller,
  Get,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, Length } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Allow } from '../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../common/auth/current-principal.decorator';
import type { UserPrincipal } from '../../common/auth/principal';
import { ApiError } from '../../common/errors/api-error';
import { PageRenderer } from '../../common/templates/page-renderer';
import { redirectPrivately, sendPrivatePage } from '../../common/templates/private-page';
import { parsed } from '../../common/validation/parse-dto';
import { validationError } from '../../common/validation/validation-error';
import { AuditFilterDto } from '../audit/audit-events.controller';
import { AuditLog } from '../audit/audit-log';
import { CreateApiKeyDto } from '../api-keys/dto/create-api-key.dto';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { CaseSettingsDto } from '../cases/rules/case-settings.dto';
import { CaseSettingsService } from '../cases/rules/case-settings.service';
import { NewRootCauseDto, RootCauseChangeDto } from '../cases/rules/case-rules.controller';
import { RootCausesService } from '../cases/rules/root-causes.service';
import { CreateSurveyDto, SurveyContentDto } from '../surveys/dto/survey.dto';
import { SurveysService } from '../surveys/surveys.service';
import { USER_ROLES, type UserRole } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import {
  cannotDisableYourself,
  noSuchApiKey,
  noSuchPerson,
  noSuchPersonChange,
} from './console.errors';
import { nextPageHref } from './next-page';
import { when } from './when';

type Form = Record<string, unknown>;

/** A malformed id is no person. */
const PERSON_ID = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

export class NewUserForm {
  @IsString({ message: 'must be text' })
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  name: string;

  @IsEmail({}, { message: 'must be an email address' })
  email: string;

  @IsIn(USER_ROLES, { message: `must be one of ${USER_ROLES.join(', ')}` })
  role: UserRole;

  @IsOptional()
  @IsString({ message: 'must be text' })
  @Length(0, 100, { message: 'must be at most 100 characters' })
  team?: string;
}

/** What a finished form says on the page it returns to (`?done=…`). */
const DONE: Record<string, string> = {
  revoked: 'The key is revoked: integrations using it are refused from now on.',
  cause: 'The root cause is saved.',
  settings: 'The case settings are saved. New cases follow them.',
  survey: 'The survey is saved. Invitations from now on get this version.',
  disabled: 'Disabled: they are signed out and cannot sign in.',
  enabled: 'Enabled: they can sign in again.',
};

/**
 * The admins' console: people and teams, API keys, surveys, case routing with the business
 * calendar, the root-cause taxonomy, and the audit trail. Each form goes through the same
 * service (and validation) as the API; a secret (a new person's password, a new key) is shown
 * once, on the page that answers the form, and never stored in the clear.
 */
@ApiExcludeController()
@Allow('admin')
@Controller('console/admin')
export class AdminPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly users: UsersService,
    private readonly apiKeys: ApiKeysService,
    private readonly surveys: SurveysService,
    private readonly settings: CaseSettingsService,
    private readonly rootCauses: RootCausesService,
    private readonly audit: AuditLog,
  ) {}

  @Get()
  index(@CurrentPrincipal() user: UserPrincipal, @Res() reply: FastifyReply): void {
    sendPrivatePage(reply, 200, this.pages.render('console-admin', { csrfToken: user.csrfToken }));
  }

  @Get('users')
  async usersPage(
    @CurrentPrincipal() user: UserPrincipal,
    @Query('done') done: unknown,
    @Res() reply: FastifyReply,
  ) {
    await this.renderUsers(reply, user, 200, { notice: notice(done) });
  }

  @Post('users')
  async addUser(
    @Body() form: Form,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await submitted(
      async () => {
        const input = parsed(NewUserForm, form ?? {});
        const { user: created, password } = await this.users.createUser({
          ...input,
          team: input.team?.trim() || undefined,
        });
        await this.renderUsers(reply, user, HttpStatus.CREATED, {
          created: { email: created.email, password },
        });
      },
      (error) => this.renderUsers(reply, user, error.status, { error: error.message, form }),
    );
  }

  /** `disable` ends the person's sessions and keeps them out; `enable` lets them back in. */
  @Post('users/:id/:change')
  async changeUser(
    @Param('id', PERSON_ID) id: string,
    @Param('change') change: string,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (change !== 'disable' && change !== 'enable') {
      throw noSuchPersonChange();
    }
    await submitted(
      async () => {
        if (id === user.userId && change === 'disable') {
          throw cannotDisableYourself();
        }
        if (!(await this.users.setDisabled(id, change === 'disable'))) {
          throw noSuchPerson();
        }
        redirectPrivately(reply, `/console/admin/users?done=${change}d`);
      },
      (error) => this.renderUsers(reply, user, error.status, { error: error.message }),
    );
  }

  @Get('api-keys')
  async apiKeysPage(
    @CurrentPrincipal() user: UserPrincipal,
    @Query('done') done: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.renderApiKeys(reply, user, 200, { notice: notice(done) });
  }

  @Post('api-keys')
  async addApiKey(
    @Body() form: Form,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await submitted(
      async () => {
        const { name } = parsed(CreateApiKeyDto, form ?? {});
        const { apiKey, secret } = await this.apiKeys.createApiKey(name);
        await this.renderApiKeys(reply, user, HttpStatus.CREATED, {
          created: { name: apiKey.name, secret },
        });
      },
      (error) => this.renderApiKeys(reply, user, error.status, { error: error.message }),
    );
  }

  @Post('api-keys/:id/revoke')
  async revokeApiKey(@Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw noSuchApiKey();
    await this.apiKeys.revokeApiKey(id);
    redirectPrivately(reply, '/console/admin/api-keys?done=revoked');
  }

  @Get('surveys')
  async surveysPage(@CurrentPrincipal() user: UserPrincipal, @Res() reply: FastifyReply) {
    await this.renderSurveys(reply, user, 200, {});
  }

  /** A new survey from its JSON definition, as `POST /api/v1/surveys` takes it. */
  @Post('surveys')
  async addSurvey(
    @Body() form: Form,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await submitted(
      async () => {
        const created = await this.surveys.createSurvey(
          parsed(CreateSurveyDto, jsonField(form ?? {}, 'definition')),
        );
        redirectPrivately(reply, `/console/admin/surveys/${created.key}?done=survey`);
      },
      (error) =>
        this.renderSurveys(reply, user, error.status, {
          error: error.message,
          definition: text(form?.definition),
        }),
    );
  }

  @Get('surveys/:key')
  async surveyPage(
    @Param('key') key: string,
    @Query('done') done: unknown,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.renderSurvey(reply, user, key, 200, { notice: notice(done) });
  }

  /** The edited definition becomes the survey's next version (answers keep theirs). */
  @Post('surveys/:key')
  async reviseSurvey(
    @Param('key') key: string,
    @Body() form: Form,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await submitted(
      async () => {
        await this.surveys.reviseSurvey(
          key,
          parsed(SurveyContentDto, jsonField(form ?? {}, 'definition')),
        );
        redirectPrivately(reply, `/console/admin/surveys/${encodeURIComponent(key)}?done=survey`);
      },
      (error) =>
        this.renderSurvey(reply, user, key, error.status, {
          error: error.message,
          definition: text(form?.definition),
        }),
    );
  }

  @Get('case-settings')
  async caseSettingsPage(
    @CurrentPrincipal() user: UserPrincipal,
    @Query('done') done: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.renderCaseSettings(reply, user, 200, { notice: notice(done) });
  }

  /** The calendar as fields; routing and priority rules as JSON, as the API takes them. */
  @Post('case-settings')
  async saveCaseSettings(
    @Body() form: Form,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await submitted(
      async () => {
        const settings = parsed(CaseSettingsDto, caseSettingsFromForm(form ?? {}));
        await this.settings.replace(user, settings);
        redirectPrivately(reply, '/console/admin/case-settings?done=settings');
      },
      (error) => this.renderCaseSettings(reply, user, error.status, { error: error.message, form }),
    );
  }

  @Get('root-causes')
  async rootCausesPage(
    @CurrentPrincipal() user: UserPrincipal,
    @Query('done') done: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.renderRootCauses(reply, user, 200, { notice: notice(done) });
  }

  @Post('root-causes')
  async addRootCause(
    @Body() form: Form,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await submitted(
      async () => {
        await this.rootCauses.add(parsed(NewRootCauseDto, form ?? {}));
        redirectPrivately(reply, '/console/admin/root-causes?done=cause');
      },
      (error) => this.renderRootCauses(reply, user, error.status, { error: error.message }),
    );
  }

  /** Rename, retire or bring back one cause (a checkbox form: unticked means in use). */
  @Post('root-causes/:key')
  async changeRootCause(
    @Param('key') key: string,
    @Body() form: Form,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await submitted(
      async () => {
        const change = parsed(RootCauseChangeDto, {
          label: form?.label,
          retired: form?.retired === 'on',
        });
        await this.rootCauses.change(key, change);
        redirectPrivately(reply, '/console/admin/root-causes?done=cause');
      },
      (error) => this.renderRootCauses(reply, user, error.status, { error: error.message }),
    );
  }

  /** The trail, newest first, with names for the ids it holds. */
  @Get('audit')
  async auditPage(@Query() query: Form, @Res() reply: FastifyReply): Promise<void> {
    const filter = parsed(AuditFilterDto, query);
    const [page, people] = await Promise.all([
      this.audit.list({ ...filter, limit: filter.limit ?? 100 }),
      this.users.listUsers(),
    ]);
    const names = new Map(people.map((person) => [person.id, `${person.name} (${person.role})`]));
    const next = nextPageHref('/console/admin/audit', query, page.nextCursor);
    sendPrivatePage(
      reply,
      200,
      this.pages.render('console-admin-audit', {
        events: page.items.map((event) => ({
          ...event,
          at: when(event.at, { seconds: true }),
          actor: event.actorUserId
            ? (names.get(event.actorUserId) ?? event.actorUserId)
            : event.actorApiKeyId
              ? `API key ${event.actorApiKeyId.slice(0, 8)}`
              : '–',
        })),
        people: people.map((person) => ({
          value: person.id,
          label: person.name,
          selected: person.id === filter.actor,
        })),
        filter: { subjectType: filter.subjectType ?? '', customer: filter.customer ?? '' },
        next,
      }),
    );
  }

  private async renderUsers(
    reply: FastifyReply,
    user: UserPrincipal,
    status: number,
    feedback: {
      created?: { email: string; password: string };
      error?: string;
      notice?: string | null;
      form?: Form;
    },
  ): Promise<void> {
    const [people, teams] = await Promise.all([this.users.listUsers(), this.users.listTeams()]);
    const form = feedback.form ?? {};
    sendPrivatePage(
      reply,
      status,
      this.pages.render('console-admin-users', {
        csrfToken: user.csrfToken,
        people: people.map((person) => ({ ...person, self: person.id === user.userId })),
        teams,
        roles: USER_ROLES.map((role) => ({ value: role, selected: role === form.role })),
        form: { name: text(form.name), email: text(form.email), team: text(form.team) },
        created: feedback.created ?? null,
        error: feedback.error ?? null,
        notice: feedback.notice ?? null,
      }),
    );
  }

  private async renderApiKeys(
    reply: FastifyReply,
    user: UserPrincipal,
    status: number,
    feedback: {
      created?: { name: string; secret: string };
      error?: string;
      notice?: string | null;
    },
  ): Promise<void> {
    const { items } = await this.apiKeys.listApiKeys({ limit: 200 });
    sendPrivatePage(
      reply,
      status,
      this.pages.render('console-admin-api-keys', {
        csrfToken: user.csrfToken,
        keys: items.map((key) => ({ ...key, active: key.revokedAt === null })),
        created: feedback.created ?? null,
        error: feedback.error ?? null,
        notice: feedback.notice ?? null,
      }),
    );
  }

  private async renderSurveys(
    reply: FastifyReply,
    user: UserPrincipal,
    status: number,
    feedback: { error?: string; definition?: string },
  ): Promise<void> {
    const { items } = await this.surveys.listSurveys({ limit: 200 });
    sendPrivatePage(
      reply,
      status,
      this.pages.render('console-admin-surveys', {
        csrfToken: user.csrfToken,
        surveys: items,
        definition: feedback.definition ?? JSON.stringify(NEW_SURVEY_EXAMPLE, null, 2),
        error: feedback.error ?? null,
      }),
    );
  }

  private async renderSurvey(
    reply: FastifyReply,
    user: UserPrincipal,
    key: string,
    status: number,
    feedback: { error?: string; notice?: string | null; definition?: string },
  ): Promise<void> {
    const survey = await this.surveys.getSurvey(key);
    const { key: _key, version, createdAt: _created, updatedAt: _updated, ...content } = survey;
    sendPrivatePage(
      reply,
      status,
      this.pages.render('console-admin-survey', {
        csrfToken: user.csrfToken,
        survey: { key: survey.key, name: survey.name, version, next: version + 1 },
        definition: feedback.definition ?? JSON.stringify(content, null, 2),
        error: feedback.error ?? null,
        notice: feedback.notice ?? null,
      }),
    );
  }

  private async renderCaseSettings(
    reply: FastifyReply,
    user: UserPrincipal,
    status: number,
    feedback: { error?: string; notice?: string | null; form?: Form },
  ): Promise<void> {
    const [current, teams, surveys] = await Promise.all([
      this.settings.current(),
      this.users.listTeams(),
      this.surveys.listSurveys({ limit: 200 }),
    ]);
    const form = feedback.form;
    const weekdays = form ? formList(form.weekdays).map(Number) : current.calendar.weekdays;
    sendPrivatePage(
      reply,
      status,
      this.pages.render('console-admin-case-settings', {
        csrfToken: user.csrfToken,
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
        priorityRules: form
          ? text(form.priorityRules)
          : JSON.stringify(current.priorityRules, null, 2),
        teams,
        surveys: surveys.items,
        error: feedback.error ?? null,
        notice: feedback.notice ?? null,
      }),
    );
  }

  private async renderRootCauses(
    reply: FastifyReply,
    user: UserPrincipal,
    status: number,
    feedback: { error?: string; notice?: string | null },
  ): Promise<void> {
    const causes = await this.rootCauses.list({ includeRetired: true });
    sendPrivatePage(
      reply,
      status,
      this.pages.render('console-admin-root-causes', {
        csrfToken: user.csrfToken,
        causes,
        error: feedback.error ?? null,
        notice: feedback.notice ?? null,
      }),
    );
  }
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** A form field that may come once (a string) or repeated (an array). */
function formList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return typeof value === 'string' ? [value] : [];
}

function notice(done: unknown): string | null {
  return typeof done === 'string' && Object.hasOwn(DONE, done) ? DONE[done] : null;
}

/** A form field holding JSON, parsed; text that is not JSON is a 400 naming the field. */
function jsonField(form: Form, field: string, empty: unknown = {}): object {
  const value = text(form[field]).trim();
  try {
    return (value === '' ? empty : JSON.parse(value)) as object;
  } catch {
    throw validationError([{ field, message: 'must be JSON, as shown in the example' }]);
  }
}

/** A small survey to start from: one question, the CSAT scale, English only. */
const NEW_SURVEY_EXAMPLE = {
  key: 'delivery',
  name: 'Your delivery',
  scale: 'csat5',
  questions: [{ id: 'comment', type: 'free_text', label: { en: 'Tell us more' } }],
  locales: { en: { emailSubject: 'How was your delivery?' } },
};

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

/**
 * Runs a form's action. A refusal the person can act on (400, 409) shows the page again with its
 * sentence; a 404 stays a 404 page (what the form was about is gone).
 */
async function submitted(
  action: () => Promise<void>,
  again: (error: ApiError) => Promise<void>,
): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (!(error instanceof ApiError) || error.status === HttpStatus.NOT_FOUND) throw error;
    await again(error);
  }
}

import { Body, Controller, Get, HttpStatus, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Allow } from '../../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../../common/auth/current-principal.decorator';
import type { UserPrincipal } from '../../../common/auth/principal';
import { ApiError } from '../../../common/errors/api-error';
import { parsed } from '../../../common/validation/parse-dto';
import { ChangesNothing } from '../../audit/changes-nothing.decorator';
import { CreateSurveyDto, SurveyContentDto } from '../../surveys/dto/survey.dto';
import { surveyDefinitionProblems } from '../../surveys/survey-rules';
import { SurveysService } from '../../surveys/surveys.service';
import { CONSOLE_LOCALE } from '../case-words';
import { type Form, notice, redirectDone, text } from './admin-forms';
import { AdminPage } from './admin-page';
import { type BuilderError, builderErrors } from './survey-builder-errors';
import { builderForm } from './survey-builder-form';
import { SurveyBuilderPreview } from './survey-builder-preview';
import { SURVEY_BUILDER_WORDS } from './survey-builder-words';
import { applyAction } from './survey-draft-actions';
import { surveyDefinition } from './survey-draft-body';
import { newSurveyDraft, postedDraft, type SurveyDraft, surveyDraft } from './survey-draft';

const WORDS = SURVEY_BUILDER_WORDS[CONSOLE_LOCALE];
const PREVIEW_ACTION = '/console/admin/survey-preview';

/** Which survey the builder is on: a new one, or a saved one at its current version. */
type Target = { key: null } | { key: string; version: number };

/** What a rendering of the builder shows besides the draft. */
interface Shown {
  errors?: BuilderError[];
  focus?: string | null;
  notice?: string | null;
  /** After the no-JavaScript "Preview" button: the preview takes the focus. */
  previewFocus?: boolean;
}

/**
 * Surveys in a form (issue 16): questions added, moved and removed, choices edited, every text
 * in each language side by side, the threshold, follow-up deadlines and contact policy, with the
 * survey page and invitation email previewed as customers get them. Without JavaScript every
 * button posts the whole form to `…/form` and gets it back with the change made, all that was
 * typed kept; with htmx the form's inside is swapped and the preview follows typing. Saving
 * builds the API's own body and goes through the API's checks and service: a new survey, or the
 * survey's next version. The JSON editor stays (`/console/admin/surveys/{key}`).
 */
@ApiExcludeController()
@Allow('admin')
@Controller('console/admin')
export class AdminSurveyBuilderController {
  constructor(
    private readonly page: AdminPage,
    private readonly surveys: SurveysService,
    private readonly previews: SurveyBuilderPreview,
  ) {}

  @Get('new-survey')
  newSurvey(@CurrentPrincipal() user: UserPrincipal, @Res() reply: FastifyReply): void {
    this.render(reply, user, HttpStatus.OK, { key: null }, newSurveyDraft(), {});
  }

  @Post('new-survey')
  async createSurvey(
    @Body() form: Form | undefined,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.save(reply, user, { key: null }, postedDraft(form ?? {}));
  }

  /** A button of the new survey's form: the form back with the change made, nothing saved. */
  @Post('new-survey/form')
  @ChangesNothing()
  newSurveyForm(
    @Body() form: Form | undefined,
    @CurrentPrincipal() user: UserPrincipal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): void {
    this.act(request, reply, user, { key: null }, form ?? {});
  }

  @Get('surveys/:key/edit')
  async editSurvey(
    @Param('key') key: string,
    @Query('done') done: unknown,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const survey = await this.surveys.getSurvey(key);
    const target = { key: survey.key, version: survey.version };
    this.render(reply, user, HttpStatus.OK, target, surveyDraft(survey), { notice: notice(done) });
  }

  @Post('surveys/:key/edit')
  async reviseSurvey(
    @Param('key') key: string,
    @Body() form: Form | undefined,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { version } = await this.surveys.getSurvey(key);
    const draft = postedDraft(form ?? {});
    // Someone saved since this form was opened: saving would silently undo their version.
    const posted = text(form?.baseVersion);
    const base = posted ? Number(posted) : Number.NaN;
    if (Number.isInteger(base) && base !== version) {
      // Shown again on the latest version: a second save replaces it on purpose.
      return this.render(reply, user, HttpStatus.CONFLICT, { key, version }, draft, {
        errors: [{ field: '', message: staleVersion(base, version) }],
        focus: null,
      });
    }
    await this.save(reply, user, { key, version }, draft);
  }

  @Post('surveys/:key/edit/form')
  @ChangesNothing()
  async editSurveyForm(
    @Param('key') key: string,
    @Body() form: Form | undefined,
    @CurrentPrincipal() user: UserPrincipal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { version } = await this.surveys.getSurvey(key);
    this.act(request, reply, user, { key, version }, form ?? {});
  }

  /** The preview of the posted form alone, for htmx as someone types. Records nothing. */
  @Post('survey-preview')
  @ChangesNothing()
  preview(@Body() form: Form | undefined, @Res() reply: FastifyReply): void {
    const view = this.previews.preview(postedDraft(form ?? {}), false);
    this.page.send(reply, HttpStatus.OK, 'console-admin-survey-builder-preview', view);
  }

  private act(
    request: FastifyRequest,
    reply: FastifyReply,
    user: UserPrincipal,
    target: Target,
    form: Form,
  ): void {
    const action = text(form.action);
    const draft = postedDraft(form);
    const htmx = request.headers['hx-request'] === 'true';
    if (action === 'preview' && !htmx) {
      return this.render(reply, user, HttpStatus.OK, target, draft, { previewFocus: true });
    }
    const applied = applyAction(draft, action, text(form.newQuestionType));
    // A select that shows the form again as it changes (htmx) keeps the focus.
    const refreshed = /^focus:([A-Za-z0-9_-]{1,80})$/.exec(action)?.[1] ?? null;
    const shown = {
      focus: applied.focus ?? refreshed,
      errors: applied.refusal ? builderErrors([applied.refusal], WORDS) : [],
    };
    if (!htmx) {
      return this.render(reply, user, HttpStatus.OK, target, applied.draft, shown);
    }
    this.page.send(reply, HttpStatus.OK, 'console-admin-survey-builder-form', {
      form: this.form(user, target, applied.draft, shown),
      preview: this.previews.preview(applied.draft, false),
    });
  }

  /**
   * Checks the whole definition by the API's rules (every problem at once), then saves it through
   * the API's service: 303 to the saved survey's form, or the form again (400, or 409 for a key
   * taken) with each refusal next to its field.
   */
  private async save(
    reply: FastifyReply,
    user: UserPrincipal,
    target: Target,
    draft: SurveyDraft,
  ): Promise<void> {
    const isNew = target.key === null;
    const body = surveyDefinition(draft, isNew);
    const problems = surveyDefinitionProblems(body, { withKey: isNew });
    const refuse = (status: number, errors: BuilderError[]) =>
      this.render(reply, user, status, target, draft, { errors, focus: null });
    if (problems.length > 0) return refuse(HttpStatus.BAD_REQUEST, builderErrors(problems, WORDS));
    try {
      const saved =
        target.key === null
          ? await this.surveys.createSurvey(parsed(CreateSurveyDto, body))
          : await this.surveys.reviseSurvey(target.key, parsed(SurveyContentDto, body));
      redirectDone(reply, `/console/admin/surveys/${encodeURIComponent(saved.key)}/edit`, 'survey');
    } catch (error) {
      if (!(error instanceof ApiError) || error.status === HttpStatus.NOT_FOUND) throw error;
      refuse(error.status, refusalOf(error));
    }
  }

  private render(
    reply: FastifyReply,
    user: UserPrincipal,
    status: number,
    target: Target,
    draft: SurveyDraft,
    shown: Shown,
  ): void {
    const edit = target.key === null ? null : target;
    this.page.send(reply, status, 'console-admin-survey-builder', {
      ...this.page.frame(user, { notice: shown.notice ?? null }),
      heading: edit ? `Survey: ${draft.name || edit.key}` : 'New survey',
      survey: edit && { key: edit.key, version: edit.version, next: edit.version + 1 },
      saveAction: edit
        ? `/console/admin/surveys/${encodeURIComponent(edit.key)}/edit`
        : '/console/admin/new-survey',
      previewAction: PREVIEW_ACTION,
      jsonHref: edit
        ? `/console/admin/surveys/${encodeURIComponent(edit.key)}`
        : '/console/admin/surveys#new-survey-json',
      form: this.form(user, target, draft, shown),
      preview: this.previews.preview(draft, shown.previewFocus ?? false),
    });
  }

  private form(user: UserPrincipal, target: Target, draft: SurveyDraft, shown: Shown) {
    const formAction =
      target.key === null
        ? '/console/admin/new-survey/form'
        : `/console/admin/surveys/${encodeURIComponent(target.key)}/edit/form`;
    return builderForm({
      draft,
      isNew: target.key === null,
      csrfToken: user.csrfToken,
      baseVersion: target.key === null ? null : target.version,
      formAction,
      saveLabel: target.key === null ? 'Create survey' : `Save as version ${target.version + 1}`,
      errors: shown.errors ?? [],
      focus: shown.focus ?? null,
      words: WORDS,
    });
  }
}

/** Why a save was refused: the survey changed since the form was opened. */
function staleVersion(base: number, latest: number): string {
  return `Someone saved version ${latest} of this survey after you opened version ${base}: your changes are kept below, not saved. Save again to replace version ${latest} with them, or open the survey again to see it first.`;
}

/** A refusal of the service: its details on their fields, or a taken key on the key. */
function refusalOf(error: ApiError): BuilderError[] {
  if (error.code === 'survey_exists') {
    return [
      {
        field: 'key',
        message:
          'A survey with this key exists already: choose another key, or edit that survey as its next version.',
      },
    ];
  }
  if (error.details?.length) return builderErrors(error.details, WORDS);
  return [{ field: '', message: error.message }];
}

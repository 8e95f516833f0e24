import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow } from '../../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../../common/auth/current-principal.decorator';
import type { UserPrincipal } from '../../../common/auth/principal';
import { parsed } from '../../../common/validation/parse-dto';
import { CreateSurveyDto, SurveyContentDto } from '../../surveys/dto/survey.dto';
import { SurveysService } from '../../surveys/surveys.service';
import { type Form, jsonField, notice, redirectDone, submitted, text } from './admin-forms';
import { AdminPage, type Feedback } from './admin-page';

/** What a survey page shows besides the survey: the definition as it was posted. */
interface SurveyFeedback extends Feedback {
  definition?: string;
}

/** A small survey to start from: one question, the CSAT scale, English only. */
const NEW_SURVEY_EXAMPLE = {
  key: 'delivery',
  name: 'Your delivery',
  scale: 'csat5',
  questions: [{ id: 'comment', type: 'free_text', label: { en: 'Tell us more' } }],
  locales: { en: { emailSubject: 'How was your delivery?' } },
};

/** Surveys as JSON definitions, as the API takes them: add one, revise one into a new version. */
@ApiExcludeController()
@Allow('admin')
@Controller('console/admin/surveys')
export class AdminSurveysController {
  constructor(
    private readonly page: AdminPage,
    private readonly surveys: SurveysService,
  ) {}

  @Get()
  async surveysPage(@CurrentPrincipal() user: UserPrincipal, @Res() reply: FastifyReply) {
    await this.renderList(reply, user, 200, {});
  }

  /** A new survey from its JSON definition, as `POST /api/v1/surveys` takes it. */
  @Post()
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
        redirectDone(reply, `/console/admin/surveys/${created.key}`, 'survey');
      },
      (error) =>
        this.renderList(reply, user, error.status, {
          error: error.message,
          definition: text(form?.definition),
        }),
    );
  }

  @Get(':key')
  async surveyPage(
    @Param('key') key: string,
    @Query('done') done: unknown,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.renderOne(reply, user, key, 200, { notice: notice(done) });
  }

  /** The edited definition becomes the survey's next version (answers keep theirs). */
  @Post(':key')
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
        redirectDone(reply, `/console/admin/surveys/${encodeURIComponent(key)}`, 'survey');
      },
      (error) =>
        this.renderOne(reply, user, key, error.status, {
          error: error.message,
          definition: text(form?.definition),
        }),
    );
  }

  private async renderList(
    reply: FastifyReply,
    user: UserPrincipal,
    status: number,
    feedback: SurveyFeedback,
  ): Promise<void> {
    const { items } = await this.surveys.listSurveys({ limit: 200 });
    this.page.send(reply, status, 'console-admin-surveys', {
      ...this.page.frame(user, feedback),
      surveys: items,
      definition: feedback.definition ?? JSON.stringify(NEW_SURVEY_EXAMPLE, null, 2),
    });
  }

  private async renderOne(
    reply: FastifyReply,
    user: UserPrincipal,
    key: string,
    status: number,
    feedback: SurveyFeedback,
  ): Promise<void> {
    const survey = await this.surveys.getSurvey(key);
    const { key: _key, version, createdAt: _created, updatedAt: _updated, ...content } = survey;
    this.page.send(reply, status, 'console-admin-survey', {
      ...this.page.frame(user, feedback),
      survey: { key: survey.key, name: survey.name, version, next: version + 1 },
      definition: feedback.definition ?? JSON.stringify(content, null, 2),
    });
  }
}

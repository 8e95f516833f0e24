import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { type Page, PageQuery } from '../../common/pagination/page-query';
import { ApiTags } from '@nestjs/swagger';
import { Documented } from '../../common/api-docs/documented.decorator';
import { Allow, STAFF } from '../../common/auth/allow.decorator';
import { CreateSurveyDto, SurveyContentDto, SurveyDto } from './dto/survey.dto';
import { SurveysService } from './surveys.service';

@ApiTags('Surveys')
@Controller('api/v1/surveys')
export class SurveysController {
  constructor(private readonly surveys: SurveysService) {}

  @Post()
  @Allow('admin', 'integration')
  @Documented('Create a survey: its first version', { 201: SurveyDto }, 'survey_exists')
  create(@Body() body: CreateSurveyDto): Promise<SurveyDto> {
    return this.surveys.createSurvey(body);
  }

  @Get()
  @Allow(...STAFF, 'integration')
  @Documented('List the surveys, each at its latest version', { 200: { page: SurveyDto } })
  list(@Query() page: PageQuery): Promise<Page<SurveyDto>> {
    return this.surveys.listSurveys(page);
  }

  @Get(':key')
  @Allow(...STAFF, 'integration')
  @Documented("Read a survey's latest version", { 200: SurveyDto }, 'survey_not_found')
  get(@Param('key') key: string): Promise<SurveyDto> {
    return this.surveys.getSurvey(key);
  }

  /** Makes a new version; invitations already sent keep the version they were sent with. */
  @Put(':key')
  @Allow('admin', 'integration')
  @Documented(
    'Change a survey: a new version (invitations already sent keep theirs)',
    { 200: SurveyDto },
    'survey_not_found',
  )
  revise(@Param('key') key: string, @Body() body: SurveyContentDto): Promise<SurveyDto> {
    return this.surveys.reviseSurvey(key, body);
  }
}

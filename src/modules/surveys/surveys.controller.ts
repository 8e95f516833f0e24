import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { type Page, PageQuery } from '../../common/pagination/page-query';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { Allow, STAFF } from '../../common/auth/allow.decorator';
import { CreateSurveyDto, SurveyContentDto, SurveyDto } from './dto/survey.dto';
import { SurveysService } from './surveys.service';

@ApiTags('Surveys')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('api/v1/surveys')
export class SurveysController {
  constructor(private readonly surveys: SurveysService) {}

  @Post()
  @Allow('admin', 'integration')
  create(@Body() body: CreateSurveyDto): Promise<SurveyDto> {
    return this.surveys.createSurvey(body);
  }

  @Get()
  @Allow(...STAFF, 'integration')
  list(@Query() page: PageQuery): Promise<Page<SurveyDto>> {
    return this.surveys.listSurveys(page);
  }

  @Get(':key')
  @Allow(...STAFF, 'integration')
  get(@Param('key') key: string): Promise<SurveyDto> {
    return this.surveys.getSurvey(key);
  }

  /** Makes a new version; invitations already sent keep the version they were sent with. */
  @Put(':key')
  @Allow('admin', 'integration')
  revise(@Param('key') key: string, @Body() body: SurveyContentDto): Promise<SurveyDto> {
    return this.surveys.reviseSurvey(key, body);
  }
}

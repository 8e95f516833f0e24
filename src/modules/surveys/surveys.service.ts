import {
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  type Page,
  pageOf,
  type PageQuery,
} from '../../common/pagination/page-query';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isUniqueViolation } from '../../common/database/postgres-errors';
import { CreateSurveyDto, SurveyContentDto, SurveyDto } from './dto/survey.dto';
import { resolveSurveyContent, surveyContentProblems } from './survey-rules';
import { SurveyVersion } from './survey-version.entity';
import { Survey } from './survey.entity';
import { invalidSurvey, surveyKeyTaken, surveyNotFound } from './surveys.errors';

export const toSurveyDto = (survey: Survey, version: SurveyVersion): SurveyDto => ({
  key: survey.key,
  name: version.name,
  version: version.version,
  scale: version.scale,
  questions: version.questions,
  preferences: version.preferences,
  dissatisfiedAtOrBelow: version.dissatisfiedAtOrBelow,
  followUp: version.followUp,
  contactPolicy: version.contactPolicy,
  locales: version.texts,
  createdAt: survey.createdAt.toISOString(),
  updatedAt: survey.updatedAt.toISOString(),
});

@Injectable()
export class SurveysService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async createSurvey(input: CreateSurveyDto): Promise<SurveyDto> {
    const content = validated(input);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const survey = await manager.save(
          manager.create(Survey, { key: input.key, name: content.name, currentVersion: 1 }),
        );
        const version = await manager.save(
          manager.create(SurveyVersion, { ...content, surveyId: survey.id, version: 1 }),
        );
        return toSurveyDto(survey, version);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw surveyKeyTaken();
      }
      throw error;
    }
  }

  /** Stores the content as the survey's next version; earlier versions stay as answered. */
  async reviseSurvey(key: string, input: SurveyContentDto): Promise<SurveyDto> {
    const content = validated(input);
    return this.dataSource.transaction(async (manager) => {
      const survey = await manager.findOne(Survey, {
        where: { key },
        lock: { mode: 'pessimistic_write' },
      });
      if (!survey) throw surveyNotFound();
      survey.currentVersion += 1;
      survey.name = content.name;
      await manager.save(survey);
      const version = await manager.save(
        manager.create(SurveyVersion, {
          ...content,
          surveyId: survey.id,
          version: survey.currentVersion,
        }),
      );
      return toSurveyDto(survey, version);
    });
  }

  async getSurvey(key: string): Promise<SurveyDto> {
    const { survey, version } = await this.currentVersion(key);
    return toSurveyDto(survey, version);
  }

  /** By key, a page at a time, each at its current version. */
  async listSurveys({ limit = DEFAULT_PAGE_SIZE, cursor }: PageQuery): Promise<Page<SurveyDto>> {
    const query = this.dataSource
      .getRepository(SurveyVersion)
      .createQueryBuilder('v')
      .innerJoinAndSelect('v.survey', 's', 's.current_version = v.version')
      .orderBy('s.key')
      .take(limit + 1);
    if (cursor) query.where('s.key > :key', { key: decodeCursor(cursor, 1)[0] });
    return pageOf(
      await query.getMany(),
      limit,
      (version) => toSurveyDto(version.survey!, version),
      (version) => [version.survey!.key],
    );
  }

  /** The version new invitations use. */
  async currentVersion(key: string): Promise<{ survey: Survey; version: SurveyVersion }> {
    const survey = await this.dataSource.getRepository(Survey).findOneBy({ key });
    if (!survey) throw surveyNotFound();
    const version = await this.dataSource
      .getRepository(SurveyVersion)
      .findOneByOrFail({ surveyId: survey.id, version: survey.currentVersion });
    return { survey, version };
  }

  async surveyExists(key: string): Promise<boolean> {
    return this.dataSource.getRepository(Survey).existsBy({ key });
  }
}

function validated(input: SurveyContentDto) {
  const problems = surveyContentProblems(input);
  if (problems.length) throw invalidSurvey(problems);
  return resolveSurveyContent(input);
}

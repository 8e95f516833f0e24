import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { LOCALES, type Locale } from '../../../common/i18n/locale';
import { QUESTION_TYPES, type QuestionType } from '../../surveys/survey-definition';
import type { AnonymousCount } from '../anonymous-counts';
import { PeriodDto } from './breakdown-result.dto';
import { INTERVALS, type Interval } from './report-filter.dto';

/** A text in every language customers read Candor in. */
const IN_EVERY_LOCALE = {
  type: 'object',
  properties: Object.fromEntries(LOCALES.map((locale) => [locale, { type: String }])),
  required: [...LOCALES],
  selfRequired: true,
} as ApiPropertyOptions;

/** How many answered anonymously; `{count: null, fewerThan: 5}` when 1 to 4 (not told). */
export class AnonymousCountDto {
  @ApiProperty({ type: 'integer', nullable: true })
  count: number | null;

  @ApiPropertyOptional({ enum: [5], description: 'Present when the count is hidden' })
  fewerThan?: 5;
}

const ANONYMOUS = { type: AnonymousCountDto } as const;

export class QuestionCountDto {
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Identified and anonymous; null when the anonymous part is hidden',
  })
  count: number | null;

  @ApiProperty({ type: 'integer' })
  identified: number;

  @ApiProperty(ANONYMOUS)
  anonymous: AnonymousCount;
}

export class DistributionItemDto extends QuestionCountDto {
  @ApiProperty({ example: '4', description: "The choice, or the rating ('1' to '5'), as stored" })
  value: string;

  @ApiProperty(IN_EVERY_LOCALE)
  label: Record<Locale, string>;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Of those answering the question (four places); null when hidden or none answered',
  })
  share: number | null;
}

export class TrendPointDto {
  @ApiProperty({ format: 'date-time' })
  start: string;

  @ApiProperty({ type: 'integer', description: 'Identified answers only' })
  answering: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    nullable: true,
    description: "Each value's share of those answering; null with none answering",
  })
  shares: Record<string, number> | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Ratings only' })
  mean?: number | null;
}

export class QuestionResultDto {
  @ApiProperty({ example: 'what_went_wrong', description: 'Matched across versions by it' })
  id: string;

  @ApiProperty({ enum: QUESTION_TYPES })
  kind: QuestionType;

  @ApiProperty(IN_EVERY_LOCALE)
  text: Record<Locale, string>;

  @ApiProperty({ type: [Number], example: [1, 2], description: 'The versions that ask it' })
  versions: number[];

  @ApiProperty({ type: QuestionCountDto })
  answering: QuestionCountDto;

  @ApiProperty({
    ...ANONYMOUS,
    description: 'Anonymous answers of months in which fewer than 5 answered it: not counted',
  })
  anonymousLeftOut: AnonymousCount;

  @ApiProperty({ type: [DistributionItemDto] })
  distribution: DistributionItemDto[];

  @ApiProperty({ type: [TrendPointDto] })
  trend: TrendPointDto[];
}

export class QuestionResultsSurveyDto {
  @ApiProperty({ example: 'stay' })
  key: string;

  @ApiProperty({ example: 'Your stay with us' })
  name: string;
}

/** `GET /api/v1/reports/questions`: what a survey's own questions found. */
export class QuestionResultsDto {
  @ApiProperty({ type: PeriodDto })
  period: PeriodDto;

  @ApiProperty({ type: QuestionResultsSurveyDto })
  survey: QuestionResultsSurveyDto;

  @ApiProperty({ enum: INTERVALS, description: "The trend's buckets" })
  interval: Interval;

  @ApiProperty({ type: [QuestionResultDto] })
  questions: QuestionResultDto[];
}

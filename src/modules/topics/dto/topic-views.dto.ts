import { ApiProperty, type ApiPropertyOptions, type SchemaObject } from '@nestjs/swagger';
import { LOCALES, type Locale } from '../../../common/i18n/locale';
import type { RetagStatus } from '../topic-retag.entity';
import type { TopicRules } from '../topic-terms';

/** An object with a field per language customers read Candor in. */
const perLocale = (value: SchemaObject, description?: string): ApiPropertyOptions =>
  ({
    type: 'object',
    description,
    properties: Object.fromEntries(LOCALES.map((locale) => [locale, value])),
    required: [...LOCALES],
    selfRequired: true,
  }) as ApiPropertyOptions;

/** Mean scores by scale (`csat5`, `nps`, `ces7`): scores of different scales never mix. */
const BY_SCALE: ApiPropertyOptions = {
  type: 'object',
  additionalProperties: { type: 'number' },
  example: { csat5: 2.4 },
  description: "The mean score of those comments' answers, per scale, to two places",
};

const PERIOD_TIME = { type: Date, format: 'date-time' } as const;

/** A topic as the API gives it. */
export class TopicView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty(perLocale({ type: 'string' }))
  names: Record<Locale, string>;

  @ApiProperty({ description: 'false: kept, but tags no comment' })
  active: boolean;

  @ApiProperty(perLocale({ type: 'array', items: { type: 'string' } }, 'Words and phrases'))
  rules: TopicRules;

  @ApiProperty(PERIOD_TIME)
  createdAt: Date;

  @ApiProperty(PERIOD_TIME)
  updatedAt: Date;
}

const RETAG_STATES: (Exclude<RetagStatus, 'superseded'> | 'idle')[] = [
  'idle',
  'waiting',
  'running',
  'done',
];

/** How far re-tagging every comment is. */
export class RetagProgress {
  @ApiProperty({ enum: RETAG_STATES, description: 'idle: never asked for' })
  status: Exclude<RetagStatus, 'superseded'> | 'idle';

  @ApiProperty({ example: 1200, description: 'Comments tagged again so far' })
  done: number;

  @ApiProperty({ example: 5000 })
  total: number;

  @ApiProperty({ ...PERIOD_TIME, nullable: true })
  requestedAt: Date | null;

  @ApiProperty({ ...PERIOD_TIME, nullable: true })
  startedAt: Date | null;

  @ApiProperty({ ...PERIOD_TIME, nullable: true })
  finishedAt: Date | null;
}

export class TopicPreviewMatchesDto {
  @ApiProperty({ example: 12 })
  identified: number;

  @ApiProperty({ type: Number, nullable: true, description: 'null: fewer than 5 (not told)' })
  anonymous: number | null;

  @ApiProperty({ example: 12, description: 'The two it can tell' })
  total: number;
}

/** A matching comment shown as an example: nothing that names the person. */
export class TopicPreviewExampleDto {
  @ApiProperty({ example: 'The room was dirty.' })
  comment: string;

  @ApiProperty({ example: 2 })
  score: number;

  @ApiProperty({ example: 'csat5' })
  scale: string;

  @ApiProperty({ description: 'Always true: no anonymous comment is shown' })
  identified: boolean;

  @ApiProperty({ ...PERIOD_TIME, nullable: true })
  submittedAt: Date | null;

  @ApiProperty({ type: String, nullable: true, example: '2026-11' })
  month: string | null;
}

/** What rules would match among the comments of the last `days`. */
export class TopicPreviewView {
  @ApiProperty({ example: 90 })
  days: number;

  @ApiProperty({ type: TopicPreviewMatchesDto })
  matches: TopicPreviewMatchesDto;

  @ApiProperty({ type: [TopicPreviewExampleDto], description: 'The newest 20 identified ones' })
  examples: TopicPreviewExampleDto[];
}

export class TopicPeriodDto {
  @ApiProperty(PERIOD_TIME)
  from: Date;

  @ApiProperty({ ...PERIOD_TIME, description: 'Exclusive' })
  to: Date;
}

export class TopicRefDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Room cleanliness', description: 'In English' })
  name: string;

  @ApiProperty(perLocale({ type: 'string' }))
  names: Record<Locale, string>;

  @ApiProperty()
  active: boolean;
}

export class TopicReportItem {
  @ApiProperty({ type: TopicRefDto })
  topic: TopicRefDto;

  @ApiProperty({ example: 14, description: 'Comments about it in the period' })
  comments: number;

  @ApiProperty({ example: 9, description: 'In the period of equal length before' })
  previousComments: number;

  @ApiProperty({ example: 5, description: 'comments - previousComments' })
  change: number;

  @ApiProperty(BY_SCALE)
  averageScore: Record<string, number>;

  @ApiProperty(BY_SCALE)
  previousAverageScore: Record<string, number>;
}

/** Comments per topic in the period, beside the period before. */
export class TopicReportView {
  @ApiProperty({ type: TopicPeriodDto })
  period: TopicPeriodDto;

  @ApiProperty({ type: TopicPeriodDto })
  previousPeriod: TopicPeriodDto;

  @ApiProperty({ type: [TopicReportItem] })
  items: TopicReportItem[];
}

export class PhraseDto {
  @ApiProperty({ example: 'front desk' })
  phrase: string;

  @ApiProperty({ example: 2, description: 'Words in it: 1 to 3' })
  words: number;

  @ApiProperty({ example: 7, description: 'Comments it appears in' })
  comments: number;

  @ApiProperty(BY_SCALE)
  averageScore: Record<string, number>;
}

/** The period's frequent phrases, most frequent first. */
export class PhrasesView {
  @ApiProperty({ type: TopicPeriodDto })
  period: TopicPeriodDto;

  @ApiProperty({ enum: LOCALES, isArray: true, description: 'Whose stop words were left out' })
  stopWords: Locale[];

  @ApiProperty({ example: 3, description: 'A phrase said in fewer comments is not shown' })
  minComments: number;

  @ApiProperty({ example: 412, description: 'At most `cap`: the most recent of the period' })
  commentsRead: number;

  @ApiProperty({ example: 20000 })
  cap: number;

  @ApiProperty({ description: 'The period had more comments than were read' })
  capped: boolean;

  @ApiProperty({ description: 'Anonymous comments are read only when the period has 10 or more' })
  anonymousIncluded: boolean;

  @ApiProperty({ type: [PhraseDto] })
  items: PhraseDto[];
}

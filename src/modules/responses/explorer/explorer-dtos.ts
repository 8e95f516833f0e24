import { ApiProperty } from '@nestjs/swagger';
import type { Page } from '../../../common/pagination/page-query';
import { SCALES, type Scale } from '../../surveys/survey-definition';
import { SCORE_BANDS, type ScoreBand } from '../score-bands';
import { TouchpointView } from '../../invitations/dto/invitation.dto';

class ExploredCustomerDto {
  @ApiProperty({ example: 'crm-1' })
  externalId: string;

  @ApiProperty({ type: String, nullable: true, example: 'Ann Virtanen' })
  name: string | null;
}

/** What every answer shows, identified or anonymous. */
class AnswerBasicsDto {
  @ApiProperty({ example: 'stay', description: 'The survey key' })
  survey: string;

  @ApiProperty({ example: 'Your stay with us' })
  surveyName: string;

  @ApiProperty({ enum: SCALES })
  scale: Scale;

  @ApiProperty({ example: 2 })
  score: number;

  @ApiProperty({ enum: SCORE_BANDS, description: 'low (unhappy), mid or high (happy)' })
  band: ScoreBand;

  @ApiProperty({ type: String, nullable: true })
  comment: string | null;
}

/** One identified answer in the explorer's list. */
export class ExploredAnswerDto extends AnswerBasicsDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({
    type: ExploredCustomerDto,
    nullable: true,
    description: 'null once the customer is erased',
  })
  customer: ExploredCustomerDto | null;

  @ApiProperty({ type: TouchpointView, nullable: true })
  touchpoint: TouchpointView | null;

  @ApiProperty({ format: 'date-time' })
  submittedAt: string;
}

export class ExploredAnswerPageDto implements Page<ExploredAnswerDto> {
  @ApiProperty({ type: [ExploredAnswerDto] })
  items: ExploredAnswerDto[];

  @ApiProperty({ type: String, nullable: true, description: 'null on the last page' })
  nextCursor: string | null;
}

export class LabelledAnswerDto {
  @ApiProperty({ example: 'what_went_wrong' })
  questionId: string;

  @ApiProperty({ example: 'What could have gone better?' })
  question: string;

  @ApiProperty({ type: [String], description: 'In words; empty when unanswered' })
  answer: string[];
}

/**
 * An anonymous answer: its month, survey, score, the survey's questions with its answers in words
 * and its comment. Nothing else: no id, no time, no touchpoint, nothing that joins to anything.
 */
export class AnonymousAnswerDto extends AnswerBasicsDto {
  @ApiProperty({ example: '2026-11', description: 'The month it was given (UTC)' })
  month: string;

  @ApiProperty({ type: [LabelledAnswerDto] })
  questions: LabelledAnswerDto[];
}

export class AnonymousAnswerPageDto implements Page<AnonymousAnswerDto> {
  @ApiProperty({
    description: `False when fewer than 5 anonymous answers match: then none is listed`,
  })
  listed: boolean;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'How many match (5 or more); null when fewer than 5 do',
  })
  count: number | null;

  @ApiProperty({ type: [AnonymousAnswerDto] })
  items: AnonymousAnswerDto[];

  @ApiProperty({ type: String, nullable: true, description: 'null on the last page' })
  nextCursor: string | null;
}

/** One identified answer whole, in words: the explorer's reading view. */
export class AnswerReadingDto extends ExploredAnswerDto {
  @ApiProperty({ example: 1, description: 'The survey version answered' })
  surveyVersion: number;

  @ApiProperty({
    type: 'object',
    properties: { min: { type: 'integer' }, max: { type: 'integer' } },
    required: ['min', 'max'],
    selfRequired: true,
    description: 'The ends of its scale',
    example: { min: 1, max: 5 },
  })
  range: { min: number; max: number };

  @ApiProperty({ type: [LabelledAnswerDto], description: 'Every question of the survey version' })
  questions: LabelledAnswerDto[];

  @ApiProperty({ type: [String], description: 'The preferences stated, in the survey’s words' })
  preferences: string[];

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The case it opened, when the reader may open it',
  })
  caseId: string | null;
}

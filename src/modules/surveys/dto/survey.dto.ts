import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { QUESTION_TYPES, SCALES, SURVEY_LIMITS } from '../survey-definition';
import type { LocalisedText, QuestionType, Scale, SurveyTexts } from '../survey-definition';

const SLUG = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const SLUG_MESSAGE = 'must be 1 to 64 lower-case letters, digits, - or _';
const PREFERENCE_LIMIT = `must have at most ${SURVEY_LIMITS.preferenceOptions} options`;

export class ChoiceOptionDto {
  @Matches(SLUG, { message: SLUG_MESSAGE })
  value: string;

  @ApiProperty({ example: { en: 'Late delivery', fi: 'Myöhässä' } })
  @IsObject({ message: 'must map locales to texts, e.g. {"en": "…"}' })
  label: LocalisedText;
}

export class QuestionDto {
  @Matches(SLUG, { message: SLUG_MESSAGE })
  id: string;

  @IsIn(QUESTION_TYPES, { message: `must be one of ${QUESTION_TYPES.join(', ')}` })
  type: QuestionType;

  @ApiProperty({ example: { en: 'What went wrong?' } })
  @IsObject({ message: 'must map locales to texts, e.g. {"en": "…"}' })
  label: LocalisedText;

  @IsOptional()
  @IsArray({ message: 'must be a list' })
  @ArrayMaxSize(SURVEY_LIMITS.options, {
    message: `must have at most ${SURVEY_LIMITS.options} options`,
  })
  @ValidateNested({ each: true })
  @Type(() => ChoiceOptionDto)
  options?: ChoiceOptionDto[];

  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  required?: boolean;
}

export class PreferenceOptionsDto {
  @IsArray({ message: 'must be a list' })
  @ArrayMaxSize(SURVEY_LIMITS.preferenceOptions, { message: PREFERENCE_LIMIT })
  @ValidateNested({ each: true })
  @Type(() => ChoiceOptionDto)
  contexts: ChoiceOptionDto[];

  @IsArray({ message: 'must be a list' })
  @ArrayMaxSize(SURVEY_LIMITS.preferenceOptions, { message: PREFERENCE_LIMIT })
  @ValidateNested({ each: true })
  @Type(() => ChoiceOptionDto)
  channels: ChoiceOptionDto[];

  @IsArray({ message: 'must be a list' })
  @ArrayMaxSize(SURVEY_LIMITS.preferenceOptions, { message: PREFERENCE_LIMIT })
  @ValidateNested({ each: true })
  @Type(() => ChoiceOptionDto)
  contactTimes: ChoiceOptionDto[];

  @IsArray({ message: 'must be a list' })
  @ArrayMaxSize(SURVEY_LIMITS.preferenceOptions, { message: PREFERENCE_LIMIT })
  @ValidateNested({ each: true })
  @Type(() => ChoiceOptionDto)
  interests: ChoiceOptionDto[];
}

export class FollowUpDto {
  @IsInt({ message: 'must be a whole number of hours' })
  @Min(1, { message: 'must be at least 1 hour' })
  @Max(24 * 90, { message: 'must be at most 2160 hours' })
  firstContactHours: number;

  @IsInt({ message: 'must be a whole number of hours' })
  @Min(1, { message: 'must be at least 1 hour' })
  @Max(24 * 365, { message: 'must be at most 8760 hours' })
  resolutionHours: number;

  @IsOptional()
  @IsInt({ message: 'must be a whole number of hours' })
  @Min(0, { message: 'must be 0 or more hours' })
  @Max(24 * 30, { message: 'must be at most 720 hours' })
  recoveryDelayHours?: number;
}

export class ContactPolicyDto {
  @IsOptional()
  @IsInt({ message: 'must be a whole number' })
  @Min(0)
  @Max(100)
  maxInvitations?: number;

  @IsOptional()
  @IsInt({ message: 'must be a whole number of days' })
  @Min(1)
  @Max(365)
  invitationWindowDays?: number;

  @IsOptional()
  @IsInt({ message: 'must be a whole number' })
  @Min(0)
  @Max(100)
  maxMessages?: number;

  @IsOptional()
  @IsInt({ message: 'must be a whole number of days' })
  @Min(1)
  @Max(365)
  messageWindowDays?: number;

  @IsOptional()
  @IsInt({ message: 'must be a whole number of hours' })
  @Min(1)
  @Max(24 * 60)
  reminderAfterHours?: number;

  @IsOptional()
  @IsInt({ message: 'must be a whole number of days' })
  @Min(1)
  @Max(365)
  expiryDays?: number;
}

/** The editable content of a survey; `PUT /api/v1/surveys/{key}` stores it as a new version. */
export class SurveyContentDto {
  @ApiProperty({ example: 'Delivery satisfaction' })
  @IsString({ message: 'must be text' })
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  name: string;

  @ApiProperty({ enum: SCALES })
  @IsIn(SCALES, { message: 'must be one of csat5, nps, ces7' })
  scale: Scale;

  @IsArray({ message: 'must be a list' })
  @ArrayMaxSize(SURVEY_LIMITS.questions, {
    message: `must have at most ${SURVEY_LIMITS.questions} questions`,
  })
  @ValidateNested({ each: true })
  @Type(() => QuestionDto)
  questions: QuestionDto[];

  @ApiPropertyOptional({ description: 'Defaults: csat5 ≤ 2, nps ≤ 6, ces7 ≤ 3' })
  @IsOptional()
  @IsInt({ message: 'must be a whole number on the scale' })
  dissatisfiedAtOrBelow?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => FollowUpDto)
  followUp?: FollowUpDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => ContactPolicyDto)
  contactPolicy?: ContactPolicyDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => PreferenceOptionsDto)
  preferences?: PreferenceOptionsDto;

  @ApiPropertyOptional({
    description: 'Email texts per locale; English and Finnish defaults fill what is left out',
    example: { en: { emailSubject: 'How was your delivery?' } },
  })
  @IsOptional()
  @IsObject({ message: 'must map locales to texts' })
  locales?: Record<string, Partial<SurveyTexts>>;
}

export class CreateSurveyDto extends SurveyContentDto {
  @ApiProperty({ example: 'delivery' })
  @Matches(SLUG, { message: SLUG_MESSAGE })
  key: string;
}

export interface SurveyDto {
  key: string;
  name: string;
  version: number;
  scale: Scale;
  questions: QuestionDto[];
  preferences: PreferenceOptionsDto;
  dissatisfiedAtOrBelow: number;
  followUp: FollowUpDto;
  contactPolicy: Required<ContactPolicyDto>;
  locales: Record<string, SurveyTexts>;
  createdAt: string;
  updatedAt: string;
}

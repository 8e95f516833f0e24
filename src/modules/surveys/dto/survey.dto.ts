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

/** `{en: "…", fi: "…"}`: English is the fallback. */
const LOCALISED_TEXT = { type: 'object', additionalProperties: { type: 'string' } } as const;

const SURVEY_TEXTS = {
  type: 'object',
  properties: {
    emailSubject: { type: 'string', description: '`{{company}}` and `{{touchpoint}}` may appear' },
    emailIntro: { type: 'string' },
    scoreQuestion: { type: 'string', description: 'Shown with the one-click score buttons' },
    reminderSubject: { type: 'string' },
  },
} as const;
const SURVEY_TEXT_FIELDS = Object.keys(SURVEY_TEXTS.properties);

export class ChoiceOptionDto {
  @ApiProperty({ example: 'late_delivery' })
  @Matches(SLUG, { message: SLUG_MESSAGE })
  value: string;

  @ApiProperty({ ...LOCALISED_TEXT, example: { en: 'Late delivery', fi: 'Myöhässä' } })
  @IsObject({ message: 'must map locales to texts, e.g. {"en": "…"}' })
  label: LocalisedText;
}

export class QuestionDto {
  @ApiProperty({
    example: 'what_went_wrong',
    description: 'Its key: a reworded question keeps it, and its figures run on',
  })
  @Matches(SLUG, { message: SLUG_MESSAGE })
  id: string;

  @ApiProperty({ enum: QUESTION_TYPES })
  @IsIn(QUESTION_TYPES, { message: `must be one of ${QUESTION_TYPES.join(', ')}` })
  type: QuestionType;

  @ApiProperty({ ...LOCALISED_TEXT, example: { en: 'What went wrong?' } })
  @IsObject({ message: 'must map locales to texts, e.g. {"en": "…"}' })
  label: LocalisedText;

  @ApiPropertyOptional({ type: [ChoiceOptionDto], description: 'The choices of a choice question' })
  @IsOptional()
  @IsArray({ message: 'must be a list' })
  @ArrayMaxSize(SURVEY_LIMITS.options, {
    message: `must have at most ${SURVEY_LIMITS.options} options`,
  })
  @ValidateNested({ each: true })
  @Type(() => ChoiceOptionDto)
  options?: ChoiceOptionDto[];

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  required?: boolean;
}

export class PreferenceOptionsDto {
  @ApiProperty({
    type: [ChoiceOptionDto],
    description: "Where they are served (a hotel's spa, restaurant)",
  })
  @IsArray({ message: 'must be a list' })
  @ArrayMaxSize(SURVEY_LIMITS.preferenceOptions, { message: PREFERENCE_LIMIT })
  @ValidateNested({ each: true })
  @Type(() => ChoiceOptionDto)
  contexts: ChoiceOptionDto[];

  @ApiProperty({ type: [ChoiceOptionDto], description: 'How they want to be contacted' })
  @IsArray({ message: 'must be a list' })
  @ArrayMaxSize(SURVEY_LIMITS.preferenceOptions, { message: PREFERENCE_LIMIT })
  @ValidateNested({ each: true })
  @Type(() => ChoiceOptionDto)
  channels: ChoiceOptionDto[];

  @ApiProperty({
    type: [ChoiceOptionDto],
    description: 'When: morning, daytime, afternoon or evening hold emails until then',
  })
  @IsArray({ message: 'must be a list' })
  @ArrayMaxSize(SURVEY_LIMITS.preferenceOptions, { message: PREFERENCE_LIMIT })
  @ValidateNested({ each: true })
  @Type(() => ChoiceOptionDto)
  contactTimes: ChoiceOptionDto[];

  @ApiProperty({ type: [ChoiceOptionDto], description: 'What they care about' })
  @IsArray({ message: 'must be a list' })
  @ArrayMaxSize(SURVEY_LIMITS.preferenceOptions, { message: PREFERENCE_LIMIT })
  @ValidateNested({ each: true })
  @Type(() => ChoiceOptionDto)
  interests: ChoiceOptionDto[];
}

export class FollowUpDto {
  @ApiProperty({ example: 24, description: 'Business hours to the first contact' })
  @IsInt({ message: 'must be a whole number of hours' })
  @Min(1, { message: 'must be at least 1 hour' })
  @Max(24 * 90, { message: 'must be at most 2160 hours' })
  firstContactHours: number;

  @ApiProperty({ example: 240, description: 'Business hours to the resolution' })
  @IsInt({ message: 'must be a whole number of hours' })
  @Min(1, { message: 'must be at least 1 hour' })
  @Max(24 * 365, { message: 'must be at most 8760 hours' })
  resolutionHours: number;

  @ApiPropertyOptional({
    example: 0,
    description: 'Hours after a resolution before the recovery survey goes out',
  })
  @IsOptional()
  @IsInt({ message: 'must be a whole number of hours' })
  @Min(0, { message: 'must be 0 or more hours' })
  @Max(24 * 30, { message: 'must be at most 720 hours' })
  recoveryDelayHours?: number;
}

export class ContactPolicyDto {
  @ApiPropertyOptional({
    example: 1,
    description: 'Invitations per invitationWindowDays to one customer, per survey',
  })
  @IsOptional()
  @IsInt({ message: 'must be a whole number' })
  @Min(0)
  @Max(100)
  maxInvitations?: number;

  @ApiPropertyOptional({ example: 30 })
  @IsOptional()
  @IsInt({ message: 'must be a whole number of days' })
  @Min(1)
  @Max(365)
  invitationWindowDays?: number;

  @ApiPropertyOptional({
    example: 3,
    description:
      'Unsolicited emails (invitations, reminders) per messageWindowDays, across surveys',
  })
  @IsOptional()
  @IsInt({ message: 'must be a whole number' })
  @Min(0)
  @Max(100)
  maxMessages?: number;

  @ApiPropertyOptional({ example: 7 })
  @IsOptional()
  @IsInt({ message: 'must be a whole number of days' })
  @Min(1)
  @Max(365)
  messageWindowDays?: number;

  @ApiPropertyOptional({ example: 72 })
  @IsOptional()
  @IsInt({ message: 'must be a whole number of hours' })
  @Min(1)
  @Max(24 * 60)
  reminderAfterHours?: number;

  @ApiPropertyOptional({ example: 14, description: 'Days a survey link stays open' })
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

  @ApiProperty({
    type: [QuestionDto],
    description: 'Asked after the score, in this order (the score question is not one of them)',
  })
  @IsArray({ message: 'must be a list' })
  @ArrayMaxSize(SURVEY_LIMITS.questions, {
    message: `must have at most ${SURVEY_LIMITS.questions} questions`,
  })
  @ValidateNested({ each: true })
  @Type(() => QuestionDto)
  questions: QuestionDto[];

  @ApiPropertyOptional({
    type: 'integer',
    description: 'A score at or below it opens a case. Defaults: csat5 2, nps 6, ces7 3',
  })
  @IsOptional()
  @IsInt({ message: 'must be a whole number on the scale' })
  dissatisfiedAtOrBelow?: number;

  @ApiPropertyOptional({ type: FollowUpDto, description: 'Defaults: 24 and 240 business hours, 0' })
  @IsOptional()
  @ValidateNested()
  @Type(() => FollowUpDto)
  followUp?: FollowUpDto;

  @ApiPropertyOptional({
    type: ContactPolicyDto,
    description: 'What is left out keeps its default',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ContactPolicyDto)
  contactPolicy?: ContactPolicyDto;

  @ApiPropertyOptional({
    type: PreferenceOptionsDto,
    description: 'The choices the survey offers for stating preferences',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => PreferenceOptionsDto)
  preferences?: PreferenceOptionsDto;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: SURVEY_TEXTS,
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

/** The contact policy a survey version applies, every field given. */
export class AppliedContactPolicyDto implements Required<ContactPolicyDto> {
  @ApiProperty({ example: 1 })
  maxInvitations: number;

  @ApiProperty({ example: 30 })
  invitationWindowDays: number;

  @ApiProperty({ example: 3 })
  maxMessages: number;

  @ApiProperty({ example: 7 })
  messageWindowDays: number;

  @ApiProperty({ example: 72 })
  reminderAfterHours: number;

  @ApiProperty({ example: 14 })
  expiryDays: number;
}

/** A survey's latest version, every default filled in. */
export class SurveyDto {
  @ApiProperty({ example: 'delivery' })
  key: string;

  @ApiProperty({ example: 'Delivery satisfaction' })
  name: string;

  @ApiProperty({ example: 2, description: 'Each change makes a new version' })
  version: number;

  @ApiProperty({ enum: SCALES })
  scale: Scale;

  @ApiProperty({ type: [QuestionDto] })
  questions: QuestionDto[];

  @ApiProperty({ type: PreferenceOptionsDto })
  preferences: PreferenceOptionsDto;

  @ApiProperty({ type: 'integer', example: 2 })
  dissatisfiedAtOrBelow: number;

  @ApiProperty({ type: FollowUpDto })
  followUp: FollowUpDto;

  @ApiProperty({ type: AppliedContactPolicyDto })
  contactPolicy: AppliedContactPolicyDto;

  @ApiProperty({
    type: 'object',
    additionalProperties: { ...SURVEY_TEXTS, required: SURVEY_TEXT_FIELDS },
  })
  locales: Record<string, SurveyTexts>;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

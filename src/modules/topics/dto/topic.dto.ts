import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { LOCALES, type Locale } from '../../../common/i18n/locale';
import { TERM_LIMITS } from '../topic-terms';

const TERMS = `words and phrases, up to ${TERM_LIMITS.perLanguage}`;

/** A topic's name in every language the console speaks. */
export class TopicNamesDto {
  @ApiProperty({ example: 'Room cleanliness' })
  @IsString({ message: 'must be text' })
  @MaxLength(80, { message: 'must be at most 80 characters' })
  en: string;

  @ApiProperty({ example: 'Huoneen siisteys' })
  @IsString({ message: 'must be text' })
  @MaxLength(80, { message: 'must be at most 80 characters' })
  fi: string;
}

/** Words and phrases per language; a comment matching any one is about the topic. */
export class TopicRulesDto {
  @ApiPropertyOptional({
    example: ['dirty', 'clean*', 'room cleaning'],
    description: `English ${TERMS}: a word (its inflections match), a phrase (its words in order), or a word ending in * (every word starting so)`,
  })
  @IsOptional()
  @IsArray({ message: 'must be a list of words and phrases' })
  @ArrayMaxSize(TERM_LIMITS.perLanguage, {
    message: `must have at most ${TERM_LIMITS.perLanguage} words and phrases`,
  })
  @IsString({ each: true, message: 'must be a list of words and phrases' })
  en?: string[];

  @ApiPropertyOptional({
    example: ['likainen', 'siivo*', 'huoneen siivous'],
    description: `Finnish ${TERMS}`,
  })
  @IsOptional()
  @IsArray({ message: 'must be a list of words and phrases' })
  @ArrayMaxSize(TERM_LIMITS.perLanguage, {
    message: `must have at most ${TERM_LIMITS.perLanguage} words and phrases`,
  })
  @IsString({ each: true, message: 'must be a list of words and phrases' })
  fi?: string[];
}

/** `POST /api/v1/topics/preview`: rules to try on recent comments, nothing saved. */
export class TopicPreviewDto {
  @ApiProperty({ type: TopicRulesDto })
  @IsObject({ message: 'must be an object of word lists by language (en, fi)' })
  @ValidateNested()
  @Type(() => TopicRulesDto)
  rules: TopicRulesDto;
}

/** `POST /api/v1/topics`, `PUT /api/v1/topics/{id}`: the whole topic. */
export class TopicDto extends TopicPreviewDto {
  @ApiProperty({ type: TopicNamesDto })
  @IsObject({ message: 'must be an object of names by language (en, fi)' })
  @ValidateNested()
  @Type(() => TopicNamesDto)
  names: TopicNamesDto;

  @ApiPropertyOptional({ default: true, description: 'false: kept, but tags no comment' })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  active?: boolean;
}

/** `GET /api/v1/reports/phrases` and `/topics`: the period and survey, as the reports take them. */
export class TopicReportQueryDto {
  @ApiPropertyOptional({
    description: 'Start of the period (inclusive); default: 31 days before `to`',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date or time' })
  from?: string;

  @ApiPropertyOptional({
    description: 'End of the period (exclusive); default: the end of today (UTC)',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date or time' })
  to?: string;

  @ApiPropertyOptional({ description: 'A survey key: all its versions' })
  @IsOptional()
  @MaxLength(100, { message: 'must be a survey key' })
  survey?: string;
}

export class PhrasesQueryDto extends TopicReportQueryDto {
  @ApiPropertyOptional({
    enum: LOCALES,
    description:
      "Whose stop words are left out: English's or Finnish's; default both (a comment's language is not recorded)",
  })
  @IsOptional()
  @IsIn(LOCALES, { message: `must be one of ${LOCALES.join(', ')}` })
  locale?: Locale;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../../../common/pagination/page-query';
import { INSTANT_MESSAGE } from '../../../common/validation/instant';
import { blankIsAbsent } from '../../cases/dto/case-queue.dto';
import { SCORE_BANDS, type ScoreBand } from '../score-bands';
import type { ExplorerFilter } from './explorer-sql';

/** The longest search the explorer takes. */
export const EXPLORER_SEARCH_MAX_LENGTH = 200;

/** A place or a person as invitations stored them (trimmed); empty is no filter. */
const trimmedOrAbsent = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() || undefined : value;

/**
 * What narrows the explorer's answers, whatever the period is written as: the API's and the
 * console's filters. An empty value ("Any" in the console's form) is no filter.
 */
export class ExplorerFiltersDto extends PageQuery {
  @ApiPropertyOptional({ description: 'A survey key: answers to any of its versions' })
  @blankIsAbsent()
  @IsOptional()
  @MaxLength(100, { message: 'must be a survey key' })
  survey?: string;

  @ApiPropertyOptional({
    enum: SCORE_BANDS,
    description:
      "low: at or below the survey's threshold (unhappy); high: the scale's top two (CSAT 4–5, NPS 9–10, CES 6–7) and not unhappy; mid: the rest",
  })
  @blankIsAbsent()
  @IsOptional()
  @IsIn(SCORE_BANDS, { message: 'must be low, mid or high' })
  band?: ScoreBand;

  @ApiPropertyOptional({
    description: "The invitation's touchpoint type (anonymous answers have none: left out)",
  })
  @blankIsAbsent()
  @IsOptional()
  @MaxLength(100, { message: 'must be at most 100 characters' })
  touchpointType?: string;

  @ApiPropertyOptional({
    description: 'Where the touchpoint happened, as invitations name it (anonymous answers too)',
  })
  @Transform(trimmedOrAbsent)
  @IsOptional()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  location?: string;

  @ApiPropertyOptional({ description: 'How the touchpoint happened: front desk, phone, web…' })
  @Transform(trimmedOrAbsent)
  @IsOptional()
  @MaxLength(100, { message: 'must be at most 100 characters' })
  channel?: string;

  @ApiPropertyOptional({
    description:
      'The member of staff who served the customer, by their external id (anonymous answers keep none: left out)',
  })
  @Transform(trimmedOrAbsent)
  @IsOptional()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  staff?: string;

  @ApiPropertyOptional({ description: 'Only answers with (true) or without (false) a comment' })
  @blankIsAbsent()
  @IsOptional()
  // Query strings are text: only the words true and false are booleans here.
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean({ message: 'must be true or false' })
  hasComment?: boolean;

  @ApiPropertyOptional({
    description:
      'Words of the comment, as a web search: words (each must match, English and Finnish inflections too), "a phrase", -word (without), or',
  })
  @blankIsAbsent()
  @IsOptional()
  @MaxLength(EXPLORER_SEARCH_MAX_LENGTH, {
    message: `must be at most ${EXPLORER_SEARCH_MAX_LENGTH} characters`,
  })
  q?: string;

  @ApiPropertyOptional({ description: "A topic's id: answers whose comment is about it" })
  @blankIsAbsent()
  @IsOptional()
  @IsUUID('all', { message: 'must be a topic id' })
  topic?: string;
}

/** `GET /api/v1/responses/identified` and `…/anonymous`: the filters and the period. */
export class ExplorerQueryDto extends ExplorerFiltersDto {
  @ApiPropertyOptional({ description: 'Given at or after this date or time (inclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: INSTANT_MESSAGE })
  from?: string;

  @ApiPropertyOptional({ description: 'Given before this date or time (exclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: INSTANT_MESSAGE })
  to?: string;
}

/** The filters asked, without the page's fields; the period given apart (API or console). */
export function explorerFilterOf(
  asked: ExplorerFiltersDto,
  period: Pick<ExplorerFilter, 'from' | 'to'>,
): ExplorerFilter {
  const { survey, band, touchpointType, location, channel, staff, hasComment, q, topic } = asked;
  return {
    ...period,
    ...{ survey, band, touchpointType, location, channel, staff, hasComment, q, topic },
  };
}

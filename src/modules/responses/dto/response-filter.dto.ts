import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsISO8601, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { PageQuery } from '../../../common/pagination/page-query';

/** The widest scale a survey can use (NPS, 0–10): every score lies within it. */
const SCORE_MESSAGE = 'must be a whole number from 0 to 10';

/** Query strings are text: only digits are a score here (an empty value is not 0). */
const toScore = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d{1,2}$/.test(value) ? Number(value) : value;

/** `GET /api/v1/responses`: which identified answers, newest first. */
export class ResponseFilterDto extends PageQuery {
  @ApiPropertyOptional({ description: 'A survey key: answers to any of its versions' })
  @IsOptional()
  @MaxLength(100, { message: 'must be a survey key' })
  survey?: string;

  @ApiPropertyOptional({ description: 'Submitted at or after this time' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date or time' })
  from?: string;

  @ApiPropertyOptional({ description: 'Submitted before this time (later than from)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date or time' })
  before?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 10, description: 'Scores at or above this' })
  @IsOptional()
  @Transform(toScore)
  @IsInt({ message: SCORE_MESSAGE })
  @Min(0, { message: SCORE_MESSAGE })
  @Max(10, { message: SCORE_MESSAGE })
  minScore?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 10, description: 'Scores at or below this' })
  @IsOptional()
  @Transform(toScore)
  @IsInt({ message: SCORE_MESSAGE })
  @Min(0, { message: SCORE_MESSAGE })
  @Max(10, { message: SCORE_MESSAGE })
  maxScore?: number;

  @ApiPropertyOptional({ description: "The invitation's touchpoint type" })
  @IsOptional()
  @MaxLength(100, { message: 'must be at most 100 characters' })
  touchpointType?: string;

  @ApiPropertyOptional({ description: 'Only answers with (true) or without (false) a comment' })
  @IsOptional()
  // Query strings are text: only the words true and false are booleans here.
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean({ message: 'must be true or false' })
  hasComment?: boolean;
}

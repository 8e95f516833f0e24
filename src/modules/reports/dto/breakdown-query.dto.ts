import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ReportFilterDto } from './report-filter.dto';

export const BREAKDOWN_BY = ['location', 'channel', 'staff'] as const;
export type BreakdownBy = (typeof BREAKDOWN_BY)[number];

/** Front-line recognition: places and people, not channels. */
export const LEADERBOARD_BY = ['location', 'staff'] as const;
export type LeaderboardBy = (typeof LEADERBOARD_BY)[number];

const MIN_ANSWERS_MESSAGE = 'must be a whole number of answers, 1 to 100000';

/** Query strings are text: only digits are a number here (an empty value is not 0). */
const toCount = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value;

/** `GET /api/v1/reports/breakdown`: the report's filters, and what to break the figures down by. */
export class BreakdownQueryDto extends ReportFilterDto {
  @ApiProperty({ enum: BREAKDOWN_BY, description: 'Where the touchpoint happened, how, or who' })
  @IsDefined({ message: `is required: one of ${BREAKDOWN_BY.join(', ')}` })
  @IsIn(BREAKDOWN_BY, { message: `must be one of ${BREAKDOWN_BY.join(', ')}` })
  by: BreakdownBy;
}

/** `GET /api/v1/reports/leaderboard`. */
export class LeaderboardQueryDto extends ReportFilterDto {
  @ApiProperty({ enum: LEADERBOARD_BY })
  @IsDefined({ message: `is required: one of ${LEADERBOARD_BY.join(', ')}` })
  @IsIn(LEADERBOARD_BY, { message: `must be one of ${LEADERBOARD_BY.join(', ')}` })
  by: LeaderboardBy;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 100000,
    description:
      'The fewest CSAT answers a group needs to be ranked (default: the configured REPORTS_LEADERBOARD_MIN_ANSWERS, 10)',
  })
  @IsOptional()
  @Transform(toCount)
  @IsInt({ message: MIN_ANSWERS_MESSAGE })
  @Min(1, { message: MIN_ANSWERS_MESSAGE })
  @Max(100000, { message: MIN_ANSWERS_MESSAGE })
  minAnswers?: number;
}

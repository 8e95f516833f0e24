import { ApiProperty } from '@nestjs/swagger';
import type { Kpis } from '../kpis';
import { everyKpi, KPI_FIGURE } from './every-kpi';
import {
  BREAKDOWN_BY,
  type BreakdownBy,
  LEADERBOARD_BY,
  type LeaderboardBy,
} from './breakdown-query.dto';

/** A report's period: from its start up to (not including) its end. */
export class PeriodDto {
  @ApiProperty({ format: 'date-time' })
  from: string;

  @ApiProperty({ format: 'date-time', description: 'Exclusive' })
  to: string;
}

export class BreakdownRowDto {
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Helsinki Airport hotel',
    description:
      "The location, channel or member of staff's external id; null: the touchpoints that named none",
  })
  key: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Helsinki Airport hotel',
    description: "What to call it: the key itself, or the member of staff's latest name",
  })
  label: string | null;

  @ApiProperty(
    everyKpi(
      KPI_FIGURE,
      'Every KPI of the summary for this group\'s touchpoints (docs/api.md "KPI definitions")',
    ),
  )
  kpis: Kpis;
}

export class BreakdownDto {
  @ApiProperty({ enum: BREAKDOWN_BY })
  by: BreakdownBy;

  @ApiProperty({ type: PeriodDto })
  period: PeriodDto;

  @ApiProperty({
    type: [BreakdownRowDto],
    description: 'Most answers first; the group that named none last',
  })
  rows: BreakdownRowDto[];
}

export class LeaderboardRowDto {
  @ApiProperty({ example: 1, description: 'Equal figures share a rank (1, 2, 2, 4)' })
  rank: number;

  @ApiProperty({ example: 'E-1042' })
  key: string;

  @ApiProperty({ example: 'Aino Virtanen' })
  label: string;

  @ApiProperty({
    example: 24,
    description: 'Answers on a CSAT survey: what the rank is computed from',
  })
  csatAnswers: number;

  @ApiProperty({ type: Number, nullable: true, example: 87.5, description: 'Ranked by this first' })
  csatSatisfiedPct: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 4.42, description: '...then by this' })
  csatMean: number | null;

  @ApiProperty({ example: 30, description: 'Every answer of the group, any scale' })
  responses: number;
}

export class LeaderboardDto {
  @ApiProperty({ enum: LEADERBOARD_BY })
  by: LeaderboardBy;

  @ApiProperty({ type: PeriodDto })
  period: PeriodDto;

  @ApiProperty({ example: 10, description: 'The fewest CSAT answers a ranked group has' })
  minAnswers: number;

  @ApiProperty({ type: [LeaderboardRowDto], description: 'Best first' })
  rows: LeaderboardRowDto[];
}

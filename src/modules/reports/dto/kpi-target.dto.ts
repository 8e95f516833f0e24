import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, IsUUID, MaxLength } from 'class-validator';
import { KPI_NAMES, type KpiName } from '../kpis';

const KPI_MESSAGE = `must be one of the KPIs: ${KPI_NAMES.join(', ')}`;

/** Which target: a KPI, for a survey and a team (either left out: every survey, every team). */
export class KpiTargetScopeDto {
  @ApiProperty({ enum: KPI_NAMES })
  @IsIn(KPI_NAMES, { message: KPI_MESSAGE })
  kpi: KpiName;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'A survey key; left out or null: every survey',
  })
  @IsOptional()
  @MaxLength(100, { message: 'must be a survey key' })
  survey?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'A team id; left out or null: every team',
  })
  @IsOptional()
  @IsUUID('all', { message: 'must be a team id' })
  team?: string | null;
}

/** `PUT /api/v1/reports/targets`: the target for one KPI and scope, set or replaced. */
export class KpiTargetDto extends KpiTargetScopeDto {
  @ApiProperty({
    description:
      "In the KPI's own unit, as the summary gives it: a rate as a fraction (0.8), a `…Pct` as a percentage (80), hours",
  })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number' })
  value: number;
}

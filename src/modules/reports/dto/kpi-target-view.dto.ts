import { ApiProperty } from '@nestjs/swagger';
import { KPI_NAMES, type KpiName } from '../kpis';

export class TargetSurveyDto {
  @ApiProperty({ example: 'stay' })
  key: string;

  @ApiProperty({ example: 'Your stay with us' })
  name: string;
}

export class TargetTeamDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Customer Care' })
  name: string;
}

export class TargetSetterDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Maria Manager' })
  name: string;
}

/** A target as the API gives it (`GET /api/v1/reports/targets`, and the summary's `targets`). */
export class KpiTargetView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: KPI_NAMES })
  kpi: KpiName;

  @ApiProperty({ type: TargetSurveyDto, nullable: true, description: 'null: every survey' })
  survey: TargetSurveyDto | null;

  @ApiProperty({ type: TargetTeamDto, nullable: true, description: 'null: every team' })
  team: TargetTeamDto | null;

  @ApiProperty({ example: 0.8, description: "In the KPI's own unit, as the summary gives it" })
  value: number;

  @ApiProperty({
    type: TargetSetterDto,
    nullable: true,
    description: 'null once that person is deleted',
  })
  setBy: TargetSetterDto | null;

  @ApiProperty({ format: 'date-time' })
  setAt: string;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsUUID, Matches, MaxLength } from 'class-validator';
import { ME_OR_USER_ID } from '../../cases/dto/case-filter.dto';
import { KPI_NAMES, type KpiName } from '../kpis';

/** Filters name a place or a person as invitations stored them: trimmed. */
const trimmed = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() : value;

export const INTERVALS = ['day', 'week', 'month'] as const;
export type Interval = (typeof INTERVALS)[number];

export const EXPORT_ROWS = ['cases', 'responses'] as const;
export type ExportRows = (typeof EXPORT_ROWS)[number];

/** The filters every report takes (API.md "Reports"). */
export class ReportFilterDto {
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

  @ApiPropertyOptional({ description: 'A team id: narrows the case figures' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a team id' })
  team?: string;

  @ApiPropertyOptional({ description: '`me` or a user id: narrows the case figures' })
  @IsOptional()
  @Matches(ME_OR_USER_ID, { message: 'must be me or a user id' })
  agent?: string;

  @ApiPropertyOptional({ description: "The invitation's touchpoint type" })
  @IsOptional()
  @MaxLength(100, { message: 'must be at most 100 characters' })
  touchpointType?: string;

  @ApiPropertyOptional({
    description: 'Where the touchpoint happened, as invitations name it (anonymous answers too)',
  })
  @IsOptional()
  @Transform(trimmed)
  @MaxLength(200, { message: 'must be at most 200 characters' })
  location?: string;

  @ApiPropertyOptional({ description: 'How the touchpoint happened: front desk, phone, web…' })
  @IsOptional()
  @Transform(trimmed)
  @MaxLength(100, { message: 'must be at most 100 characters' })
  channel?: string;

  @ApiPropertyOptional({
    description:
      'The member of staff who served the customer, by their external id (identified answers only: anonymous ones keep no staff)',
  })
  @IsOptional()
  @Transform(trimmed)
  @MaxLength(200, { message: 'must be at most 200 characters' })
  staff?: string;
}

export class TimeseriesQueryDto extends ReportFilterDto {
  @ApiPropertyOptional({ enum: KPI_NAMES, default: 'csatMean' })
  @IsOptional()
  @IsIn(KPI_NAMES, { message: `must be one of ${KPI_NAMES.join(', ')}` })
  metric?: KpiName;

  @ApiPropertyOptional({
    enum: INTERVALS,
    description: 'Default: day for a period up to 60 days, week beyond (month past 400 weeks)',
  })
  @IsOptional()
  @IsIn(INTERVALS, { message: `must be one of ${INTERVALS.join(', ')}` })
  interval?: Interval;
}

export class ExportQueryDto extends ReportFilterDto {
  @ApiPropertyOptional({ enum: EXPORT_ROWS, default: 'cases' })
  @IsOptional()
  @IsIn(EXPORT_ROWS, { message: `must be one of ${EXPORT_ROWS.join(', ')}` })
  rows?: ExportRows;

  @ApiPropertyOptional({ description: "A topic id: rows whose answer's comment is about it" })
  @IsOptional()
  @IsUUID('all', { message: 'must be a topic id' })
  topic?: string;
}

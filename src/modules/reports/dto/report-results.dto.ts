import { ApiExtraModels, ApiProperty, getSchemaPath, type SchemaObject } from '@nestjs/swagger';
import { KPI_NAMES, type KpiName, type Kpis } from '../kpis';
import { everyKpi, KPI_FIGURE } from './every-kpi';
import type { KpiSignal, Signal, TargetVerdict } from '../kpi-signals';
import { PeriodDto } from './breakdown-result.dto';
import { KpiTargetView } from './kpi-target-view.dto';
import { INTERVALS, type Interval } from './report-filter.dto';

const SIGNALS: Signal[] = ['good', 'bad', 'neutral'];
const VERDICTS: TargetVerdict[] = ['met', 'missed'];

export class KpiSignalDto implements KpiSignal {
  @ApiProperty({
    enum: SIGNALS,
    description: "The target's verdict when there is one, else the change's",
  })
  signal: Signal;

  @ApiProperty({ enum: SIGNALS, description: "Against the period before, by the KPI's direction" })
  change: Signal;

  @ApiProperty({
    enum: VERDICTS,
    nullable: true,
    description: 'null without a target, or without a figure to hold against it',
  })
  target: TargetVerdict | null;
}

/** `GET /api/v1/reports/summary`: the KPIs of the period and of the one just before it. */
@ApiExtraModels(KpiTargetView, KpiSignalDto)
export class SummaryDto {
  @ApiProperty({ type: PeriodDto })
  period: PeriodDto;

  @ApiProperty({ type: PeriodDto, description: 'The same length of time just before' })
  previousPeriod: PeriodDto;

  @ApiProperty(
    everyKpi(KPI_FIGURE, 'Each KPI (docs/api.md "KPI definitions"); null: nothing to count'),
  )
  kpis: Kpis;

  @ApiProperty(everyKpi(KPI_FIGURE, 'The same, in the period before'))
  previous: Kpis;

  @ApiProperty(
    everyKpi(
      { type: 'object', allOf: [{ $ref: getSchemaPath(KpiTargetView) }], nullable: true },
      'The most specific target matching the filter, or null',
    ),
  )
  targets: Record<KpiName, KpiTargetView | null>;

  @ApiProperty(
    everyKpi({ $ref: getSchemaPath(KpiSignalDto) } as SchemaObject, 'Good news or bad, by KPI'),
  )
  signals: Record<KpiName, KpiSignal>;
}

export class TimeseriesPointDto {
  @ApiProperty({ format: 'date-time', description: "The bucket's start (UTC; weeks from Monday)" })
  start: string;

  @ApiProperty({ type: Number, nullable: true })
  value: number | null;
}

/** `GET /api/v1/reports/timeseries`: one KPI per day, week or month. */
export class TimeseriesDto {
  @ApiProperty({ enum: KPI_NAMES })
  metric: KpiName;

  @ApiProperty({ enum: INTERVALS })
  interval: Interval;

  @ApiProperty({ type: PeriodDto })
  period: PeriodDto;

  @ApiProperty({ type: [TimeseriesPointDto] })
  points: TimeseriesPointDto[];
}

export class RootCauseCountDto {
  @ApiProperty({ example: 'product_quality' })
  rootCause: string;

  @ApiProperty({ example: 'Product quality', description: 'Retired causes keep their label' })
  label: string;

  @ApiProperty({ example: 12, description: 'Cases resolved with it' })
  cases: number;

  @ApiProperty({ example: 0.4 })
  share: number;

  @ApiProperty({ example: 0.7, description: 'With every cause before it (Pareto)' })
  cumulativeShare: number;
}

/** `GET /api/v1/reports/root-causes`: resolved cases by root cause, most frequent first. */
export class RootCausesDto {
  @ApiProperty({ type: PeriodDto })
  period: PeriodDto;

  @ApiProperty({ type: [RootCauseCountDto] })
  items: RootCauseCountDto[];
}

/** How many customers said so, each counted once per value. */
export class TallyDto {
  @ApiProperty({ example: 'email' })
  value: string;

  @ApiProperty({ example: 12 })
  customers: number;
}

/** `GET /api/v1/reports/preferences`: what customers' current preference profiles say. */
export class PreferencesDto {
  @ApiProperty({ example: 40, description: 'Customers with at least one current profile' })
  customers: number;

  @ApiProperty({ type: [TallyDto] })
  contexts: TallyDto[];

  @ApiProperty({ type: [TallyDto] })
  channels: TallyDto[];

  @ApiProperty({ type: [TallyDto] })
  contactTimes: TallyDto[];

  @ApiProperty({ type: [TallyDto] })
  interests: TallyDto[];
}

export class FunnelRowDto {
  @ApiProperty({ example: 'stay' })
  survey: string;

  @ApiProperty({ example: 'Your stay with us' })
  name: string;

  @ApiProperty({ description: 'Invitation emails sent' })
  sent: number;

  @ApiProperty({ description: 'Of them, not bounced' })
  delivered: number;

  @ApiProperty({ description: 'The survey page opened by a person (not a link scanner)' })
  opened: number;

  @ApiProperty({ description: 'A choice of how to answer posted' })
  consentChosen: number;

  @ApiProperty()
  answered: number;
}

/** `GET /api/v1/reports/funnel`: per survey, where customers drop off. */
export class FunnelDto {
  @ApiProperty({ type: PeriodDto })
  period: PeriodDto;

  @ApiProperty({ type: [FunnelRowDto] })
  surveys: FunnelRowDto[];
}

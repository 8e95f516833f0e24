import type { FunnelDto } from '../reports/survey-funnel';
import type { CaseOutcome } from '../cases/case-outcomes';
import { KPI_CATALOGUE, type KpiUnit } from '../reports/kpi-catalogue';
import type { KpiSignal, Signal } from '../reports/kpi-signals';
import type { CaseCounts, KpiName, Kpis } from '../reports/kpis';
import { computeKpis, NO_FACTS } from '../reports/kpis';
import type { ReportScope } from '../reports/report-sql';
import type {
  PreferencesDto,
  RootCausesDto,
  SummaryDto,
  TimeseriesDto,
} from '../reports/reports.service';
import { CONSOLE_LOCALE } from './case-words';
import type { DashboardChoice, DashboardForm, PresetLink } from './dashboard-form';
import { KPI_WORDS, SIGNAL_SENTENCES } from './dashboard-words';

/** How a figure is written: the KPI's own unit (kpi-catalogue.ts). */
type Format = KpiUnit;

interface TileSpec {
  kpi: KpiName;
  /** The KPI's name unless the tile says it otherwise. */
  label?: string;
  /** The cases behind the figure; `true` for all the period's cases. */
  drill?: CaseOutcome | true;
  drillLabel?: string;
}

/** What the dashboard shows, in order: the loop from the first email to the recovery answer. */
const FEEDBACK_TILES: TileSpec[] = [
  { kpi: 'invitationsSent' },
  { kpi: 'responseRate' },
  { kpi: 'consentRate' },
  { kpi: 'csatSatisfiedPct' },
  { kpi: 'csatMean' },
  { kpi: 'nps' },
  { kpi: 'dissatisfied' },
  { kpi: 'dissatisfiedAnonymous', label: 'of them anonymous' },
];

const FOLLOW_UP_TILES: TileSpec[] = [
  { kpi: 'casesOpened', drill: true, drillLabel: 'all' },
  { kpi: 'resolutionRate', drill: 'unresolved', drillLabel: 'unresolved' },
  { kpi: 'closeTheLoopRate', drill: 'late_first_contact', drillLabel: 'late' },
  { kpi: 'medianHoursToFirstContact' },
  { kpi: 'medianHoursToResolution' },
  { kpi: 'slaResolutionPct', drill: 'late_resolution', drillLabel: 'late' },
  { kpi: 'recoveryRate', drill: 'not_recovered', drillLabel: 'not recovered' },
];

export interface TileView {
  kpi: KpiName;
  label: string;
  /** The API's number, for scripts and tests; the text is for people. */
  raw: string;
  text: string;
  previous: string;
  change: string;
  /** Good or bad news (the tile's colour), said in words by `signalWords`, each with its own tone. */
  signal: Signal;
  signalWords: { text: string; tone: Signal }[];
  href: string | null;
  drillLabel: string | null;
}

export interface OwnerRowView {
  name: string;
  href: string;
  opened: number;
  resolved: number;
  resolutionRate: string;
  closeTheLoopRate: string;
  slaResolutionPct: string;
  medianHoursToResolution: string;
  recoveryRate: string;
}

export interface TrendView {
  id: string;
  title: string;
  format: Format;
  points: { label: string; raw: string; text: string }[];
}

export function format(value: number | null, how: Format): string {
  if (value === null) return '–';
  switch (how) {
    case 'rate':
      return `${(value * 100).toFixed(1)} %`;
    case 'percent':
      return `${value.toFixed(1)} %`;
    case 'mean':
      return value.toFixed(2);
    case 'hours':
      return `${value.toFixed(1)} h`;
    default:
      return String(value);
  }
}

/** "up from 61.0 %", "down from 3", "same as before", or "nothing to compare". */
function change(now: number | null, before: number | null, how: Format): string {
  if (now === null || before === null) return 'nothing to compare';
  if (now === before) return 'same as the previous period';
  return `${now > before ? 'up' : 'down'} from ${format(before, how)}`;
}

/** "Below target 80.0 %", "Better than last period": the tile's colour in words. */
export function signalWords(
  kpi: KpiName,
  signal: KpiSignal,
  target: number | null,
): { text: string; tone: Signal }[] {
  const say = SIGNAL_SENTENCES[CONSOLE_LOCALE];
  const { direction, unit } = KPI_CATALOGUE[kpi];
  const said: { text: string; tone: Signal }[] = [];
  if (signal.target !== null && target !== null) {
    const written = format(target, unit);
    if (signal.target === 'met') said.push({ text: say.met(written), tone: 'good' });
    else {
      const missed = direction === 'lower' ? say.above(written) : say.below(written);
      said.push({ text: missed, tone: 'bad' });
    }
  }
  if (signal.change === 'good') said.push({ text: say.better, tone: 'good' });
  if (signal.change === 'bad') said.push({ text: say.worse, tone: 'bad' });
  return said;
}

/** The case list behind a figure: the same filters, and the same period unless `anyTime`. */
export function drillHref(
  scope: ReportScope,
  extra: Record<string, string>,
  anyTime = false,
): string {
  const query = new URLSearchParams(
    anyTime ? {} : { openedFrom: scope.from.toISOString(), openedBefore: scope.to.toISOString() },
  );
  if (scope.surveyKey) query.set('survey', scope.surveyKey);
  if (scope.teamId) query.set('team', scope.teamId);
  if (scope.agentId) query.set('assignee', scope.agentId);
  if (scope.touchpointType) query.set('touchpointType', scope.touchpointType);
  for (const [name, value] of Object.entries(extra)) query.set(name, value);
  return `/console/cases/list?${query.toString()}`;
}

function tiles(specs: TileSpec[], summary: SummaryDto, scope: ReportScope): TileView[] {
  return specs.map((spec) => {
    const now = summary.kpis[spec.kpi];
    const before = summary.previous[spec.kpi];
    const how = KPI_CATALOGUE[spec.kpi].unit;
    const signal = summary.signals[spec.kpi];
    return {
      kpi: spec.kpi,
      label: spec.label ?? KPI_WORDS[CONSOLE_LOCALE][spec.kpi],
      raw: now === null ? '' : String(now),
      text: format(now, how),
      previous: format(before, how),
      change: change(now, before, how),
      signal: signal.signal,
      signalWords: signalWords(spec.kpi, signal, summary.targets[spec.kpi]?.value ?? null),
      href:
        spec.drill === undefined
          ? null
          : drillHref(scope, spec.drill === true ? {} : { outcome: spec.drill }),
      drillLabel: spec.drillLabel ?? null,
    };
  });
}

export function ownerRows(
  owners: Map<string | null, CaseCounts>,
  names: Map<string, string>,
  link: (id: string | null) => string,
  nobody: string,
): OwnerRowView[] {
  return [...owners.entries()]
    .map(([id, counts]) => {
      const kpis: Kpis = computeKpis({ ...NO_FACTS, cases: counts });
      return {
        name: id === null ? nobody : (names.get(id) ?? 'Unknown'),
        href: link(id),
        opened: counts.opened,
        resolved: counts.resolved,
        resolutionRate: format(kpis.resolutionRate, 'rate'),
        closeTheLoopRate: format(kpis.closeTheLoopRate, 'rate'),
        slaResolutionPct: format(kpis.slaResolutionPct, 'percent'),
        medianHoursToResolution: format(kpis.medianHoursToResolution, 'hours'),
        recoveryRate: format(kpis.recoveryRate, 'rate'),
      };
    })
    .sort((a, b) => b.opened - a.opened || a.name.localeCompare(b.name));
}

const TRENDS: { metric: KpiName; title: string; format: Format }[] = [
  { metric: 'csatMean', title: 'CSAT mean', format: 'mean' },
  { metric: 'nps', title: 'NPS', format: 'score' },
  { metric: 'resolutionRate', title: 'Resolution rate', format: 'rate' },
];

export const TREND_METRICS = TRENDS.map((trend) => trend.metric);

export function trendViews(series: TimeseriesDto[]): TrendView[] {
  return series.map((one, i) => ({
    id: `trend-${one.metric}`,
    title: `${TRENDS[i].title} by ${one.interval}`,
    format: TRENDS[i].format,
    points: one.points.map((point) => ({
      label: point.start.slice(0, 10),
      raw: point.value === null ? '' : String(point.value),
      text: format(point.value, TRENDS[i].format),
    })),
  }));
}

export interface DashboardSections {
  summary: SummaryDto;
  overdueNow: number;
  trends: TimeseriesDto[];
  rootCauses: RootCausesDto;
  preferences: PreferencesDto;
  teams: OwnerRowView[];
  agents: OwnerRowView[];
}

export function dashboardView(scope: ReportScope, sections: DashboardSections) {
  const { summary } = sections;
  return {
    feedback: tiles(FEEDBACK_TILES, summary, scope),
    followUp: tiles(FOLLOW_UP_TILES, summary, scope),
    overdueNow: sections.overdueNow,
    // Overdue now, whenever opened: the cases to act on today.
    overdueHref: drillHref(scope, { overdue: 'true' }, true),
    trends: trendViews(sections.trends),
    rootCauses: sections.rootCauses.items.map((item) => ({
      ...item,
      percent: format(item.share * 100, 'percent'),
      cumulative: format(item.cumulativeShare * 100, 'percent'),
      width: Math.round(item.share * 100),
    })),
    preferences: sections.preferences,
    teams: sections.teams,
    agents: sections.agents,
    // Whole days, the last one included, as the form asks for them.
    period: {
      from: summary.period.from.slice(0, 10),
      to: lastDay(summary.period.to),
      previousFrom: summary.previousPeriod.from.slice(0, 10),
      previousTo: lastDay(summary.previousPeriod.to),
    },
  };
}

/** The day a period ends on: the one before its (exclusive) end. */
function lastDay(end: string): string {
  return new Date(Date.parse(end) - 1).toISOString().slice(0, 10);
}

/** What `dashboardView` builds: the period's figures. */
export type DashboardFigures = ReturnType<typeof dashboardView>;

/** `console-dashboard.hbs`: the figures, the filter form with its lists, the CSV links. */
export interface DashboardPageView extends Omit<DashboardFigures, 'teams' | 'agents'> {
  /** Why the filter was refused (the page then shows the default period), or null. */
  error: string | null;
  form: DashboardForm;
  /** The periods by name, as links. */
  presets: PresetLink[];
  surveys: (DashboardChoice & { selected: boolean })[];
  teams: (DashboardChoice & { selected: boolean })[];
  agents: (DashboardChoice & { selected: boolean })[];
  /** "Any", then the touchpoint types seen in the data, in words. */
  touchpoints: (DashboardChoice & { selected: boolean })[];
  teamRows: OwnerRowView[];
  agentRows: OwnerRowView[];
  exportCases: string;
  exportResponses: string;
  /** Per survey, how far the period's invitations got, each step with its share of the sent. */
  funnel: FunnelRowView[];
}

export interface FunnelRowView {
  name: string;
  steps: { count: number; share: string }[];
}

/** Each step of a survey's funnel as a count and its share of the emails sent ("62 %"). */
export function funnelRows(funnel: FunnelDto): FunnelRowView[] {
  return funnel.surveys.map((row) => ({
    name: row.name,
    steps: [row.sent, row.delivered, row.opened, row.consentChosen, row.answered].map((count) => ({
      count,
      share: row.sent ? `${Math.round((100 * count) / row.sent)} %` : '–',
    })),
  }));
}

import { KPI_CATALOGUE } from './kpi-catalogue';
import { KPI_NAMES, type KpiName, type Kpis } from './kpis';

/**
 * Whether a figure is good news: against the period before, by the KPI's direction, and against
 * its target. Pure, so the rules are tested on their own (kpi-signals.spec.ts).
 */
export type Signal = 'good' | 'bad' | 'neutral';
export type TargetVerdict = 'met' | 'missed';

export interface KpiSignal {
  /** The target's verdict when there is one, else the change's. */
  signal: Signal;
  /** Against the previous period: better, worse, or neutral (the same, not comparable, no direction). */
  change: Signal;
  /** Null without a target, or without a figure to hold against it. */
  target: TargetVerdict | null;
}

export function changeSignal(kpi: KpiName, now: number | null, before: number | null): Signal {
  const { direction } = KPI_CATALOGUE[kpi];
  if (direction === 'none' || now === null || before === null || now === before) return 'neutral';
  return now > before === (direction === 'higher') ? 'good' : 'bad';
}

/** A target is met on the line: "at least 80 %" or "at most 24 hours". */
export function targetVerdict(
  kpi: KpiName,
  now: number | null,
  target: number | null,
): TargetVerdict | null {
  const { direction } = KPI_CATALOGUE[kpi];
  if (direction === 'none' || now === null || target === null) return null;
  const met = direction === 'higher' ? now >= target : now <= target;
  return met ? 'met' : 'missed';
}

export function kpiSignal(
  kpi: KpiName,
  now: number | null,
  before: number | null,
  target: number | null,
): KpiSignal {
  const change = changeSignal(kpi, now, before);
  const verdict = targetVerdict(kpi, now, target);
  return {
    signal: verdict === null ? change : verdict === 'met' ? 'good' : 'bad',
    change,
    target: verdict,
  };
}

/** Every KPI's signal for a period, the one before, and the targets that apply. */
export function kpiSignals(
  now: Kpis,
  before: Kpis,
  targets: Partial<Record<KpiName, { value: number }>>,
): Record<KpiName, KpiSignal> {
  return Object.fromEntries(
    KPI_NAMES.map((kpi) => [
      kpi,
      kpiSignal(kpi, now[kpi], before[kpi], targets[kpi]?.value ?? null),
    ]),
  ) as Record<KpiName, KpiSignal>;
}

/** Where a target applies: null is every survey, or every team (the company's own target). */
export interface TargetScope {
  surveyId: string | null;
  teamId: string | null;
}

/**
 * The target that applies to a report's filter, per KPI: the most specific of those whose survey
 * and team match it (null matching anything), survey and team first, then the survey's, then the
 * team's, then the company's. A report of every survey takes no survey's target.
 */
export function applicableTargets<T extends TargetScope & { kpi: KpiName }>(
  targets: T[],
  filter: TargetScope,
): Partial<Record<KpiName, T>> {
  const chosen: Partial<Record<KpiName, T>> = {};
  for (const target of targets) {
    if (target.surveyId !== null && target.surveyId !== filter.surveyId) continue;
    if (target.teamId !== null && target.teamId !== filter.teamId) continue;
    const held = chosen[target.kpi];
    if (!held || specificity(target) > specificity(held)) chosen[target.kpi] = target;
  }
  return chosen;
}

/** Survey and team 3, survey 2, team 1, the company 0. */
function specificity(target: TargetScope): number {
  return (target.surveyId === null ? 0 : 2) + (target.teamId === null ? 0 : 1);
}

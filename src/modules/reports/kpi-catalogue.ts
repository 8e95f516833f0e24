import type { KpiName } from './kpis';
import { KPI_SOURCES } from './kpi-sources';

/**
 * What each KPI of `kpis.ts` means for a manager: which way is better, and what a target for it
 * may be. Declared once, here, for the summary's signals, the targets' validation and the
 * dashboard's tiles.
 *
 * A count of how many (invitations sent, answers, cases) has no better direction: more answers
 * may be more unhappy customers. It is shown, never judged, and takes no target.
 */
export type KpiDirection = 'higher' | 'lower' | 'none';

/** How a KPI is written: a fraction (0.75), a percentage (75.0), a mean, a score, hours, a count. */
export type KpiUnit = 'rate' | 'percent' | 'mean' | 'score' | 'hours' | 'count';

export interface KpiNature {
  direction: KpiDirection;
  unit: KpiUnit;
  /** The values the KPI can take: a target outside them could never be met or missed. */
  min: number;
  max: number;
}

const RATE = { unit: 'rate', min: 0, max: 1 } as const;
const PERCENT = { unit: 'percent', min: 0, max: 100 } as const;
/** About a year: a median beyond it is no target anyone sets. */
const HOURS = { unit: 'hours', min: 0, max: 10_000 } as const;
const COUNT = { unit: 'count', min: 0, max: 1_000_000_000 } as const;

export const KPI_CATALOGUE: Record<KpiName, KpiNature> = {
  invitationsSent: { direction: 'none', ...COUNT },
  responses: { direction: 'none', ...COUNT },
  responseRate: { direction: 'higher', ...RATE },
  commentRate: { direction: 'higher', ...RATE },
  consentRate: { direction: 'higher', ...RATE },
  csatSatisfiedPct: { direction: 'higher', ...PERCENT },
  csatMean: { direction: 'higher', unit: 'mean', min: 1, max: 5 },
  nps: { direction: 'higher', unit: 'score', min: -100, max: 100 },
  dissatisfied: { direction: 'lower', ...COUNT },
  dissatisfiedAnonymous: { direction: 'lower', ...COUNT },
  casesOpened: { direction: 'none', ...COUNT },
  casesResolved: { direction: 'none', ...COUNT },
  resolutionRate: { direction: 'higher', ...RATE },
  closeTheLoopRate: { direction: 'higher', ...RATE },
  medianHoursToFirstContact: { direction: 'lower', ...HOURS },
  medianHoursToResolution: { direction: 'lower', ...HOURS },
  slaFirstContactPct: { direction: 'higher', ...PERCENT },
  slaResolutionPct: { direction: 'higher', ...PERCENT },
  recoveryAnswers: { direction: 'none', ...COUNT },
  recoveryRate: { direction: 'higher', ...RATE },
};

/** Whether the `team` filter narrows the KPI: it does the case figures only (answers have no team). */
export function teamNarrows(kpi: KpiName): boolean {
  return KPI_SOURCES[kpi].has('cases');
}

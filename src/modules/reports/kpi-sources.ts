import type { KpiName } from './kpis';
import type { Needs, Source } from './report-facts';

const from = (...sources: Source[]): Needs => new Set(sources);
const INVITATIONS = from('invitations');
const SCORES = from('scores');
const CASES = from('cases');

/** What each KPI is computed from: a timeseries of one reads only that. */
export const KPI_SOURCES: Record<KpiName, Needs> = {
  invitationsSent: INVITATIONS,
  responseRate: INVITATIONS,
  responses: SCORES,
  commentRate: SCORES,
  consentRate: SCORES,
  csatSatisfiedPct: SCORES,
  csatMean: SCORES,
  nps: SCORES,
  dissatisfied: SCORES,
  dissatisfiedAnonymous: SCORES,
  casesOpened: CASES,
  casesResolved: CASES,
  resolutionRate: CASES,
  closeTheLoopRate: CASES,
  slaFirstContactPct: CASES,
  slaResolutionPct: CASES,
  recoveryAnswers: CASES,
  recoveryRate: CASES,
  medianHoursToFirstContact: from('cases', 'medians'),
  medianHoursToResolution: from('cases', 'medians'),
};

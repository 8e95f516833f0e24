import type { Scale } from '../surveys/survey-definition';

/**
 * The KPI arithmetic of API.md, on counts the database has already added up (`ReportFacts`):
 * no SQL here, so that a small dataset computed by hand can check every definition.
 * A ratio with nothing to divide by is null, never 0 or NaN.
 */

/** How many answers of one scale had one score, in one period. */
export interface ScoreCount {
  scale: Scale;
  score: number;
  identified: boolean;
  responses: number;
  /** With a comment that is more than white space. */
  commented: number;
  dissatisfied: number;
}

export interface InvitationCounts {
  sent: number;
  /** Of those sent, how many were answered (identified or anonymously), whenever. */
  answered: number;
}

export interface CaseCounts {
  opened: number;
  resolved: number;
  /** First contact made by the first-contact deadline. */
  contactedInTime: number;
  /** Contacted, or past the first-contact deadline: the cases the SLA has been decided for. */
  firstContactDecided: number;
  resolvedInTime: number;
  resolutionDecided: number;
  medianHoursToFirstContact: number | null;
  medianHoursToResolution: number | null;
  recoveryAnswers: number;
  recovered: number;
}

export interface Facts {
  invitations: InvitationCounts;
  scores: ScoreCount[];
  cases: CaseCounts;
}

export const KPI_NAMES = [
  'invitationsSent',
  'responses',
  'responseRate',
  'commentRate',
  'consentRate',
  'csatSatisfiedPct',
  'csatMean',
  'nps',
  'dissatisfied',
  'dissatisfiedAnonymous',
  'casesOpened',
  'casesResolved',
  'resolutionRate',
  'closeTheLoopRate',
  'medianHoursToFirstContact',
  'medianHoursToResolution',
  'slaFirstContactPct',
  'slaResolutionPct',
  'recoveryAnswers',
  'recoveryRate',
] as const;

export type KpiName = (typeof KPI_NAMES)[number];
export type Kpis = Record<KpiName, number | null>;

export const NO_CASES: CaseCounts = {
  opened: 0,
  resolved: 0,
  contactedInTime: 0,
  firstContactDecided: 0,
  resolvedInTime: 0,
  resolutionDecided: 0,
  medianHoursToFirstContact: null,
  medianHoursToResolution: null,
  recoveryAnswers: 0,
  recovered: 0,
};

export const NO_FACTS: Facts = {
  invitations: { sent: 0, answered: 0 },
  scores: [],
  cases: NO_CASES,
};

/** Rates are fractions to four places; `…Pct` and NPS are percentages to one place. */
function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : round(part / whole, 4);
}

function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : round((100 * part) / whole, 1);
}

function round(value: number, places: number): number {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}

function sum(rows: ScoreCount[], count: (row: ScoreCount) => number): number {
  return rows.reduce((total, row) => total + count(row), 0);
}

export function computeKpis({ invitations, scores, cases }: Facts): Kpis {
  const responses = sum(scores, (row) => row.responses);
  const csat = scores.filter((row) => row.scale === 'csat5');
  const csatResponses = sum(csat, (row) => row.responses);
  const nps = scores.filter((row) => row.scale === 'nps');
  const npsResponses = sum(nps, (row) => row.responses);
  const promoters = sum(nps, (row) => (row.score >= 9 ? row.responses : 0));
  const detractors = sum(nps, (row) => (row.score <= 6 ? row.responses : 0));
  return {
    invitationsSent: invitations.sent,
    responses,
    responseRate: ratio(invitations.answered, invitations.sent),
    commentRate: ratio(
      sum(scores, (row) => row.commented),
      responses,
    ),
    consentRate: ratio(
      sum(scores, (row) => (row.identified ? row.responses : 0)),
      responses,
    ),
    csatSatisfiedPct: percent(
      sum(csat, (row) => (row.score >= 4 ? row.responses : 0)),
      csatResponses,
    ),
    csatMean:
      csatResponses === 0
        ? null
        : round(sum(csat, (row) => row.score * row.responses) / csatResponses, 2),
    nps: npsResponses === 0 ? null : round((100 * (promoters - detractors)) / npsResponses, 1),
    dissatisfied: sum(scores, (row) => row.dissatisfied),
    dissatisfiedAnonymous: sum(scores, (row) => (row.identified ? 0 : row.dissatisfied)),
    casesOpened: cases.opened,
    casesResolved: cases.resolved,
    resolutionRate: ratio(cases.resolved, cases.opened),
    closeTheLoopRate: ratio(cases.contactedInTime, cases.firstContactDecided),
    medianHoursToFirstContact: hours(cases.medianHoursToFirstContact),
    medianHoursToResolution: hours(cases.medianHoursToResolution),
    slaFirstContactPct: percent(cases.contactedInTime, cases.firstContactDecided),
    slaResolutionPct: percent(cases.resolvedInTime, cases.resolutionDecided),
    recoveryAnswers: cases.recoveryAnswers,
    recoveryRate: ratio(cases.recovered, cases.recoveryAnswers),
  };
}

function hours(value: number | null): number | null {
  return value === null ? null : round(value, 1);
}

import { KPI_CATALOGUE } from './kpi-catalogue';
import { applicableTargets, changeSignal, kpiSignal, targetVerdict } from './kpi-signals';
import { refusalsFor } from './kpi-targets.service';
import { KPI_NAMES, type KpiName } from './kpis';

describe('KPI directions', () => {
  it('says which way is better: satisfaction up, hours down, volume neither', () => {
    expect(KPI_CATALOGUE.csatMean.direction).toBe('higher');
    expect(KPI_CATALOGUE.nps.direction).toBe('higher');
    expect(KPI_CATALOGUE.medianHoursToFirstContact.direction).toBe('lower');
    expect(KPI_CATALOGUE.medianHoursToResolution.direction).toBe('lower');
    expect(KPI_CATALOGUE.dissatisfied.direction).toBe('lower');
    expect(KPI_CATALOGUE.invitationsSent.direction).toBe('none');
    expect(KPI_CATALOGUE.casesOpened.direction).toBe('none');
  });

  it('has a range every KPI figure can fall in', () => {
    for (const kpi of KPI_NAMES) {
      const { min, max } = KPI_CATALOGUE[kpi];
      expect({ kpi, ordered: min < max }).toEqual({ kpi, ordered: true });
    }
  });
});

describe('the change against the previous period', () => {
  it('is good when a higher-is-better KPI rises, bad when it falls', () => {
    expect(changeSignal('csatMean', 4.2, 4.0)).toBe('good');
    expect(changeSignal('csatMean', 3.9, 4.0)).toBe('bad');
    expect(changeSignal('responseRate', 0.5, 0.5)).toBe('neutral');
  });

  it('is good when a lower-is-better KPI falls: fewer hours to the first contact', () => {
    expect(changeSignal('medianHoursToFirstContact', 3, 5)).toBe('good');
    expect(changeSignal('medianHoursToFirstContact', 7, 5)).toBe('bad');
    expect(changeSignal('dissatisfied', 2, 4)).toBe('good');
  });

  it('is neutral for a count of how many, or with nothing to compare', () => {
    expect(changeSignal('invitationsSent', 200, 100)).toBe('neutral');
    expect(changeSignal('casesOpened', 1, 9)).toBe('neutral');
    expect(changeSignal('nps', null, 10)).toBe('neutral');
    expect(changeSignal('nps', 10, null)).toBe('neutral');
  });
});

describe('the verdict against a target', () => {
  it('is met on the line and beyond it in the better direction', () => {
    expect(targetVerdict('csatSatisfiedPct', 80, 80)).toBe('met');
    expect(targetVerdict('csatSatisfiedPct', 79.9, 80)).toBe('missed');
    expect(targetVerdict('medianHoursToFirstContact', 24, 24)).toBe('met');
    expect(targetVerdict('medianHoursToFirstContact', 24.1, 24)).toBe('missed');
    expect(targetVerdict('nps', -5, -10)).toBe('met');
  });

  it('is null without a target or without a figure', () => {
    expect(targetVerdict('csatMean', 4, null)).toBeNull();
    expect(targetVerdict('csatMean', null, 4)).toBeNull();
  });

  it('decides the signal over the change: better than before yet below target is bad', () => {
    expect(kpiSignal('resolutionRate', 0.7, 0.6, 0.8)).toEqual({
      signal: 'bad',
      change: 'good',
      target: 'missed',
    });
    expect(kpiSignal('resolutionRate', 0.85, 0.9, 0.8)).toEqual({
      signal: 'good',
      change: 'bad',
      target: 'met',
    });
    expect(kpiSignal('resolutionRate', 0.85, 0.9, null)).toEqual({
      signal: 'bad',
      change: 'bad',
      target: null,
    });
    // No figure this period: nothing to judge.
    expect(kpiSignal('resolutionRate', null, 0.9, 0.8)).toEqual({
      signal: 'neutral',
      change: 'neutral',
      target: null,
    });
  });
});

describe('which target applies to a filter', () => {
  const SURVEY = 'survey-1';
  const OTHER_SURVEY = 'survey-2';
  const TEAM = 'team-1';
  const target = (kpi: KpiName, surveyId: string | null, teamId: string | null, value: number) => ({
    kpi,
    surveyId,
    teamId,
    value,
  });
  const all = [
    target('resolutionRate', null, null, 0.5),
    target('resolutionRate', null, TEAM, 0.6),
    target('resolutionRate', SURVEY, null, 0.7),
    target('resolutionRate', SURVEY, TEAM, 0.8),
    target('resolutionRate', OTHER_SURVEY, TEAM, 0.9),
    target('csatMean', null, null, 4),
  ];
  const valueFor = (surveyId: string | null, teamId: string | null) =>
    applicableTargets(all, { surveyId, teamId }).resolutionRate?.value;

  it('takes survey and team, then the survey, then the team, then the company', () => {
    expect(valueFor(SURVEY, TEAM)).toBe(0.8);
    expect(valueFor(SURVEY, null)).toBe(0.7);
    expect(valueFor(null, TEAM)).toBe(0.6);
    expect(valueFor(null, null)).toBe(0.5);
    // Another survey has its own target only in that team: elsewhere the company's applies.
    expect(valueFor(OTHER_SURVEY, TEAM)).toBe(0.9);
    expect(valueFor(OTHER_SURVEY, null)).toBe(0.5);
    expect(valueFor(OTHER_SURVEY, 'team-2')).toBe(0.5);
  });

  it('does not depend on the order the targets come in', () => {
    const reversed = applicableTargets([...all].reverse(), { surveyId: SURVEY, teamId: TEAM });
    expect(reversed.resolutionRate?.value).toBe(0.8);
    expect(reversed.csatMean?.value).toBe(4);
  });

  it('gives a KPI without any matching target none', () => {
    expect(applicableTargets(all, { surveyId: null, teamId: null }).nps).toBeUndefined();
    expect(
      applicableTargets([target('nps', SURVEY, null, 30)], { surveyId: null, teamId: null }).nps,
    ).toBeUndefined();
  });
});

describe('what a target may be', () => {
  const refused = (kpi: KpiName, value: number, team?: string) =>
    refusalsFor({ kpi, value, team }).map((detail) => `${detail.field} ${detail.message}`);

  it('takes a value in the KPI’s own unit and range', () => {
    expect(refused('responseRate', 0.8)).toEqual([]);
    expect(refused('slaResolutionPct', 95)).toEqual([]);
    expect(refused('nps', -20)).toEqual([]);
    expect(refused('medianHoursToFirstContact', 4, 'a-team')).toEqual([]);
    expect(refused('responseRate', 80)).toEqual([
      'value must be a fraction from 0 to 1 (0.8 is 80 %) for responseRate',
    ]);
    expect(refused('csatMean', 6)).toEqual(['value must be a mean score from 1 to 5 for csatMean']);
    expect(refused('dissatisfied', 2.5)).toEqual([
      'value must be a whole number from 0 to 1000000000 for dissatisfied',
    ]);
  });

  it('refuses a target for a count of how many, and a team’s for a figure teams do not have', () => {
    expect(refused('invitationsSent', 100)).toEqual([
      'kpi invitationsSent counts how many, not how well: no direction is better, so it takes no target',
    ]);
    expect(refused('csatMean', 4, 'a-team')).toEqual([
      'team must be left out for csatMean: answers belong to no team, so a team has no figure of its own to hold to a target',
    ]);
  });
});

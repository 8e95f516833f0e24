import { computeKpis, type Facts, NO_CASES, NO_FACTS, type ScoreCount } from './kpis';
import { bucketStarts } from './reports.service';

const csat = (score: number, responses: number, more: Partial<ScoreCount> = {}): ScoreCount => ({
  scale: 'csat5',
  score,
  identified: true,
  responses,
  commented: 0,
  dissatisfied: score <= 2 ? responses : 0,
  ...more,
});

describe('KPI arithmetic (API.md), on counts worked out by hand', () => {
  const facts: Facts = {
    invitations: { sent: 20, answered: 12 },
    scores: [
      csat(1, 2, { commented: 2 }),
      csat(1, 1, { identified: false }),
      csat(2, 1, { identified: false, commented: 1 }),
      csat(4, 3),
      csat(5, 1, { commented: 1 }),
      { scale: 'nps', score: 10, identified: true, responses: 2, commented: 0, dissatisfied: 0 },
      { scale: 'nps', score: 7, identified: true, responses: 1, commented: 0, dissatisfied: 0 },
      { scale: 'nps', score: 3, identified: false, responses: 1, commented: 0, dissatisfied: 1 },
      { scale: 'ces7', score: 6, identified: true, responses: 1, commented: 1, dissatisfied: 0 },
    ],
    cases: {
      opened: 3,
      resolved: 2,
      contactedInTime: 1,
      firstContactDecided: 3,
      resolvedInTime: 1,
      resolutionDecided: 2,
      medianHoursToFirstContact: 26.04,
      medianHoursToResolution: 144,
      recoveryAnswers: 3,
      recovered: 2,
    },
  };

  it('computes every figure', () => {
    expect(computeKpis(facts)).toEqual({
      invitationsSent: 20,
      // 8 csat + 4 nps + 1 ces
      responses: 13,
      responseRate: 0.6, // 12 / 20
      commentRate: 0.3846, // 2 + 1 + 1 csat, 1 ces: 5 / 13
      consentRate: 0.7692, // 6 csat, 3 nps, 1 ces identified: 10 / 13
      csatSatisfiedPct: 50, // 4 of 8 scored 4 or 5
      csatMean: 2.75, // (1+1+1+2+4+4+4+5) / 8 = 22 / 8
      nps: 25, // 2 promoters − 1 detractor of 4 answers
      dissatisfied: 5, // 3 + 1 csat, 1 nps
      dissatisfiedAnonymous: 3, // one csat 1, one csat 2, the nps 3
      casesOpened: 3,
      casesResolved: 2,
      resolutionRate: 0.6667,
      closeTheLoopRate: 0.3333,
      medianHoursToFirstContact: 26, // to one place
      medianHoursToResolution: 144,
      slaFirstContactPct: 33.3,
      slaResolutionPct: 50,
      recoveryAnswers: 3,
      recoveryRate: 0.6667,
    });
  });

  it('says null for a rate with nothing to divide by, and 0 for a count', () => {
    const kpis = computeKpis(NO_FACTS);
    expect(kpis.responses).toBe(0);
    expect(kpis.casesOpened).toBe(0);
    for (const rate of [
      'responseRate',
      'commentRate',
      'consentRate',
      'csatSatisfiedPct',
      'csatMean',
      'nps',
      'resolutionRate',
      'closeTheLoopRate',
      'medianHoursToFirstContact',
      'slaResolutionPct',
      'recoveryRate',
    ] as const) {
      expect(kpis[rate]).toBeNull();
    }
  });

  it('gives NPS from −100 to 100 and leaves other scales out of CSAT', () => {
    const detractorsOnly = computeKpis({
      ...NO_FACTS,
      scores: [
        { scale: 'nps', score: 0, identified: true, responses: 5, commented: 0, dissatisfied: 5 },
      ],
    });
    expect(detractorsOnly.nps).toBe(-100);
    expect(detractorsOnly.csatMean).toBeNull();
    expect(computeKpis({ ...NO_FACTS, cases: { ...NO_CASES, opened: 4 } }).resolutionRate).toBe(0);
  });
});

describe('timeseries buckets (UTC)', () => {
  const starts = (from: string, to: string, interval: 'day' | 'week' | 'month') =>
    bucketStarts(new Date(from), new Date(to), interval).map((at) => at.toISOString().slice(0, 10));

  it('begins weeks on Monday and months on the 1st, the first one before `from` if need be', () => {
    expect(starts('2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z', 'week')).toEqual([
      '2026-02-23',
      '2026-03-02',
      '2026-03-09',
      '2026-03-16',
      '2026-03-23',
      '2026-03-30',
    ]);
    expect(starts('2026-01-31T12:00:00Z', '2026-03-01T00:00:00Z', 'month')).toEqual([
      '2026-01-01',
      '2026-02-01',
    ]);
    expect(starts('2026-03-29T23:00:00Z', '2026-03-31T00:00:01Z', 'day')).toEqual([
      '2026-03-29',
      '2026-03-30',
      '2026-03-31',
    ]);
  });
});

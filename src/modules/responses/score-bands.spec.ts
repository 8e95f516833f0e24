import { scoreBand, scoreBandSql } from './score-bands';

describe('score bands', () => {
  it('follow the KPIs: unhappy by the threshold, happy by the top two scores', () => {
    // CSAT with the default threshold (2): 1–2 low, 3 mid, 4–5 high.
    expect([1, 2, 3, 4, 5].map((s) => scoreBand('csat5', s, s <= 2))).toEqual([
      'low',
      'low',
      'mid',
      'high',
      'high',
    ]);
    // NPS: detractors 0–6, passives 7–8, promoters 9–10.
    expect([0, 6, 7, 8, 9, 10].map((s) => scoreBand('nps', s, s <= 6))).toEqual([
      'low',
      'low',
      'mid',
      'mid',
      'high',
      'high',
    ]);
    expect([3, 4, 5, 6, 7].map((s) => scoreBand('ces7', s, s <= 3))).toEqual([
      'low',
      'mid',
      'mid',
      'high',
      'high',
    ]);
  });

  it('put an unhappy answer in low even where a survey set its threshold among the top scores', () => {
    expect(scoreBand('csat5', 4, true)).toBe('low');
  });

  it('say the same in SQL', () => {
    expect(scoreBandSql('low', 'r', 'v.scale')).toBe('r.dissatisfied');
    expect(scoreBandSql('high', 'a', 'v.scale')).toBe(
      "(NOT a.dissatisfied AND a.score >= (CASE v.scale WHEN 'csat5' THEN 4 WHEN 'nps' THEN 9 WHEN 'ces7' THEN 6 END))",
    );
  });
});

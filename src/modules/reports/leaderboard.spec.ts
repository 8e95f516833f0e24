import type { Facts, ScoreCount } from './kpis';
import { NO_FACTS } from './kpis';
import { csatAnswers, rankByCsat } from './leaderboard';

/** A group's facts from its CSAT scores (identified), and NPS ones if any. */
function facts(csat: number[], nps: number[] = []): Facts {
  const rows = (scale: ScoreCount['scale'], scores: number[]): ScoreCount[] =>
    scores.map((score) => ({
      scale,
      score,
      identified: true,
      responses: 1,
      commented: 0,
      dissatisfied: 0,
    }));
  return { ...NO_FACTS, scores: [...rows('csat5', csat), ...rows('nps', nps)] };
}

describe('the leaderboard', () => {
  it('counts CSAT answers only', () => {
    expect(csatAnswers(facts([5, 4], [10, 9, 8]))).toBe(2);
  });

  it('ranks by the share satisfied, then the mean, and shares a rank between equals', () => {
    const rows = rankByCsat(
      [
        { key: 'a', label: 'Anna', facts: facts([5, 5, 3]) }, // 66.7 %, 4.33
        { key: 'b', label: 'Bo', facts: facts([4, 4, 4]) }, // 100 %, 4
        { key: 'c', label: 'Cy', facts: facts([5, 5, 5, 5]) }, // 100 %, 5
        { key: 'd', label: 'Di', facts: facts([4, 4, 4, 4]) }, // 100 %, 4: Bo's equal
      ],
      3,
    );
    expect(rows.map((row) => [row.rank, row.key])).toEqual([
      [1, 'c'],
      [2, 'd'], // more answers first among equals
      [2, 'b'],
      [4, 'a'],
    ]);
    expect(rows[0]).toEqual({
      rank: 1,
      key: 'c',
      label: 'Cy',
      csatAnswers: 4,
      csatSatisfiedPct: 100,
      csatMean: 5,
      responses: 4,
    });
  });

  it('leaves out groups with fewer CSAT answers than the minimum, and those with none', () => {
    const rows = rankByCsat(
      [
        { key: 'few', label: 'Few', facts: facts([5, 5]) },
        { key: 'enough', label: 'Enough', facts: facts([1, 2, 3]) },
        { key: 'nps', label: 'NPS only', facts: facts([], [10, 10, 10, 10]) },
      ],
      3,
    );
    expect(rows.map((row) => row.key)).toEqual(['enough']);
    expect(rankByCsat([{ key: 'nps', label: 'N', facts: facts([], [10]) }], 1)).toEqual([]);
  });
});

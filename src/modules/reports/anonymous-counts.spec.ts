import { anonymousCount, hiddenCounts, keptMonths } from './anonymous-counts';

describe('anonymous counts in per-question results', () => {
  it('shows 0 and 5 or more, hides 1 to 4', () => {
    expect([0, 1, 4, 5, 12].map((n) => anonymousCount(n))).toEqual([
      { count: 0 },
      { count: null, fewerThan: 5 },
      { count: null, fewerThan: 5 },
      { count: 5 },
      { count: 12 },
    ]);
  });

  it('leaves out a month in which fewer than 5 answered, and counts what it held', () => {
    const month = (answering: number, values: Record<string, number>) => ({
      answering,
      values: new Map(Object.entries(values)),
    });
    expect(keptMonths([month(3, { a: 3 }), month(6, { a: 2, b: 4 }), month(5, { b: 5 })])).toEqual({
      answering: 11,
      values: new Map([
        ['a', 2],
        ['b', 9],
      ]),
      leftOut: 3,
    });
  });

  it('hides a second count where the counts add up to those answering', () => {
    // 7 answering: 5 and 2; hiding the 2 alone would leave it 7 − 5.
    expect(hiddenCounts([0, 5, 2], 7, true)).toEqual([false, true, true]);
    // Two hidden already: their sum is known, neither is.
    expect(hiddenCounts([3, 2, 5], 10, true)).toEqual([true, true, false]);
    // The smallest other count goes with it.
    expect(hiddenCounts([9, 1, 6], 16, true)).toEqual([false, true, true]);
    // A multiple choice's counts do not add up to its respondents: one is enough.
    expect(hiddenCounts([5, 2], 6, false)).toEqual([false, true]);
  });

  it('hides every count, 0s too, when fewer than 5 answered', () => {
    expect(hiddenCounts([1, 0, 0], 1, true)).toEqual([true, true, true]);
  });
});

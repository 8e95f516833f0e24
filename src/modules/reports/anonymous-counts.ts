/**
 * How per-question results show anonymous answers without exposing a small group (docs/privacy.md,
 * "Per-question results"). Two rules, applied in order:
 *
 * 1. A month whose anonymous answers to a question number 1 to 4 is left out of that question's
 *    figures altogether (and counted as left out). Anonymous answers carry their month only, so a
 *    period holds a month's anonymous answers wholly or not at all; were a small month hidden in
 *    one period and counted in a longer one, the difference would give it away.
 * 2. Of what is left, a value's count of anonymous answers from 1 to 4 is "fewer than 5", and
 *    so is the total with the identified ones (the identified are readable elsewhere, so the total
 *    would tell the hidden count). Where the values' counts add up to the number answering (one
 *    choice, a rating), a single hidden count could be worked out from the others: the smallest
 *    other one is hidden with it.
 */

/** Below this, a count of anonymous answers is not shown. */
export const FEWEST_SHOWN = 5;

/** A count of anonymous answers: the number, or null and `fewerThan` when it is not shown. */
export type AnonymousCount = { count: number } | { count: null; fewerThan: typeof FEWEST_SHOWN };

export function anonymousCount(count: number, hidden = small(count)): AnonymousCount {
  return hidden ? { count: null, fewerThan: FEWEST_SHOWN } : { count };
}

/** 1 to 4: a group small enough to be told apart. */
export function small(count: number): boolean {
  return count > 0 && count < FEWEST_SHOWN;
}

/** Anonymous answers to one question in one month: "answered" and each value's count. */
export interface MonthOfAnswers {
  answering: number;
  values: Map<string, number>;
}

/** Rule 1: the months that count, summed, and how many answers the small ones held. */
export function keptMonths(months: Iterable<MonthOfAnswers>): {
  answering: number;
  values: Map<string, number>;
  leftOut: number;
} {
  const kept = { answering: 0, values: new Map<string, number>(), leftOut: 0 };
  for (const month of months) {
    if (small(month.answering)) {
      kept.leftOut += month.answering;
      continue;
    }
    kept.answering += month.answering;
    for (const [value, count] of month.values) {
      kept.values.set(value, (kept.values.get(value) ?? 0) + count);
    }
  }
  return kept;
}

/**
 * Rule 2: which values' anonymous counts are hidden. `addsUp`: the counts sum to the number
 * answering (a single choice, a rating). A small number answering hides every value, 0s too
 * (with one anonymous answer, four 0s would say the fifth value was theirs).
 */
export function hiddenCounts(counts: number[], answering: number, addsUp: boolean): boolean[] {
  if (small(answering)) return counts.map(() => true);
  const hidden = counts.map((count) => small(count));
  if (addsUp && hidden.filter(Boolean).length === 1) {
    const next = counts
      .map((count, index) => ({ count, index }))
      .filter(({ count, index }) => !hidden[index] && count > 0)
      .sort((a, b) => a.count - b.count)[0];
    if (next) hidden[next.index] = true;
  }
  return hidden;
}

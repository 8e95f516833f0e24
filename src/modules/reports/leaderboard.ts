import { computeKpis, type Facts } from './kpis';

/**
 * The leaderboard's rule, apart from the SQL: groups (locations, members of staff) ranked by CSAT
 * as the KPIs define it (docs/api.md "KPI definitions"), only those with enough CSAT answers for
 * the figure to mean something.
 */

/** One group's counts, with the name to show. */
export interface LeaderboardGroup {
  key: string;
  label: string;
  facts: Facts;
}

export interface LeaderboardRow {
  /** 1 for the best; equal figures share a rank (1, 2, 2, 4). */
  rank: number;
  key: string;
  label: string;
  /** The answers on a CSAT (csat5) survey: what the ranking is computed from. */
  csatAnswers: number;
  csatSatisfiedPct: number | null;
  csatMean: number | null;
  /** Every answer of the group, any scale. */
  responses: number;
}

/** A group's CSAT answers (csat5 surveys; an NPS or CES answer has no CSAT). */
export function csatAnswers(facts: Facts): number {
  return facts.scores
    .filter((row) => row.scale === 'csat5')
    .reduce((total, row) => total + row.responses, 0);
}

/**
 * The groups with at least `minAnswers` CSAT answers, best first: by the share satisfied (4–5),
 * then the mean score; equal on both, they share a rank, the one with more answers listed first.
 */
export function rankByCsat(groups: LeaderboardGroup[], minAnswers: number): LeaderboardRow[] {
  const rows = groups
    .map(({ key, label, facts }) => {
      const kpis = computeKpis(facts);
      return {
        rank: 0,
        key,
        label,
        csatAnswers: csatAnswers(facts),
        csatSatisfiedPct: kpis.csatSatisfiedPct,
        csatMean: kpis.csatMean,
        responses: kpis.responses ?? 0,
      };
    })
    .filter((row) => row.csatAnswers >= minAnswers && row.csatAnswers > 0)
    .sort(
      (a, b) =>
        (b.csatSatisfiedPct ?? 0) - (a.csatSatisfiedPct ?? 0) ||
        (b.csatMean ?? 0) - (a.csatMean ?? 0) ||
        b.csatAnswers - a.csatAnswers ||
        a.label.localeCompare(b.label),
    );
  rows.forEach((row, i) => {
    const before = rows[i - 1];
    const tied =
      before?.csatSatisfiedPct === row.csatSatisfiedPct && before.csatMean === row.csatMean;
    row.rank = tied ? before.rank : i + 1;
  });
  return rows;
}

import type { Scale } from '../surveys/survey-definition';

/**
 * Answers by how happy they were, on any scale, as the KPIs of API.md count them: `low` is an
 * unhappy answer (at or below its survey version's threshold: `dissatisfied`, what opens a case;
 * NPS detractors by default), `high` a happy one (the scale's top two: CSAT 4–5 as
 * `csatSatisfiedPct` counts, NPS promoters 9–10, CES 6–7) that is not unhappy, `mid` the rest.
 */
export const SCORE_BANDS = ['low', 'mid', 'high'] as const;
export type ScoreBand = (typeof SCORE_BANDS)[number];

/** The lowest score of each scale's happy band. */
export const HIGH_BAND_FROM: Record<Scale, number> = { csat5: 4, nps: 9, ces7: 6 };

export function scoreBand(scale: Scale, score: number, dissatisfied: boolean): ScoreBand {
  if (dissatisfied) return 'low';
  return score >= HIGH_BAND_FROM[scale] ? 'high' : 'mid';
}

/**
 * SQL: the answer `alias` (its `score` and `dissatisfied`) is in `band`, its scale the SQL
 * expression `scale` (a survey version's `scale`).
 */
export function scoreBandSql(band: ScoreBand, alias: string, scale: string): string {
  const highFrom = `(CASE ${scale} ${Object.entries(HIGH_BAND_FROM)
    .map(([name, from]) => `WHEN '${name}' THEN ${from}`)
    .join(' ')} END)`;
  switch (band) {
    case 'low':
      return `${alias}.dissatisfied`;
    case 'high':
      return `(NOT ${alias}.dissatisfied AND ${alias}.score >= ${highFrom})`;
    case 'mid':
      return `(NOT ${alias}.dissatisfied AND ${alias}.score < ${highFrom})`;
  }
}

import { ANSWER_VALUES, QUESTION_KINDS } from './question-rollups';
import { SURVEY, TOUCHPOINT } from './report-sql';
import { LIVE, ROLLED, ROLLED_ANONYMOUS, SEEN } from './rollup-windows';

const MIDNIGHT = (date: string) => `(${date}::timestamp AT TIME ZONE 'UTC')`;

/**
 * The answers to one survey's questions (`:survey`) in a period, per question and value: the
 * identified ones per bucket of the trend (`:unit`, day, week or month, UTC), the anonymous ones
 * per month (at the 16th, where they count). From the question rollup for the days it holds, the
 * tables for the rest (the windows of `rollupWindows`); anonymous answers from the rollup only.
 * A touchpoint type filter leaves anonymous answers out: they have none.
 */
export const QUESTION_COUNTS = `
  WITH kinds AS (${QUESTION_KINDS(true)})
  SELECT x.bucket, x.question_id AS "questionId", x.value, x.identified,
    sum(x.answers)::int AS answers, ${SEEN}
  FROM (
    SELECT date_trunc(:unit, r.submitted_at, 'UTC') AS bucket, qa.question_id, av.value,
      true AS identified, count(*) AS answers
    FROM responses r
    ${ANSWER_VALUES('r')}
    WHERE ${LIVE('r.submitted_at')} AND ${SURVEY('r.survey_version_id')}
      AND ${TOUCHPOINT('r.invitation_id')}
    GROUP BY 1, 2, 3
    UNION ALL
    SELECT ${MIDNIGHT(`CASE WHEN d.identified THEN date_trunc(:unit, d.day::timestamp) ELSE d.day END`)},
      d.question_id, d.value, d.identified, sum(d.answers)
    FROM report_question_days d
    WHERE ((d.identified AND ${ROLLED('d')}) OR (NOT d.identified AND ${ROLLED_ANONYMOUS('d')}))
      AND ${SURVEY('d.survey_version_id')}
      AND (:touchpoint::text IS NULL OR d.touchpoint_type = :touchpoint)
    GROUP BY 1, 2, 3, 4
  ) x
  GROUP BY 1, 2, 3, 4`;

/** One row of `QUESTION_COUNTS`. */
export interface QuestionCountRow {
  bucket: Date;
  questionId: string;
  /** A choice or rating; '' counts the answers to the question. */
  value: string;
  identified: boolean;
  answers: number;
  coveredThrough: Date;
}

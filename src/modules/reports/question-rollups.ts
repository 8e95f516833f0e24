import type { EntityManager } from 'typeorm';

/**
 * The daily rollup of answers to the surveys' own questions (`report_question_days`, migration
 * QuestionRollups), rebuilt by `ReportRollups` in its transaction on the days it rebuilds answers:
 * identified answers by the day they were given, anonymous ones (and those still in the inbox) on
 * the 16th of their month. A row counts the answers of one value to one question: a choice, a
 * rating, or '' for "answered it" (for a multiple choice that is its respondents, each choice
 * counted under its own value too). Free text keeps only '': the words never reach a rollup.
 */

/** Each question of each version (of the survey `:survey`, when `surveys` says so) and its kind. */
export const QUESTION_KINDS = (oneSurvey: boolean) => `
  SELECT v.id AS version_id, q->>'id' AS question_id, q->>'type' AS kind
  FROM survey_versions v, jsonb_array_elements(v.questions) q
  ${oneSurvey ? 'WHERE v.survey_id = :survey' : ''}`;

/**
 * The values an answer row `row` counts under, as rows `(question_id, value)`: with `kinds` (the
 * CTE above) joined on its version, `''` once per question answered, then each choice or rating.
 * A multiple choice with nothing ticked, or blank text, is not an answer.
 */
export const ANSWER_VALUES = (row: string) => `
  CROSS JOIN LATERAL jsonb_each(${row}.answers->'questions') qa(question_id, answer)
  JOIN kinds k ON k.version_id = ${row}.survey_version_id AND k.question_id = qa.question_id
  CROSS JOIN LATERAL (
    SELECT '' AS value
    WHERE CASE jsonb_typeof(qa.answer)
      WHEN 'array' THEN jsonb_array_length(qa.answer) > 0
      WHEN 'string' THEN btrim(qa.answer #>> '{}') <> ''
      ELSE true END
    UNION
    SELECT e FROM jsonb_array_elements_text(CASE jsonb_typeof(qa.answer)
      WHEN 'array' THEN qa.answer ELSE jsonb_build_array(qa.answer) END) e
    WHERE k.kind <> 'free_text' AND e <> ''
  ) av`;

const DAY_START = `(d.day::timestamp AT TIME ZONE 'UTC')`;
const DAY_END = `((d.day + 1)::timestamp AT TIME ZONE 'UTC')`;

/** $1 the days of identified answers to rebuild, $2 the months of anonymous ones. */
const REBUILD_QUESTIONS = `
  WITH kinds AS (${QUESTION_KINDS(false)})
  INSERT INTO report_question_days
    (day, survey_version_id, touchpoint_type, identified, question_id, value, answers)
  SELECT d.day, r.survey_version_id, coalesce(i.touchpoint_type, ''), true, qa.question_id, av.value,
    count(*)
  FROM unnest($1::date[]) d(day)
  JOIN responses r ON r.submitted_at >= ${DAY_START} AND r.submitted_at < ${DAY_END}
    AND r.submitted_at < now()
  JOIN invitations i ON i.id = r.invitation_id
  ${ANSWER_VALUES('r')}
  GROUP BY 1, 2, 3, 5, 6
  UNION ALL
  SELECT a.submitted_month + 15, a.survey_version_id, '', false, qa.question_id, av.value, count(*)
  FROM (
    SELECT survey_version_id, answers, submitted_month FROM anonymous_responses
    WHERE submitted_month = ANY($2::date[])
    UNION ALL
    SELECT survey_version_id, answers, submitted_month FROM anonymous_response_inbox
    WHERE submitted_month = ANY($2::date[])
  ) a
  ${ANSWER_VALUES('a')}
  GROUP BY 1, 2, 5, 6`;

/** Rebuilds the question rollup's rows of these days and months (`ReportRollups.refresh`). */
export async function rebuildQuestionDays(
  manager: EntityManager,
  days: string[],
  months: string[],
): Promise<void> {
  await manager.query(
    `DELETE FROM report_question_days
     WHERE (identified AND day = ANY($1::date[]))
        OR (NOT identified AND day = ANY(SELECT m + 15 FROM unnest($2::date[]) m))`,
    [days, months],
  );
  await manager.query(REBUILD_QUESTIONS, [days, months]);
}

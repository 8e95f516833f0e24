/**
 * How other modules read surveys and their versions inside their own statements: which survey a
 * version or a row belongs to (its `key`), a survey's versions by key, which keys name a survey.
 */

/** Joins the survey a row names, as `alias` (its `key`); `surveyId` is the SQL column naming it. */
export function joinSurveyOf(surveyId: string, alias: string): string {
  return `JOIN surveys ${alias} ON ${alias}.id = ${surveyId}`;
}

/**
 * Joins the survey version a row was made under, as `version` (its `version` number), and its
 * survey, as `survey` (its `key`); `versionId` is the SQL column naming the version.
 */
export function joinSurveyVersionOf(
  versionId: string,
  aliases: { version: string; survey: string },
): string {
  const { version, survey } = aliases;
  return `JOIN survey_versions ${version} ON ${version}.id = ${versionId} ${joinSurveyOf(`${version}.survey_id`, survey)}`;
}

/** The ids of every version of the survey whose key is `key` (an SQL expression), as a subquery. */
export function versionsOfSurveySql(key: string): string {
  return `(SELECT v.id FROM survey_versions v JOIN surveys s ON s.id = v.survey_id WHERE s.key = ${key})`;
}

/** The keys among `keys`, an SQL expression of a text array, that name a survey: `ARRAY(…)`. */
export function knownSurveyKeysSql(keys: string): string {
  return `ARRAY(SELECT key FROM surveys WHERE key = ANY(${keys}::text[]))`;
}

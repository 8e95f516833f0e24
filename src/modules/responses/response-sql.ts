/**
 * How other modules read identified answers inside their own statements: answers by id, and the
 * answer a row follows up.
 */

/** The answers whose ids are in `ids` (an SQL uuid array), as a relation of their columns. */
export function responsesByIdSql(ids: string): string {
  return `(SELECT * FROM responses WHERE id = ANY(${ids}::uuid[]))`;
}

/**
 * Joins the answer a row follows up, as `alias` (its `score`, `answers`, `comment`): none when
 * the row names no answer or the answer is gone. `responseId` is the SQL column naming it.
 */
export function joinResponseOf(responseId: string, alias: string): string {
  return `JOIN responses ${alias} ON ${alias}.id = ${responseId}`;
}

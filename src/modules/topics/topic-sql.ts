/**
 * How other modules read topics inside their own statements: whether an answer's comment is
 * about a topic (the `topic` filter of the cases list, the CSV export and the responses
 * explorer), the topic names of an answer (the CSV's `topics` column), and comments per topic per
 * week (for alerts on a topic's spike). This file imports nothing, so any module may use it.
 */

/**
 * SQL: the comment of the answer `alias` is about the topic `topic` (an SQL uuid expression, a
 * parameter). `alias` is an identified answer (`responses`) unless `anonymous` says it is an
 * anonymous one (`anonymous_responses`). One index lookup per answer
 * (`comment_topics_response_key`, `comment_topics_anonymous_key`).
 */
export function topicFilterSql(alias: string, topic: string, anonymous = false): string {
  const column = anonymous ? 'anonymous_response_id' : 'response_id';
  return `EXISTS (SELECT 1 FROM comment_topics ct
    WHERE ct.${column} = ${alias}.id AND ct.topic_id = ${topic})`;
}

/**
 * SQL: the identified answer whose id is `responseId` (an SQL expression: a case's
 * `response_id`) has a comment about the topic `topic`; false for no answer.
 */
export function responseHasTopicSql(responseId: string, topic: string): string {
  return `EXISTS (SELECT 1 FROM comment_topics ct
    WHERE ct.response_id = ${responseId} AND ct.topic_id = ${topic})`;
}

/**
 * SQL text: the names of the topics of the identified answer whose id is `responseId` (an SQL
 * expression), in `locale`'s words, sorted and joined with "; " (null when none).
 */
export function topicNamesOfResponseSql(responseId: string, locale = 'en'): string {
  return `(SELECT string_agg(t.names->>'${locale === 'fi' ? 'fi' : 'en'}', '; '
      ORDER BY t.names->>'${locale === 'fi' ? 'fi' : 'en'}')
    FROM comment_topics ct JOIN topics t ON t.id = ct.topic_id WHERE ct.response_id = ${responseId})`;
}

/**
 * Comments per topic per week since `since` (an SQL timestamptz): a relation of `topic_id`,
 * `week` (its Monday, a date, UTC) and `comments`. Identified comments only: an anonymous one is
 * known by its month, and would all fall in one week of it. A range of
 * `comment_topics_time_topic_idx`, however many comments came before `since`.
 */
export function topicCommentsPerWeekSql(since: string): string {
  return `(SELECT topic_id, date_trunc('week', counted_at AT TIME ZONE 'UTC')::date AS week,
      count(*)::int AS comments
    FROM comment_topics WHERE response_id IS NOT NULL AND counted_at >= ${since}
    GROUP BY 1, 2)`;
}

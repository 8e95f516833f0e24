/**
 * How other modules read the comments of answers inside their own statements (the topics: which
 * comments are about what, frequent phrases). Both kinds of answer: identified ones and anonymous
 * ones, the latter with nothing but the comment, the survey version, the score and the month. An
 * erased customer's comment (its words are gone) is no comment; an empty one neither.
 */

/** A comment worth reading: present and not blank. */
const HAS_COMMENT = `comment IS NOT NULL AND btrim(comment) <> ''`;

/**
 * When an answer counts in a period: an identified one at its time, an anonymous one, known by
 * its month only, at the middle of its month (the 16th, 00:00 UTC), as the reports count it.
 */
const ANONYMOUS_COUNTED_AT = `((submitted_month + 15)::timestamp AT TIME ZONE 'UTC')`;

/**
 * The comments of identified answers as a relation of `id`, `comment`, `score`,
 * `survey_version_id`, `counted_at` (when given); `where` narrows it (SQL over those columns of
 * `responses`, e.g. `id = ANY($1)`).
 */
export function identifiedCommentsSql(where = 'true'): string {
  return `(SELECT id, comment, score, survey_version_id, submitted_at AS counted_at
    FROM responses WHERE ${HAS_COMMENT} AND erased_at IS NULL AND (${where}))`;
}

/** The same relation for anonymous answers (`counted_at` their month's 16th). */
export function anonymousCommentsSql(where = 'true'): string {
  return `(SELECT id, comment, score, survey_version_id, ${ANONYMOUS_COUNTED_AT} AS counted_at
    FROM anonymous_responses WHERE ${HAS_COMMENT} AND (${where}))`;
}

/**
 * SQL for the anonymous answers whose month counts in [from, to) (two SQL timestamptz
 * expressions), for `anonymousCommentsSql`'s `where`: the month's 16th inside the period.
 */
export function anonymousCountedWithinSql(from: string, to: string): string {
  // The month itself against the bounds moved back 15 days: the same test, and an index range
  // (anonymous_responses_month_idx) rather than every answer's expression.
  const monthAt = (at: string) => `((${at})::timestamptz AT TIME ZONE 'UTC' - interval '15 days')`;
  return `submitted_month >= ${monthAt(from)} AND submitted_month < ${monthAt(to)}`;
}

/** The ids of a customer's identified answers (`customer`, an SQL uuid), as a subquery. */
export function responseIdsOfCustomerSql(customer: string): string {
  return `(SELECT id FROM responses WHERE customer_id = ${customer})`;
}

/**
 * The words of comment `alias.comment` as migration CommentSearch indexes them (English stems,
 * then Finnish ones): a search with this very expression reads `responses_comment_words_idx` or
 * `anonymous_responses_comment_words_idx` instead of every answer. The two halves are joined, so
 * a phrase may straddle them (the last English word before the first Finnish one): use it to find
 * candidates, and check a phrase in one language's own words.
 */
export function commentIndexedWordsSql(alias: string): string {
  return `(to_tsvector('english', ${alias}.comment) || to_tsvector('finnish', ${alias}.comment))`;
}

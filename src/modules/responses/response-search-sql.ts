/**
 * How other modules find identified answers by the words of their comment, inside their own
 * statements. Only unhappy answers are indexed (`responses_comment_search_idx`, migration
 * AgentQueue: the expression and its condition are repeated here, as a query must, to use it).
 */
const COMMENT_SEARCH_TEXT = `to_tsvector('simple', comment)`;

/**
 * The invitations of the unhappy answers whose comment matches `query` (an SQL tsquery): a case
 * names the invitation it follows up.
 */
export function unhappyAnswerInvitationsMatchingSql(query: string): string {
  return `(SELECT invitation_id FROM responses
    WHERE comment IS NOT NULL AND dissatisfied AND ${COMMENT_SEARCH_TEXT} @@ ${query})`;
}

/**
 * The words of the comment of an answer `alias` (identified or anonymous), as
 * `responses_comment_words_idx` and `anonymous_responses_comment_words_idx` index them (migration
 * CommentSearch: the same expression, or the search reads every answer): its English and its
 * Finnish stems. A comment's language is not recorded (an anonymous answer must not carry one).
 */
function commentWordsSql(alias: string): string {
  return `(to_tsvector('english', ${alias}.comment) || to_tsvector('finnish', ${alias}.comment))`;
}

/**
 * SQL: the comment of `alias` matches what was typed (`typed`, an SQL text: a parameter), read as
 * a web search (words, "a phrase", -not, or) in English or in Finnish: either reading may match,
 * so "huoneessa" finds "Huone oli kylmä" and "cleaning" finds "not cleaned".
 */
export function commentMatchesSql(alias: string, typed: string): string {
  return `(${alias}.comment IS NOT NULL AND ${commentWordsSql(alias)}
    @@ (websearch_to_tsquery('english', ${typed}) || websearch_to_tsquery('finnish', ${typed})))`;
}

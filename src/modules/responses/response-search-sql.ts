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

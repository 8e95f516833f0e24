import { caseInScope } from '../../common/auth/team-scope';

/**
 * How the responses explorer names the case an identified answer opened, inside its own
 * statement: the case following up the unhappy answer of the invitation `invitationId` (an SQL
 * column), when the viewer may open it (`scope`, an SQL parameter holding `teamScope(viewer)`), as
 * a scalar subquery; null when the answer opened none or the case is another team's.
 */
export function caseOfAnswerSql(invitationId: string, scope: string): string {
  return `(SELECT answered.id FROM follow_up_cases answered
    WHERE answered.invitation_id = ${invitationId} AND answered.source = 'dissatisfied_answer'
      AND ${caseInScope(scope, 'answered')})`;
}

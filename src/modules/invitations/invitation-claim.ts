import { invitationTimelineCtes } from './invitation-timeline';
import { OPEN_INVITATION_STATUSES_SQL } from './invitation.entity';
import { lockCustomersSql } from '../customers/customer-sql';

/**
 * The claim of an invitation by its answer, as CTEs for the answer's own statement: `claimed`
 * (`id`, `customer_id`, and where the touchpoint happened, `touchpoint_location` and
 * `touchpoint_channel`: one row when this answer won the invitation, none when it was answered,
 * expired or erased meanwhile) and its timeline event. The customer's row is locked first (KEY
 * SHARE: the lock its foreign keys take anyway, and the one FOR UPDATE waits for), as every writer
 * about a customer locks it first: a withdrawal or an erasure then runs wholly before or after the
 * answer, never across it. (A reminder still waiting needs no cancelling here: the sender composes
 * it only for an open invitation.) `invitationParameter` holds the invitation's id.
 */
export function claimInvitationCtes(invitationParameter: string): string {
  const invitation = `${invitationParameter}::uuid`;
  return `
  customer AS (
    ${lockCustomersSql(`id = (SELECT customer_id FROM invitations WHERE id = ${invitation})`, 'KEY SHARE')}
  ),
  claimed AS (
    UPDATE invitations SET status = 'answered', answered_at = now(),
      -- The funnel's steps before it, when the page did not record them (a JSON answer, no CSS).
      opened_at = coalesce(opened_at, now()), consent_chosen_at = coalesce(consent_chosen_at, now())
    WHERE id = ${invitation} AND status IN (${OPEN_INVITATION_STATUSES_SQL}) AND expires_at > now()
      AND EXISTS (SELECT 1 FROM customer)
    RETURNING id, customer_id, touchpoint_location, touchpoint_channel
  ),
  ${invitationTimelineCtes('timeline', "SELECT id, 'answered', NULL FROM claimed")}`;
}

import type { ConsentAction } from './consent-event.entity';
import type { ConsentPurpose } from './consent-text.entity';

/**
 * Whether a consent for `purpose` was recorded with the invitation `invitationId` (an SQL
 * expression): with `action`, only such a decision (`granted`: the customer agreed there, as a
 * contact request does); without, any decision: `EXISTS (…)`.
 */
export function consentRecordedForInvitationSql(
  invitationId: string,
  purpose: ConsentPurpose,
  action?: ConsentAction,
): string {
  return `EXISTS (
    SELECT 1 FROM consent_events e WHERE e.invitation_id = ${invitationId}
      AND e.purpose = '${purpose}'${action ? ` AND e.action = '${action}'` : ''})`;
}

/**
 * The latest decision (`action`) on `purpose` recorded with the invitation `invitationId` (an SQL
 * expression), as a statement of one row, or none when nothing was decided there.
 */
export function latestConsentForInvitationSql(
  invitationId: string,
  purpose: ConsentPurpose,
): string {
  return `SELECT e.action FROM consent_events e
    WHERE e.invitation_id = ${invitationId} AND e.purpose = '${purpose}'
    ORDER BY e.id DESC LIMIT 1`;
}

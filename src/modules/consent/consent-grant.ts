import type { ConsentSource } from './consent-event.entity';
import type { ConsentPurpose } from './consent-text.entity';

/**
 * A consent granted in the statement that needs it (the survey answer records the grant and the
 * answer given under it at once), as a statement for the caller's CTE: one `granted` event per
 * row of `invitations`, a relation with `id` (the invitation) and `customer_id` columns. Returns
 * `id` (the event) and `customer_id`. `textParameter` is the parameter holding the consent text.
 */
export function grantConsentSql(grant: {
  invitations: string;
  purpose: ConsentPurpose;
  source: ConsentSource;
  textParameter: string;
}): string {
  return `INSERT INTO consent_events (customer_id, purpose, action, consent_text_id, source, invitation_id)
    SELECT customer_id, '${grant.purpose}', 'granted', ${grant.textParameter}::uuid,
      '${grant.source}', id
    FROM ${grant.invitations}
    RETURNING id, customer_id`;
}

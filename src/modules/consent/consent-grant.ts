import { domainEventsSql } from '../../common/events/domain-event-log';
import type { ConsentSource } from './consent-event.entity';
import type { ConsentPurpose } from './consent-text.entity';

/** What every consent event carries. */
export interface ConsentEventPayload {
  consentEventId: string;
  customerId: string;
  purpose: ConsentPurpose;
}

declare module '../../common/events/domain-event-types' {
  interface DomainEventPayloads {
    /** A customer agreed to a consent text (answering as themselves, or asking to be contacted). */
    'consent.granted': ConsentEventPayload;
    /** A customer withdrew a granted consent (privacy center). */
    'consent.withdrawn': ConsentEventPayload;
  }
}

/**
 * A consent granted in the statement that needs it (the survey answer records the grant and the
 * answer given under it at once), as CTEs for the caller's statement: `<name>` writes one
 * `granted` event per row of `invitations`, a relation with `id` (the invitation) and
 * `customer_id` columns, and returns `id` (the event) and `customer_id`; `<name>_published`
 * publishes `consent.granted`. `textParameter` is the parameter holding the consent text.
 */
export function grantConsentCtes(
  name: string,
  grant: {
    invitations: string;
    purpose: ConsentPurpose;
    source: ConsentSource;
    textParameter: string;
  },
): string {
  return `${name} AS (
    INSERT INTO consent_events (customer_id, purpose, action, consent_text_id, source, invitation_id)
    SELECT customer_id, '${grant.purpose}', 'granted', ${grant.textParameter}::uuid,
      '${grant.source}', id
    FROM ${grant.invitations}
    RETURNING id, customer_id
  ),
  ${name}_published AS (${domainEventsSql([
    {
      type: `'consent.granted'`,
      payload: `jsonb_build_object('consentEventId', ${name}.id, 'customerId', ${name}.customer_id,
        'purpose', '${grant.purpose}')`,
      from: name,
    },
  ])})`;
}

import { domainEventsSql } from '../../common/events/domain-event-log';
import type { ContextPreference } from './answer-columns';

declare module '../../common/events/domain-event-types' {
  interface DomainEventPayloads {
    /** A survey or recovery answer stated preferences: the customer's profiles were merged. */
    'preferences.updated': { customerId: string };
  }
}

/**
 * The merge of stated preferences into a customer's profiles, one per context, as CTEs for a
 * caller's statement: a value given replaces the stored one, one left out keeps it; when any
 * profile was written, `preferences.updated` is published. Both the survey answer and the
 * recovery answer state preferences; the rule lives here, with the table's owner.
 *
 * `customer` names a relation of the caller's statement with a `customer_id` column (one row);
 * `first` is the number of the first of four parameters, filled by `preferenceParameters`.
 */
export function mergePreferencesCtes(name: string, customer: string, first: number): string {
  const [context, channel, contactTime, interests] = [0, 1, 2, 3].map((i) => `$${first + i}`);
  return `${name} AS (
    INSERT INTO preference_profiles AS p (customer_id, context, channel, contact_time, interests)
    SELECT ${customer}.customer_id, t.context, t.channel, t.contact_time,
           ARRAY(SELECT jsonb_array_elements_text(t.interests::jsonb))
    FROM ${customer}, unnest(${context}::text[], ${channel}::text[], ${contactTime}::text[],
      ${interests}::text[]) AS t(context, channel, contact_time, interests)
    ON CONFLICT (customer_id, context) DO UPDATE SET
      channel = COALESCE(EXCLUDED.channel, p.channel),
      contact_time = COALESCE(EXCLUDED.contact_time, p.contact_time),
      interests = CASE WHEN cardinality(EXCLUDED.interests) > 0 THEN EXCLUDED.interests ELSE p.interests END,
      updated_at = now()
    RETURNING customer_id
  ),
  ${name}_published AS (${domainEventsSql([
    {
      type: `'preferences.updated'`,
      payload: `jsonb_build_object('customerId', ${name}_of.customer_id)`,
      from: `(SELECT DISTINCT customer_id FROM ${name}) AS ${name}_of`,
    },
  ])})`;
}

/** The four parameters of `mergePreferencesSql`, as columns: one array per field. */
export function preferenceParameters(preferences: ContextPreference[]): (string | null)[][] {
  return [
    preferences.map((p) => p.context),
    preferences.map((p) => p.channel),
    preferences.map((p) => p.contactTime),
    preferences.map((p) => JSON.stringify(p.interests)),
  ];
}

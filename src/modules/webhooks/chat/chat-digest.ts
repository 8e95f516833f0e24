import type { EntityManager } from 'typeorm';
import { domainEventsSql, loggedDomainEvents } from '../../../common/events/domain-event-log';
import { messageId, type WebhookMessage } from '../payloads/webhook-message';

/** The company's weekly digest as a chat is told of it: the week, its figures, the dashboard. */
export interface DigestHeadline {
  /** The week ('YYYY-MM-DD'; `to` excluded), as the digest's notifications keep it. */
  from: string;
  to: string;
  /** "Acme's week, 30 November – 6 December 2026". */
  title: string;
  /** Written as the dashboard writes them: this week's value and the week before's. */
  figures: { name: string; value: string; before: string }[];
  /** The dashboard over the week (a path of the console). */
  dashboardPath: string;
}

declare module '../../../common/events/domain-event-types' {
  interface DomainEventPayloads {
    /** The company's weekly digest went out; its headline (figures, no one's data) for the chats. */
    'digest.weekly': DigestHeadline;
  }
}

/** A delivery's type for the headline: chats only, never a public event of the catalogue. */
export const DIGEST_HEADLINE = 'digest.weekly';

/** Longer than a week, shorter than the log keeps events: how far back a week's post is looked for. */
const ONCE_WITHIN_DAYS = 14;

/**
 * Posts the weekly digest's headline to every enabled chat endpoint (Slack, Teams) through the
 * deliveries, so it is retried and logged like any message: logs `digest.weekly` with the
 * headline and writes its deliveries in one statement, in the caller's transaction. Once a week:
 * a retried or raced run finds the week logged (under a lock, so two runs cannot both miss it).
 * Answers how many chats it was queued for.
 */
export async function queueDigestHeadline(
  manager: EntityManager,
  headline: DigestHeadline,
): Promise<number> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('webhooks.digest-headline'))`);
  const logged = domainEventsSql([
    {
      type: `'${DIGEST_HEADLINE}'`,
      payload: '$1::jsonb',
      from: '(SELECT 1) AS once',
      where: `NOT EXISTS (SELECT 1 FROM domain_events WHERE type = '${DIGEST_HEADLINE}'
        AND payload ->> 'from' = $2 AND occurred_at > now() - interval '${ONCE_WITHIN_DAYS} days')`,
    },
  ]);
  const queued = await manager.query<{ id: string }[]>(
    `WITH logged AS (${logged} RETURNING id)
     INSERT INTO webhook_deliveries (endpoint_id, event_id, type)
     SELECT e.id, logged.id, '${DIGEST_HEADLINE}'
     FROM logged JOIN webhook_endpoints e ON e.enabled AND e.kind IN ('slack', 'teams')
     RETURNING id`,
    [JSON.stringify(headline), headline.from],
  );
  return queued.length;
}

/** The headlines' messages, by event id, built from the logged events (null once pruned). */
export async function digestHeadlineMessages(
  manager: EntityManager,
  eventIds: string[],
): Promise<Map<string, WebhookMessage | null>> {
  const messages = new Map<string, WebhookMessage | null>(eventIds.map((id) => [id, null]));
  for (const event of await loggedDomainEvents(manager, eventIds)) {
    messages.set(event.id, {
      id: messageId(event.id),
      type: DIGEST_HEADLINE,
      occurredAt: event.occurredAt.toISOString(),
      data: event.payload,
    });
  }
  return messages;
}

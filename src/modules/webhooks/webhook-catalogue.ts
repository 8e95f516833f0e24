import type { DomainEventType } from '../../common/events/domain-event-types';

/**
 * The public events, as receivers see them, and the internal events each is made of. The
 * database's `webhook_public_type` maps the same (its migration writes the deliveries); the
 * catalogue spec holds the two equal. `webhook.test` is not here: it is only ever sent by hand.
 */
export const WEBHOOK_EVENTS = {
  'response.received': ['response.received'],
  'response.dissatisfied': ['response.dissatisfied'],
  'case.opened': ['case.created'],
  'case.assigned': ['case.claimed', 'case.assigned'],
  'case.message_sent': ['case.message_sent'],
  'case.reply_received': ['case.reply_received'],
  'case.resolved': ['case.resolved'],
  'case.reopened': ['case.reopened'],
  // A case the customer's withdrawn consent ended is closed too, for a CRM (`entry.type`).
  'case.closed': ['case.closed', 'case.withdrawn'],
  // Only the escalations that made the case overdue.
  'case.overdue': ['case.escalated'],
  'preferences.updated': ['preferences.updated'],
  'consent.granted': ['consent.granted'],
  'consent.withdrawn': ['consent.withdrawn'],
  'customer.erased': ['customer.erased'],
  'invitation.bounced': ['invitation.bounced'],
  'customer.unsubscribed': ['invitation.unsubscribed'],
} as const satisfies Record<string, readonly DomainEventType[]>;

export type WebhookEventType = keyof typeof WEBHOOK_EVENTS;
export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENTS) as WebhookEventType[];

/** The event a "send test event" button sends. */
export const TEST_EVENT = 'webhook.test';

/** What each event means, for the console's choice and docs/integrations.md. */
export const WEBHOOK_EVENT_LABELS: Record<'en' | 'fi', Record<WebhookEventType, string>> = {
  en: {
    'response.received': 'An answer was received',
    'response.dissatisfied': 'A customer answered dissatisfied',
    'case.opened': 'A follow-up case was opened',
    'case.assigned': 'A case was assigned or claimed',
    'case.message_sent': 'An email was sent to the customer',
    'case.reply_received': 'The customer replied',
    'case.resolved': 'A case was resolved',
    'case.reopened': 'A case was reopened',
    'case.closed': 'A case was closed, with the recovery outcome',
    'case.overdue': 'A case became overdue',
    'preferences.updated': 'A customer told how they want to be served',
    'consent.granted': 'A customer gave consent',
    'consent.withdrawn': 'A customer withdrew consent',
    'customer.erased': 'A customer was erased',
    'invitation.bounced': 'An invitation bounced',
    'customer.unsubscribed': 'A customer unsubscribed',
  },
  fi: {
    'response.received': 'Vastaus saapui',
    'response.dissatisfied': 'Asiakas vastasi tyytymättömänä',
    'case.opened': 'Seurantatapaus avattiin',
    'case.assigned': 'Tapaus annettiin tai otettiin hoitoon',
    'case.message_sent': 'Asiakkaalle lähetettiin sähköposti',
    'case.reply_received': 'Asiakas vastasi viestiin',
    'case.resolved': 'Tapaus ratkaistiin',
    'case.reopened': 'Tapaus avattiin uudelleen',
    'case.closed': 'Tapaus suljettiin, palautumisen tuloksella',
    'case.overdue': 'Tapaus myöhästyi',
    'preferences.updated': 'Asiakas kertoi, miten haluaa tulla palvelluksi',
    'consent.granted': 'Asiakas antoi suostumuksen',
    'consent.withdrawn': 'Asiakas perui suostumuksen',
    'customer.erased': 'Asiakkaan tiedot poistettiin',
    'invitation.bounced': 'Kutsu palautui',
    'customer.unsubscribed': 'Asiakas perui tilauksen',
  },
};

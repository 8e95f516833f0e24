import type { WebhookEventType } from '../webhook-catalogue';

/**
 * What a chat (Slack, Teams) is told: a new dissatisfied case, an overdue one, a customer's reply
 * on a case nobody has taken. (The weekly digest's headline is queued by the digest itself, with
 * `queueDigestHeadline`.)
 */
export const CHAT_EVENT_TYPES = [
  'case.opened',
  'case.overdue',
  'case.reply_received',
] as const satisfies readonly WebhookEventType[];

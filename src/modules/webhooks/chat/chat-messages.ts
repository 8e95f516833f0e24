import type { WebhookMessage } from '../payloads/webhook-message';
import type { WebhookKind } from '../webhook-endpoint.entity';

/**
 * The body a chat's incoming webhook gets for a message, or null for a message chats are not
 * told of. A first version: one line of text for every event.
 */
export function chatMessageBody(kind: Exclude<WebhookKind, 'standard'>, message: WebhookMessage) {
  const text = `Candor: ${message.type}`;
  return JSON.stringify(kind === 'slack' ? { text } : { text });
}

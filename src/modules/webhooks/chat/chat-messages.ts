import type { WebhookMessage } from '../payloads/webhook-message';
import type { WebhookKind } from '../webhook-endpoint.entity';
import { slackMessage, teamsMessage } from './chat-formats';
import { chatNotice } from './chat-notices';

/** Where a chat message's links lead: the console, at the app's public address. */
export interface ChatLinks {
  publicBaseUrl: string;
}

/**
 * The body a chat's incoming webhook gets for a message (`{ text, blocks }` for Slack, an
 * Adaptive Card for Teams), or null for a message chats are not told of: it is then dropped.
 */
export function chatMessageBody(
  kind: Exclude<WebhookKind, 'standard'>,
  message: WebhookMessage,
  links: ChatLinks,
): string | null {
  const notice = chatNotice(message, links.publicBaseUrl);
  if (!notice) return null;
  return JSON.stringify(kind === 'slack' ? slackMessage(notice) : teamsMessage(notice));
}

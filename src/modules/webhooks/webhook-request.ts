import { type ChatLinks, chatMessageBody } from './chat/chat-messages';
import type { WebhookMessage } from './payloads/webhook-message';
import type { WebhookEndpoint } from './webhook-endpoint.entity';
import { signedHeaders } from './webhook-signing';

/** The HTTP request of one message to one endpoint; null when the endpoint is not told of it. */
export interface WebhookRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
}

/**
 * A standard endpoint gets the message as JSON, signed (Standard Webhooks) with its secret, and a
 * rotated-out one within its overlap; a chat endpoint (Slack, Teams) a human message, unsigned
 * (their incoming-webhook URL is the secret). The endpoint's static headers go first, so they
 * cannot replace the signature's.
 */
export function webhookRequest(
  endpoint: WebhookEndpoint,
  message: WebhookMessage,
  at: Date,
  links: ChatLinks,
): WebhookRequest | null {
  if (endpoint.kind !== 'standard') {
    const body = chatMessageBody(endpoint.kind, message, links);
    if (body === null) return null;
    return { url: endpoint.url, body, headers: { ...endpoint.headers, ...JSON_TYPE } };
  }
  const body = JSON.stringify(message);
  return {
    url: endpoint.url,
    body,
    headers: {
      ...endpoint.headers,
      ...JSON_TYPE,
      ...signedHeaders(endpoint, message.id, body, at),
    },
  };
}

const JSON_TYPE = { 'content-type': 'application/json', 'user-agent': 'Candor-Webhooks/1' };

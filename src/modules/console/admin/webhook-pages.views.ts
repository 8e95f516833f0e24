import { createHash } from 'node:crypto';
import type { Page } from '../../../common/pagination/page-query';
import { TEST_EVENT } from '../../webhooks/webhook-catalogue';
import type { WebhookDeliveryDto } from '../../webhooks/webhook-delivery-log';
import type { WebhookEndpointDto } from '../../webhooks/webhook-endpoints.service';
import { timeView, type TimeView } from '../case-workspace.views';
import type { WithNav } from '../console-nav';
import type { AdminFormFrame } from './admin-pages';
import { eventWords, kindWords, type WebhookFormView, WORDS } from './webhook-form';
import type { DisabledReason, WebhookWords } from './webhook-words';

export const WEBHOOKS_PATH = '/console/admin/webhooks';
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'dropped'] as const;

/** An endpoint as the list and its page show it: its choices and its state in words. */
interface EndpointView {
  id: string;
  href: string;
  url: string;
  kind: string;
  description: string;
  events: string;
  status: string;
  enabled: boolean;
  failingSince: TimeView | null;
}

/** `console-admin-webhooks.hbs`: every endpoint, and the form to add one. */
export interface ConsoleAdminWebhooksView extends AdminFormFrame {
  words: WebhookWords;
  endpoints: EndpointView[];
  form: WebhookFormView;
}

/** A secret just made (by adding the endpoint or rotating its secret): shown this once. */
interface SecretView {
  value: string;
  lead: string;
  /** Until when the secret it replaced still signs; null for a new endpoint. */
  oldUntil: TimeView | null;
  /** Signed messages (Standard Webhooks); a chat's are not. */
  signed: boolean;
}

/** `console-admin-webhook.hbs`: one endpoint, its actions, its delivery log and its form. */
export interface ConsoleAdminWebhookView extends AdminFormFrame {
  words: WebhookWords;
  endpoint: EndpointView & {
    previousSecretUntil: TimeView | null;
    created: TimeView;
    actions: { test: string; toggle: string; rotate: string; delete: string };
  };
  secret: SecretView | null;
  confirmDelete: boolean;
  filter: { action: string; options: { value: string; label: string; selected: boolean }[] };
  log: WebhookLogView;
  form: WebhookFormView;
}

/** `console-admin-webhook-log.hbs` (and the page's log): a page of deliveries, newest first. */
export interface WebhookLogView {
  words: WebhookWords;
  csrfToken: string;
  /** Where htmx asks for the log again (204 while nothing changed). */
  refreshHref: string;
  rows: DeliveryView[];
  empty: string;
  older: string | null;
  newest: string | null;
}

interface DeliveryView {
  event: string;
  type: string;
  messageId: string;
  status: string;
  attempts: number;
  responseStatus: string;
  latency: string;
  queued: TimeView;
  nextAttempt: TimeView | null;
  error: string | null;
  answer: string | null;
  redeliver: string;
}

declare module '../../../common/templates/page-contexts' {
  interface PageContexts {
    'console-admin-webhooks': WithNav<ConsoleAdminWebhooksView>;
    'console-admin-webhook': WithNav<ConsoleAdminWebhookView>;
    /** The delivery log alone, for the endpoint page's refresh. */
    'console-admin-webhook-log': WebhookLogView;
  }
}

/** Enabled (and failing or not), or disabled and why, in words. */
function statusWords(endpoint: WebhookEndpointDto): string {
  if (endpoint.enabled) {
    return endpoint.failingSince ? WORDS.statuses.failingNow : WORDS.statuses.enabled;
  }
  const reason = endpoint.disabledReason;
  return reason && Object.hasOwn(WORDS.statuses, reason)
    ? WORDS.statuses[reason as DisabledReason]
    : WORDS.statuses.disabled;
}

export function endpointView(endpoint: WebhookEndpointDto, now: Date): EndpointView {
  return {
    id: endpoint.id,
    href: `${WEBHOOKS_PATH}/${endpoint.id}`,
    url: endpoint.url,
    kind: kindWords(endpoint.kind),
    description: endpoint.description,
    events:
      endpoint.eventTypes === null
        ? WORDS.allEvents
        : endpoint.eventTypes.map(eventWords).join(', '),
    status: statusWords(endpoint),
    enabled: endpoint.enabled,
    failingSince: endpoint.failingSince ? timeView(endpoint.failingSince, now) : null,
  };
}

export function endpointPageView(
  endpoint: WebhookEndpointDto,
  now: Date,
): ConsoleAdminWebhookView['endpoint'] {
  const href = `${WEBHOOKS_PATH}/${endpoint.id}`;
  return {
    ...endpointView(endpoint, now),
    previousSecretUntil: endpoint.previousSecretValidUntil
      ? timeView(endpoint.previousSecretValidUntil, now)
      : null,
    created: timeView(endpoint.createdAt, now),
    actions: {
      test: `${href}/test`,
      toggle: `${href}/${endpoint.enabled ? 'disable' : 'enable'}`,
      rotate: `${href}/rotate`,
      delete: `${href}/delete`,
    },
  };
}

export function secretView(
  endpoint: WebhookEndpointDto,
  secret: string,
  rotated: boolean,
  now: Date,
): SecretView {
  const until = endpoint.previousSecretValidUntil;
  return {
    value: secret,
    lead: rotated ? WORDS.secretRotated : WORDS.secretOnce,
    oldUntil: rotated && until ? timeView(until, now) : null,
    signed: endpoint.kind === 'standard',
  };
}

/** The log's filter and paging, as the page's query asked them. */
export interface LogQuery {
  status?: string;
  cursor?: string;
}

function logHref(path: string, query: LogQuery & { since?: string }): string {
  const params = new URLSearchParams();
  for (const name of ['status', 'cursor', 'since'] as const) {
    const value = query[name];
    if (value) params.set(name, value);
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

export function logFilterView(endpointId: string, status: string | undefined) {
  return {
    action: `${WEBHOOKS_PATH}/${endpointId}`,
    options: [
      { value: '', label: WORDS.anyStatus, selected: !status },
      ...DELIVERY_STATUSES.map((value) => ({
        value,
        label: WORDS.deliveryStatuses[value],
        selected: value === status,
      })),
    ],
  };
}

/**
 * A page of the log, and its fingerprint (what `since` compares to answer 204): the deliveries'
 * states, not their times in words, so the log is swapped only when a delivery changed (an
 * answer opened by the reader stays open meanwhile).
 */
export function webhookLogView(
  endpointId: string,
  query: LogQuery,
  page: Page<WebhookDeliveryDto>,
  csrfToken: string,
  now: Date,
): { view: WebhookLogView; fingerprint: string } {
  const href = `${WEBHOOKS_PATH}/${endpointId}`;
  const state = page.items.map((d) => [d.id, d.status, d.attempts, d.lastAttemptAt]);
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([state, page.nextCursor]))
    .digest('base64url')
    .slice(0, 16);
  const view: WebhookLogView = {
    words: WORDS,
    csrfToken,
    refreshHref: logHref(`${href}/log`, { ...query, since: fingerprint }),
    rows: page.items.map((delivery) => deliveryView(href, delivery, now)),
    empty: query.status ? WORDS.noDeliveriesOfStatus : WORDS.noDeliveries,
    older: page.nextCursor
      ? `${logHref(href, { status: query.status, cursor: page.nextCursor })}#delivery-log`
      : null,
    newest: query.cursor ? `${logHref(href, { status: query.status })}#delivery-log` : null,
  };
  return { view, fingerprint };
}

function deliveryView(href: string, delivery: WebhookDeliveryDto, now: Date): DeliveryView {
  return {
    event: delivery.type === TEST_EVENT ? WORDS.testEvent : eventWords(delivery.type),
    type: delivery.type,
    messageId: delivery.messageId,
    status: WORDS.deliveryStatuses[delivery.status] ?? delivery.status,
    attempts: delivery.attempts,
    responseStatus: delivery.responseStatus === null ? '—' : String(delivery.responseStatus),
    latency: delivery.latencyMs === null ? '—' : `${delivery.latencyMs} ms`,
    queued: timeView(delivery.createdAt, now),
    nextAttempt: delivery.nextAttemptAt ? timeView(delivery.nextAttemptAt, now) : null,
    error: delivery.error,
    answer: delivery.responseBody || null,
    redeliver: `${href}/deliveries/${delivery.id}/redeliver`,
  };
}

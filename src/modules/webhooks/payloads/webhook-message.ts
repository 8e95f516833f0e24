import { type Scale, SCALE_RANGE } from '../../surveys/survey-definition';
import type { WebhookEventType } from '../webhook-catalogue';

/** One logged event that became a delivery, as the payload builders read it. */
export interface WebhookEventRow {
  eventId: string;
  type: WebhookEventType;
  /** The internal event it is made of (`case.claimed` for a `case.assigned`, say). */
  domainType: string;
  occurredAt: Date;
  payload: Record<string, unknown>;
}

/** What a receiver gets (Standard Webhooks body): the same for a push and for `GET /events`. */
export interface WebhookMessage {
  /** `evt_<n>`: the `webhook-id` too, the same on every attempt, for the receiver's dedupe. */
  id: string;
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

/** The customer as a receiver knows them: Candor's id and the company's own. */
export interface CustomerRef {
  id: string;
  externalId: string | null;
}

/** Where the answer's visit happened (the invitation's touchpoint). */
export interface TouchpointRef {
  type: string | null;
  reference: string | null;
  location: string | null;
  channel: string | null;
}

export const messageId = (eventId: string): string => `evt_${eventId}`;

export const iso = (at: Date | null): string | null => at?.toISOString() ?? null;

/** Data per event id; an event whose data is gone (an erased customer's) maps to null: dropped. */
export type WebhookData = Map<string, Record<string, unknown> | null>;

/** A score with the scale it is on (`csat5`, `nps`, `ces7`) and that scale's top. */
export function scoreOf(score: number, scale: Scale) {
  return { score, scale, scaleMax: SCALE_RANGE[scale].max };
}

import { Webhook } from 'standardwebhooks';
import { eventually } from './eventually';
import type { Received, WebhookReceiver } from './webhook-receiver';

export type WebhookMessageJson = Received['json'];
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever a message holds
export type MessageData = Record<string, any>;

/** An ISO 8601 time as `Date.prototype.toISOString` writes it (UTC, milliseconds). */
export const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/**
 * The messages one endpoint accepted, read as a receiver reads them: each verified with the
 * endpoint's secret by the Standard Webhooks verifier before anything else is looked at.
 */
export class SignedMessages {
  constructor(
    private readonly receiver: WebhookReceiver,
    private readonly secret: string,
  ) {}

  /**
   * The first accepted message of `type` whose data `matches`, once it has arrived, verified.
   * Throws at the deadline saying which types did arrive, so a missing one is easy to tell.
   */
  async next(
    type: string,
    matches: (data: MessageData) => boolean,
    timeoutMs = 15_000,
  ): Promise<WebhookMessageJson> {
    const found = await eventually(() => {
      const message = this.receiver.accepted(type).find((r) => matches(r.json.data));
      if (!message) {
        const types = [...new Set(this.receiver.accepted().map((r) => r.json.type))];
        throw new Error(`no matching ${type} arrived (got ${types.join(', ') || 'nothing'})`);
      }
      return message;
    }, timeoutMs);
    return this.verified(found);
  }

  /** The accepted messages of `type` whose data `matches`, as many as have arrived so far. */
  all(type: string, matches: (data: MessageData) => boolean): Received[] {
    return this.receiver.accepted(type).filter((r) => matches(r.json.data));
  }

  /**
   * The message as the verifier returns it, after checking what every message must hold: a
   * signature made with the secret, a `webhook-id` that is the message's `evt_<n>` id, and the
   * time of the event. Throws on the first thing that is wrong.
   */
  verified(message: Received): WebhookMessageJson {
    const verified = new Webhook(this.secret).verify(
      message.body,
      message.headers as Record<string, string>,
    ) as WebhookMessageJson;
    const { id, type, occurredAt } = message.json;
    if (!/^evt_\d+$/.test(id)) throw new Error(`${type}: id ${id} is not evt_<n>`);
    if (message.headers['webhook-id'] !== id) {
      throw new Error(`${type}: webhook-id ${String(message.headers['webhook-id'])} is not ${id}`);
    }
    if (!ISO_TIME.test(occurredAt)) throw new Error(`${type}: occurredAt ${occurredAt}`);
    if (JSON.stringify(verified) !== JSON.stringify(message.json)) {
      throw new Error(`${type}: the verified payload differs from the body`);
    }
    return verified;
  }
}

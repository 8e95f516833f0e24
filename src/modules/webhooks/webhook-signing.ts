import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** A new signing secret in the Standard Webhooks form (`whsec_` and 32 random bytes, base64). */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The secrets an endpoint signs with now: its own, and a rotated-out one within its overlap. */
export interface SigningSecrets {
  secret: string;
  previousSecret: string | null;
  previousSecretUntil: Date | null;
}

/** Signers by secret: decoding one costs more than the signature itself. */
const signers = new Map<string, Webhook>();

function signer(secret: string): Webhook {
  let webhook = signers.get(secret);
  if (!webhook) {
    if (signers.size > 1000) signers.clear();
    webhook = new Webhook(secret);
    signers.set(secret, webhook);
  }
  return webhook;
}

/**
 * The Standard Webhooks headers of one message. During a rotation's overlap the signature header
 * carries both signatures (space-separated, as the specification allows), so a receiver holding
 * either secret verifies it.
 */
export function signedHeaders(
  secrets: SigningSecrets,
  messageId: string,
  body: string,
  at: Date,
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  const keys = [secrets.secret];
  if (secrets.previousSecret && secrets.previousSecretUntil && secrets.previousSecretUntil > at) {
    keys.push(secrets.previousSecret);
  }
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': keys.map((key) => signer(key).sign(messageId, at, body)).join(' '),
  };
}

import { isIP } from 'node:net';
import { normalizeHost } from './webhook-allowance';
import { refusalFor, systemLookup, type WebhookLookup } from './webhook-lookup';

export const WEBHOOK_URL_MAX_LENGTH = 2000;

export interface WebhookUrlOptions {
  /** WEBHOOK_ALLOW_PRIVATE, parsed by `parseWebhookAllowance`. */
  allowPrivateHosts: readonly string[];
  /** In production: http:// is refused. */
  requireHttps: boolean;
  /** Default dns.lookup; tests inject their own. */
  lookup?: WebhookLookup;
}

/**
 * What is wrong with a webhook endpoint's URL, as a sentence for the admin who typed it, or null
 * when it may be saved. Checked when the endpoint is saved; the delivery agents check the address
 * again at every connection, since a name may resolve elsewhere later.
 */
export async function checkWebhookUrl(
  url: string,
  options: WebhookUrlOptions,
): Promise<string | null> {
  if (url.length > WEBHOOK_URL_MAX_LENGTH) {
    return `The URL is ${url.length} characters long; it may have at most ${WEBHOOK_URL_MAX_LENGTH}.`;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'The URL is not a valid web address: it should look like https://crm.example.com/hooks/candor.';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return `The URL must start with https:// (${parsed.protocol}// cannot receive webhooks).`;
  }
  if (parsed.username || parsed.password) {
    return 'The URL must not contain a user name or password: send credentials as a static header instead.';
  }
  if (options.requireHttps && parsed.protocol === 'http:') {
    return 'The URL must start with https://: webhooks are sent only over HTTPS in production.';
  }
  return checkHost(normalizeHost(parsed.hostname), options);
}

/** Whether the host resolves, and only to addresses a webhook may reach. */
async function checkHost(host: string, options: WebhookUrlOptions): Promise<string | null> {
  const allowed = options.allowPrivateHosts.some((entry) => normalizeHost(entry) === host);
  if (isIP(host) !== 0) {
    const reason = refusalFor(host, allowed);
    return reason ? `The URL's address ${host} is ${reason}: ${PUBLIC_ONLY}` : null;
  }
  let addresses;
  try {
    addresses = await (options.lookup ?? systemLookup)(host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTFOUND' || code === 'ENODATA') {
      return `The host ${host} does not resolve to any address: check its spelling.`;
    }
    return `The host ${host} could not be resolved just now (${code ?? 'no answer'}): try again.`;
  }
  if (addresses.length === 0)
    return `The host ${host} does not resolve to any address: check its spelling.`;
  for (const { address } of addresses) {
    const reason = refusalFor(address, allowed);
    if (reason) return `The host ${host} resolves to ${address}, ${reason}: ${PUBLIC_ONLY}`;
  }
  return null;
}

const PUBLIC_ONLY = 'webhooks are sent only to public addresses.';

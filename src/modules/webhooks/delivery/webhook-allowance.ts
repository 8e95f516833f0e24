import { isIP } from 'node:net';

/**
 * WEBHOOK_ALLOW_PRIVATE: the hosts a webhook may reach although they resolve to a loopback,
 * private, link-local or other non-public address (a receiver on the developer's machine, the
 * tests' receiver on loopback). A comma-separated list of host names or IP addresses, compared with
 * the host name of the endpoint's URL, not with what it resolves to:
 *
 *   WEBHOOK_ALLOW_PRIVATE=127.0.0.1,localhost,::1,crm.internal
 *
 * `localhost` allows http://localhost:4000/ but not http://127.0.0.1:4000/; list both when both
 * are used. CIDR ranges and wildcards are not accepted: an allowance names the hosts it opens.
 * The cloud metadata addresses stay refused whatever the list says. Empty or unset: no allowance.
 */
export function parseWebhookAllowance(value: string | undefined): string[] {
  const hosts = new Set<string>();
  for (const entry of (value ?? '').split(',')) {
    const trimmed = entry.trim();
    if (trimmed === '') continue;
    const host = normalizeHost(trimmed);
    if (!isHostName(host)) {
      throw new Error(
        `must be a comma-separated list of host names or IP addresses ("${trimmed}" is not one)`,
      );
    }
    hosts.add(host);
  }
  return [...hosts];
}

/**
 * A URL's host name as the allowance compares it: lower case, without the brackets of an IPv6
 * literal or the trailing dot of a fully qualified name.
 */
export function normalizeHost(host: string): string {
  let normalized = host.toLowerCase();
  if (normalized.startsWith('[') && normalized.endsWith(']')) normalized = normalized.slice(1, -1);
  if (normalized.endsWith('.')) normalized = normalized.slice(0, -1);
  return normalized;
}

function isHostName(host: string): boolean {
  if (isIP(host) !== 0) return true;
  return /^[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62}))*$/.test(host);
}

import type { Agent } from 'node:http';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';
import { normalizeHost } from './webhook-allowance';
import { guardedLookup, systemLookup, type WebhookLookup } from './webhook-lookup';

/**
 * A receiver's idle connection is dropped after this long. Below the 5 s keep-alive of Node's
 * server (and most others), so a request never lands on a socket the receiver is closing.
 */
const IDLE_SOCKET_MS = 4_000;

export interface AgentPair {
  readonly http: Agent;
  readonly https: Agent;
}

/** The keep-alive agents of one allowance: every delivery with it shares their sockets. */
export interface WebhookAgents {
  /** The normalized host names of WEBHOOK_ALLOW_PRIVATE. */
  readonly allowance: ReadonlySet<string>;
  /** For every other host: connects only to public addresses. */
  readonly public: AgentPair;
  /** For the allowed hosts: any address but the cloud metadata ones. */
  readonly allowed: AgentPair;
}

const byLookup = new WeakMap<WebhookLookup, Map<string, WebhookAgents>>();
const created = new Set<Agent>();

/**
 * The agents for an allowance and a resolver, created once and kept: a delivery reuses a warm
 * connection instead of paying DNS, TCP and TLS again.
 */
export function webhookAgents(
  allowPrivateHosts: readonly string[],
  lookup: WebhookLookup = systemLookup,
): WebhookAgents {
  let byAllowance = byLookup.get(lookup);
  if (!byAllowance) byLookup.set(lookup, (byAllowance = new Map<string, WebhookAgents>()));
  const key = allowPrivateHosts.join(',');
  let agents = byAllowance.get(key);
  if (!agents) {
    agents = {
      allowance: new Set(allowPrivateHosts.map(normalizeHost)),
      public: agentPair(lookup, false),
      allowed: agentPair(lookup, true),
    };
    byAllowance.set(key, agents);
  }
  return agents;
}

/**
 * Two layers check every connection. Our lookup refuses what `refusedAddressReason` refuses and
 * says why; the package's own filter (allowPrivateIPAddress false) stays on under it, and checks
 * the addresses of IP-literal hosts that skip DNS. For allowed hosts the package lets private
 * addresses through and our lookup still refuses the metadata ones.
 */
function agentPair(lookup: WebhookLookup, allowed: boolean): AgentPair {
  const options = {
    keepAlive: true,
    timeout: IDLE_SOCKET_MS,
    lookup: guardedLookup(lookup, allowed),
    allowPrivateIPAddress: allowed,
  };
  const pair = {
    http: new RequestFilteringHttpAgent(options),
    https: new RequestFilteringHttpsAgent(options),
  };
  created.add(pair.http).add(pair.https);
  return pair;
}

/**
 * Closes every connection of every agent, idle or not: for shutdown, once deliveries have settled.
 * The agents stay usable and reconnect on the next delivery.
 */
export function destroyWebhookConnections(): void {
  for (const agent of created) agent.destroy();
}

import type { LookupAddress, LookupOptions } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { describeRefusal, isMetadataAddress, refusedAddressReason } from './webhook-address';

/**
 * Resolves a host name to every address it has, as dns.lookup({ all: true }) does. Tests inject
 * their own to play DNS rebinding (a public address for the URL check, loopback at send time).
 */
export type WebhookLookup = (hostname: string) => Promise<readonly LookupAddress[]>;

export const systemLookup: WebhookLookup = (hostname) => dnsLookup(hostname, { all: true });

/** A connection refused because of where it would go, before any byte was sent. */
export class RefusedAddressError extends Error {
  readonly code = 'EWEBHOOKREFUSED';

  constructor(
    readonly address: string,
    readonly reason: string,
  ) {
    super(`refused: ${describeRefusal(address, reason)}`);
    this.name = 'RefusedAddressError';
  }
}

/**
 * The reason `address` may not be reached: any non-public address for an ordinary host, only the
 * cloud metadata addresses for a host in WEBHOOK_ALLOW_PRIVATE.
 */
export function refusalFor(address: string, allowed: boolean): string | null {
  if (!allowed) return refusedAddressReason(address);
  return isMetadataAddress(address) ? 'the cloud metadata address' : null;
}

/**
 * The `lookup` a delivery agent connects with: it resolves the name and refuses the connection
 * when any of its addresses may not be reached, so the address checked is the one connected to
 * (a name that answered a public address when the endpoint was saved and 127.0.0.1 now is refused).
 */
export function guardedLookup(resolve: WebhookLookup, allowed: boolean): LookupFunction {
  return (hostname: string, options: LookupOptions, callback) => {
    resolve(hostname).then(
      (addresses) => {
        for (const { address } of addresses) {
          const reason = refusalFor(address, allowed);
          if (reason) return callback(new RefusedAddressError(address, reason), '', 0);
        }
        const family =
          options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
        const usable = family ? addresses.filter((entry) => entry.family === family) : addresses;
        if (usable.length === 0) return callback(notFound(hostname), '', 0);
        if (options.all) return callback(null, [...usable]);
        callback(null, usable[0].address, usable[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

function notFound(hostname: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
    code: 'ENOTFOUND',
    hostname,
  });
}

import { BlockList, isIP } from 'node:net';

/**
 * Which addresses a webhook may not reach, in one place: the URL check at creation and the
 * connect-time guard of the delivery agents both ask `refusedAddressReason`. The ranges are the
 * ones request-filtering-agent refuses (everything ipaddr.js does not call "unicast"), so the two
 * layers agree; `webhook-address.spec.ts` compares them range by range. Order matters only for the
 * reason given: the metadata addresses are named before the link-local and unique-local ranges
 * that hold them.
 */
const REFUSED_RANGES: readonly (readonly [reason: string, cidrs: readonly string[]])[] = [
  ['the cloud metadata address', ['169.254.169.254/32', 'fd00:ec2::254/128']],
  ['an unspecified address', ['0.0.0.0/8', '::/128']],
  ['a loopback address', ['127.0.0.0/8', '::1/128']],
  ['a private address', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']],
  ['a carrier-grade NAT address', ['100.64.0.0/10']],
  ['a link-local address', ['169.254.0.0/16', 'fe80::/10']],
  ['a unique-local address', ['fc00::/7']],
  ['a site-local address', ['fec0::/10']],
  ['a multicast address', ['224.0.0.0/4', 'ff00::/8']],
  ['a broadcast address', ['255.255.255.255/32']],
  ['an IPv4-mapped address', ['::ffff:0:0/96', '::ffff:0:0:0/96']],
  ['a NAT64 address', ['64:ff9b::/96', '64:ff9b:1::/48']],
  ['a 6to4 address', ['2002::/16']],
  [
    'a reserved address',
    [
      '192.0.0.0/24',
      '192.0.2.0/24',
      '192.88.99.0/24',
      '198.18.0.0/15',
      '198.51.100.0/24',
      '203.0.113.0/24',
      '240.0.0.0/4',
      '192.175.48.0/24',
      '192.31.196.0/24',
      '192.52.193.0/24',
      '100::/64',
      '2001::/23',
      '2001:db8::/32',
      '2620:4f:8000::/48',
      '3fff::/20',
      '5f00::/16',
    ],
  ],
];

interface RefusedRange {
  readonly reason: string;
  readonly family: 4 | 6;
  readonly list: BlockList;
}

// One list per reason and family: a BlockList holding an IPv6 rule for ::ffff:0:0/96 would also
// match every IPv4 address it is asked about, and an IPv4 rule matches mapped IPv6 addresses.
const ranges: readonly RefusedRange[] = REFUSED_RANGES.flatMap(([reason, cidrs]) =>
  ([4, 6] as const).flatMap((family) => {
    const ofFamily = cidrs.filter((cidr) => isIP(cidr.split('/')[0]) === family);
    if (ofFamily.length === 0) return [];
    const list = new BlockList();
    for (const cidr of ofFamily) {
      const [network, prefix] = cidr.split('/');
      list.addSubnet(network, Number(prefix), family === 4 ? 'ipv4' : 'ipv6');
    }
    return [{ reason, family, list }];
  }),
);

const metadata = ranges.filter((range) => range.reason === REFUSED_RANGES[0][0]);

function reasonIn(candidates: readonly RefusedRange[], address: string): string | null {
  const family = isIP(address);
  if (family === 0) return 'not an IP address';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const range of candidates) {
    if (range.family === family && range.list.check(address, type)) return range.reason;
  }
  return null;
}

/**
 * Why a webhook may not be sent to `address` ('a loopback address', 'a private address', …), or
 * null for a public address.
 */
export function refusedAddressReason(address: string): string | null {
  return reasonIn(ranges, address);
}

/**
 * The cloud metadata addresses stay refused even for hosts in WEBHOOK_ALLOW_PRIVATE: allowing a
 * development receiver must not also open the instance's credentials.
 */
export function isMetadataAddress(address: string): boolean {
  return reasonIn(metadata, address) !== null;
}

/** "127.0.0.1 is a loopback address": the reason as a clause about the address. */
export function describeRefusal(address: string, reason: string): string {
  return `${address} is ${reason}`;
}

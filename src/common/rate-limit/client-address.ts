import { isIPv4, isIPv6 } from 'node:net';

/**
 * What a per-address limit counts for a client address: an IPv4 address as it is (an IPv4-mapped
 * IPv6 address, `::ffff:192.0.2.1`, being that IPv4 address), and an IPv6 address by its /64
 * (`2001:db8:0:1::/64`). A single IPv6 subscriber is given a /64 or more and picks addresses in
 * it freely, so counting per address would hand one client 2^64 fresh counters. Anything that is
 * not an IP address is counted as it is.
 */
export function clientAddressGroup(ip: string): string {
  // A zone (`fe80::1%eth0`) names the local interface, not the client.
  const address = ip.trim().toLowerCase().replace(/%.*$/, '');
  if (isIPv4(address) || !isIPv6(address)) return address;
  const groups = ipv6Groups(address);
  const mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
  if (mapped) {
    return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a dotted IPv4 tail split). */
function ipv6Groups(address: string): number[] {
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const parse = (part: string | undefined): number[] =>
    part
      ? part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [parseInt(group, 16)];
          const [a, b, c, d] = group.split('.').map(Number);
          return [(a << 8) | b, (c << 8) | d];
        })
      : [];
  const first = parse(head);
  const last = parse(tail);
  if (tail === undefined) return first;
  return [...first, ...Array<number>(8 - first.length - last.length).fill(0), ...last];
}

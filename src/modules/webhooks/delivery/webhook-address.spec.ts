import ipaddr from 'ipaddr.js';
import { isMetadataAddress, refusedAddressReason } from './webhook-address';

/**
 * request-filtering-agent refuses what ipaddr.js (its dependency) does not call "unicast". Our
 * classification must refuse exactly that, or an endpoint could pass the URL check and be refused
 * at every send (or the other way round): compare both at every edge of every special range
 * ipaddr.js knows, so a new range in an upgrade fails here.
 */
type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

function specialRanges(kind: typeof ipaddr.IPv4 | typeof ipaddr.IPv6): Range[] {
  const table = (kind.prototype as unknown as { SpecialRanges: Record<string, Range | Range[]> })
    .SpecialRanges;
  return Object.values(table).flatMap((entry) =>
    Array.isArray(entry[0]) ? (entry as Range[]) : [entry as Range],
  );
}

function toBigInt(bytes: number[]): bigint {
  return bytes.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
}

function fromBigInt(value: bigint, length: number): string {
  const bytes: number[] = [];
  for (let i = 0; i < length; i++) bytes.unshift(Number((value >> BigInt(8 * i)) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}

/** The first and last address of a range and their neighbours outside it. */
function edges([network, bits]: Range): string[] {
  const bytes = network.toByteArray();
  const width = BigInt(bytes.length * 8);
  const size = 1n << (width - BigInt(bits));
  const first = (toBigInt(bytes) / size) * size;
  const last = first + size - 1n;
  const max = (1n << width) - 1n;
  return [first - 1n, first, first + 1n, last - 1n, last, last + 1n]
    .filter((value) => value >= 0n && value <= max)
    .map((value) => fromBigInt(value, bytes.length));
}

/** Deterministic pseudo-random addresses (a linear congruential generator). */
function samples(count: number, length: number): string[] {
  let state = 0x2545f491n;
  const next = () => (state = (state * 6364136223846793005n + 1442695040888963407n) % (1n << 64n));
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const value = length === 4 ? next() >> 32n : (next() << 64n) | next();
    out.push(fromBigInt(value, length));
  }
  return out;
}

describe('refusedAddressReason', () => {
  const agentRefuses = (address: string) => ipaddr.parse(address).range() !== 'unicast';

  it.each([
    ['IPv4', ipaddr.IPv4, 4],
    ['IPv6', ipaddr.IPv6, 16],
  ] as const)('refuses exactly what request-filtering-agent refuses (%s)', (_, kind, length) => {
    const addresses = [...specialRanges(kind).flatMap(edges), ...samples(5000, length)];
    const disagreements = addresses.filter(
      (address) => (refusedAddressReason(address) !== null) !== agentRefuses(address),
    );
    expect(disagreements).toEqual([]);
  });

  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['::1', 'a loopback address'],
    ['10.1.2.3', 'a private address'],
    ['172.31.255.255', 'a private address'],
    ['192.168.0.10', 'a private address'],
    ['100.64.0.1', 'a carrier-grade NAT address'],
    ['169.254.169.254', 'the cloud metadata address'],
    ['fd00:ec2::254', 'the cloud metadata address'],
    ['169.254.1.1', 'a link-local address'],
    ['fe80::1', 'a link-local address'],
    ['fd12:3456::1', 'a unique-local address'],
    ['0.0.0.0', 'an unspecified address'],
    ['::', 'an unspecified address'],
    ['::ffff:127.0.0.1', 'an IPv4-mapped address'],
    ['::ffff:8.8.8.8', 'an IPv4-mapped address'],
    ['64:ff9b::a00:1', 'a NAT64 address'],
    ['224.0.0.1', 'a multicast address'],
    ['192.0.2.1', 'a reserved address'],
    ['not-an-ip', 'not an IP address'],
  ])('%s is %s', (address, reason) => {
    expect(refusedAddressReason(address)).toBe(reason);
  });

  it.each(['8.8.8.8', '93.184.215.14', '172.32.0.1', '2606:4700:4700::1111', '2a00:1450::1'])(
    'lets the public address %s through',
    (address) => {
      expect(refusedAddressReason(address)).toBeNull();
    },
  );
});

describe('isMetadataAddress', () => {
  it('names the metadata addresses of the clouds and nothing else', () => {
    expect(isMetadataAddress('169.254.169.254')).toBe(true);
    expect(isMetadataAddress('fd00:ec2::254')).toBe(true);
    expect(isMetadataAddress('169.254.169.253')).toBe(false);
    expect(isMetadataAddress('127.0.0.1')).toBe(false);
  });
});

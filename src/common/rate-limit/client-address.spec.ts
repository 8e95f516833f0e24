import { clientAddressGroup } from './client-address';

describe('clientAddressGroup', () => {
  it('counts an IPv4 address as itself', () => {
    expect(clientAddressGroup('192.0.2.1')).toBe('192.0.2.1');
    expect(clientAddressGroup('192.0.2.2')).toBe('192.0.2.2');
  });

  it('counts an IPv4-mapped IPv6 address as its IPv4 address, in either spelling', () => {
    expect(clientAddressGroup('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(clientAddressGroup('::FFFF:192.0.2.1')).toBe('192.0.2.1');
    expect(clientAddressGroup('0:0:0:0:0:ffff:c000:201')).toBe('192.0.2.1');
    expect(clientAddressGroup('::ffff:192.0.2.2')).not.toBe(clientAddressGroup('::ffff:192.0.2.1'));
  });

  it('counts every address of one IPv6 /64 together, however it is written', () => {
    const group = '2001:db8:0:1::/64';
    for (const address of [
      '2001:db8:0:1::1',
      '2001:db8:0:1:ffff:ffff:ffff:ffff',
      '2001:0DB8:0000:0001:0a0b:0c0d:0e0f:1011',
      '2001:db8::1:0:0:0:2',
      '2001:db8:0:1::c000:201',
      '2001:db8:0:1:0:0:192.0.2.1',
    ]) {
      expect(clientAddressGroup(address)).toBe(group);
    }
  });

  it('keeps neighbouring /64s apart', () => {
    expect(clientAddressGroup('2001:db8:0:2::1')).toBe('2001:db8:0:2::/64');
    expect(clientAddressGroup('2001:db8:1:1::1')).toBe('2001:db8:1:1::/64');
    expect(clientAddressGroup('::1')).toBe('0:0:0:0::/64');
    expect(clientAddressGroup('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });

  it('counts what is not an IP address as it is', () => {
    expect(clientAddressGroup('unknown')).toBe('unknown');
    expect(clientAddressGroup('')).toBe('');
  });
});

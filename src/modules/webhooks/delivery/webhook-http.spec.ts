import { bodyStartOf } from './webhook-http';

describe('bodyStartOf', () => {
  it('decodes the kept bytes as UTF-8', () => {
    expect(bodyStartOf(Buffer.from('{"ok":true,"name":"Käthe"}'), false)).toBe(
      '{"ok":true,"name":"Käthe"}',
    );
  });

  it('drops a character the cut split, at every split point', () => {
    for (const character of ['ä', '€', '😀']) {
      const bytes = Buffer.from(`ab${character}`);
      for (let cut = 3; cut < bytes.length; cut++) {
        expect(bodyStartOf(bytes.subarray(0, cut), true)).toBe('ab');
      }
      expect(bodyStartOf(bytes, true)).toBe(`ab${character}`);
    }
  });

  it('replaces invalid bytes instead of failing', () => {
    expect(bodyStartOf(Buffer.from([0x61, 0xff, 0x62]), false)).toBe('a\ufffdb');
    expect(bodyStartOf(Buffer.from([0x61, 0xe2, 0x82]), false)).toBe('a\ufffd');
  });
});

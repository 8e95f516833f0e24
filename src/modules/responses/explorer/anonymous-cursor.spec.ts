import { AnonymousCursors } from './anonymous-cursor';

describe('AnonymousCursors', () => {
  const cursors = new AnonymousCursors('a secret of enough length for the test');
  const id = '6f1c6a43-8e0e-4c3c-9c55-0d7b0e2f6b1a';

  it('seal a month and an id that only the app can read back', () => {
    const cursor = cursors.seal('2026-11-01', id);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain(id);
    expect(Buffer.from(cursor, 'base64url').toString('latin1')).not.toContain('2026');
    expect(cursors.open(cursor)).toEqual(['2026-11-01', id]);
    // Sealed afresh each time: two cursors of one place cannot be compared.
    expect(cursors.seal('2026-11-01', id)).not.toBe(cursor);
  });

  it('refuse a cursor tampered with, made with another secret, or not one at all', () => {
    const cursor = cursors.seal('2026-11-01', id);
    const bytes = Buffer.from(cursor, 'base64url');
    bytes[bytes.length - 1] ^= 1;
    const other = new AnonymousCursors('another secret of enough length');
    for (const bad of [bytes.toString('base64url'), other.seal('2026-11-01', id), 'abc', '']) {
      expect(() => cursors.open(bad)).toThrow(
        expect.objectContaining({ details: [{ field: 'cursor', message: expect.any(String) }] }),
      );
    }
  });
});

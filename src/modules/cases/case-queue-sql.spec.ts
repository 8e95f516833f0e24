import {
  afterCursorSql,
  decodeQueueCursor,
  orderBySql,
  queueCursor,
  searchQuery,
} from './case-queue-sql';

describe('the queue search query', () => {
  it('makes every typed word a prefix that must match', () => {
    expect(searchQuery('Ann  Virtanen')).toBe("'ann':* & 'virtanen':*");
    expect(searchQuery('ann@example.com')).toBe("'ann@example.com':*");
    expect(searchQuery('c-12')).toBe("'c-12':*");
    expect(searchQuery('Äänekoski')).toBe("'äänekoski':*");
  });

  it('keeps nothing that is tsquery syntax', () => {
    expect(searchQuery("it's (cold) & !wet | <-> :*")).toBe("'it':* & 's':* & 'cold':* & 'wet':*");
    expect(searchQuery("O'Brien,Ann")).toBe("'o':* & 'brien':* & 'ann':*");
    expect(searchQuery(`'); DROP TABLE cases; --`)).toBe("'drop':* & 'table':* & 'cases':*");
  });

  it('answers null when nothing searchable is left', () => {
    expect(searchQuery('  ')).toBeNull();
    expect(searchQuery('-- ... !!')).toBeNull();
  });
});

describe('the queue keyset', () => {
  const id = '0b5e8a52-9a9e-4c57-8f37-4b1b8e7d6a10';

  it('reads back the keys of its own sort', () => {
    const cursor = queueCursor('priority', ['2', '2026-11-20 10:00:00.123456+00'], id);
    expect(decodeQueueCursor('priority', cursor)).toEqual([
      '2',
      '2026-11-20 10:00:00.123456+00',
      id,
    ]);
    expect(decodeQueueCursor('due', queueCursor('due', ['infinity'], id))).toEqual([
      'infinity',
      id,
    ]);
  });

  it("refuses another sort's cursor and anything that is not a cursor with a 400", () => {
    const cursor = queueCursor('newest', ['2026-11-20 10:00:00+00'], id);
    expect(() => decodeQueueCursor('oldest', cursor)).toThrow(/not valid/);
    expect(() => decodeQueueCursor('newest', 'bm90LWpzb24')).toThrow(/not valid/);
    expect(() => decodeQueueCursor('newest', queueCursor('newest', ['yesterday'], id))).toThrow(
      /not valid/,
    );
    expect(() =>
      decodeQueueCursor('priority', queueCursor('priority', ['1; --', 'infinity'], id)),
    ).toThrow(/not valid/);
  });

  it('pages past the last row in the direction of the sort, the id breaking ties', () => {
    expect(orderBySql('newest')).toBe('c.created_at DESC, c.id DESC');
    expect(afterCursorSql('newest', 5)).toBe('(c.created_at, c.id) < ($5::timestamptz, $6::uuid)');
    expect(afterCursorSql('oldest', 3)).toBe('(c.created_at, c.id) > ($3::timestamptz, $4::uuid)');
  });
});

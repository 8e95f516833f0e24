import { bodyShapeProblem } from './body-shape';

/** `{a: {a: … {a: leaf}}}` with `levels` objects. */
function nested(levels: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

describe('bodyShapeProblem', () => {
  it('accepts bodies up to the depth limit, arrays counting as levels', () => {
    expect(bodyShapeProblem(nested(32))).toBeNull();
    expect(
      bodyShapeProblem({ items: [{ customer: { email: 'x' } }] }, { maxDepth: 4, maxEntries: 10 }),
    ).toBeNull();
    expect(bodyShapeProblem('text')).toBeNull();
    expect(bodyShapeProblem(null)).toBeNull();
  });

  it('names the field where a body goes deeper than the limit', () => {
    expect(bodyShapeProblem(nested(33))).toEqual({
      field: Array(32).fill('a').join('.'),
      message: 'nests deeper than 32 levels',
    });
    expect(
      bodyShapeProblem({ items: [{ customer: { x: {} } }] }, { maxDepth: 4, maxEntries: 10 }),
    ).toEqual({ field: 'items.0.customer.x', message: 'nests deeper than 4 levels' });
  });

  it('walks thousands of levels without overflowing the stack', () => {
    const deep = JSON.parse(`${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`) as unknown;
    expect(bodyShapeProblem({ attributes: deep })?.field).toMatch(/^attributes\.a\.a/);
  });

  it('counts the keys of every object and the items of every array in the body', () => {
    // 1 key (items), 5 items, 10 keys in them.
    const items = Array.from({ length: 5 }, () => ({ a: 1, b: 2 }));
    expect(bodyShapeProblem({ items }, { maxDepth: 32, maxEntries: 16 })).toBeNull();
    expect(bodyShapeProblem({ items, c: 3 }, { maxDepth: 32, maxEntries: 16 })).toMatchObject({
      message: 'takes the body past 16 keys and array items',
    });
    const wide = Object.fromEntries(Array.from({ length: 30_001 }, (_, i) => [`k${i}`, i]));
    expect(bodyShapeProblem(wide)).toEqual({
      field: 'body',
      message: 'takes the body past 30,000 keys and array items',
    });
  });

  it('names the array that takes the body past the limit, however small its items', () => {
    const numbers = Array<number>(1_000_000).fill(0);
    expect(bodyShapeProblem({ attributes: { list: numbers } })).toEqual({
      field: 'attributes.list',
      message: 'takes the body past 30,000 keys and array items',
    });
    const objects = Array.from({ length: 30_000 }, () => ({}));
    expect(bodyShapeProblem({ items: objects })?.field).toBe('items');
    expect(bodyShapeProblem(numbers)?.field).toBe('body');
  });

  it('takes a full batch of 1,000 invitations, every field given and 15 attributes each', () => {
    const attributes = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`a${i}`, 'x']));
    const items = Array.from({ length: 1000 }, (_, i) => ({
      survey: 'stay',
      customer: {
        externalId: `c-${i}`,
        email: 'a@example.com',
        name: 'A',
        locale: 'fi',
        attributes,
      },
      touchpoint: { type: 'stay', reference: `R-${i}`, occurredAt: '2026-11-20T10:00:00Z' },
      idempotencyKey: `k-${i}`,
      sendAt: '2026-11-25T08:00:00Z',
    }));
    expect(bodyShapeProblem({ items })).toBeNull();
  });
});

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
      bodyShapeProblem({ items: [{ customer: { email: 'x' } }] }, { maxDepth: 4, maxKeys: 10 }),
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
      bodyShapeProblem({ items: [{ customer: { x: {} } }] }, { maxDepth: 4, maxKeys: 10 }),
    ).toEqual({ field: 'items.0.customer.x', message: 'nests deeper than 4 levels' });
  });

  it('walks thousands of levels without overflowing the stack', () => {
    const deep = JSON.parse(`${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`) as unknown;
    expect(bodyShapeProblem({ attributes: deep })?.field).toMatch(/^attributes\.a\.a/);
  });

  it('counts the keys of every object in the body', () => {
    const items = Array.from({ length: 5 }, () => ({ a: 1, b: 2 }));
    expect(bodyShapeProblem({ items }, { maxDepth: 32, maxKeys: 11 })).toBeNull();
    expect(bodyShapeProblem({ items, c: 3 }, { maxDepth: 32, maxKeys: 11 })).toMatchObject({
      message: 'takes the body past 11 keys',
    });
    const wide = Object.fromEntries(Array.from({ length: 20_001 }, (_, i) => [`k${i}`, i]));
    expect(bodyShapeProblem(wide)).toEqual({
      field: 'body',
      message: 'takes the body past 20,000 keys',
    });
  });
});

import type { ErrorDetail } from '../errors/api-error';

/**
 * How deep and how wide a request body may be. 32 levels is far beyond any DTO (customer
 * attributes included). Width counts every key of an object and every item of an array (a long
 * list of numbers costs the DTO code as much as as many keys): 30,000 leaves room for the largest
 * legitimate body, a batch of 1,000 invitations (about 14,000 keys and items, so room for 15 more
 * customer attributes each). Past these, class-transformer and class-validator would recurse
 * until the stack overflows, or spend seconds on one request.
 */
export const BODY_SHAPE_LIMITS = { maxDepth: 32, maxEntries: 30_000 } as const;

export interface BodyShapeLimits {
  maxDepth: number;
  /** Keys of objects and items of arrays, in the whole body. */
  maxEntries: number;
}

/**
 * Why a parsed JSON body is too deep or too wide, with the field path where it went over
 * (`attributes.a.b`, `items.3.customer`: the notation of validation errors), or null. Iterative,
 * so a body nested thousands of levels deep cannot overflow the stack here either.
 */
export function bodyShapeProblem(
  body: unknown,
  limits: BodyShapeLimits = BODY_SHAPE_LIMITS,
): ErrorDetail | null {
  let entries = 0;
  const pending: { value: unknown; depth: number; path: string }[] = [
    { value: body, depth: 1, path: '' },
  ];
  while (pending.length) {
    const { value, depth, path } = pending.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > limits.maxDepth) {
      return { field: path, message: `nests deeper than ${limits.maxDepth} levels` };
    }
    // Counted before anything is copied: a huge array is refused without walking it.
    const names = Array.isArray(value) ? null : Object.keys(value);
    entries += names ? names.length : (value as unknown[]).length;
    if (entries > limits.maxEntries) {
      return {
        field: path || 'body',
        message: `takes the body past ${limits.maxEntries.toLocaleString('en')} keys and array items`,
      };
    }
    const children: [string, unknown][] = names
      ? names.map((name) => [name, (value as Record<string, unknown>)[name]])
      : (value as unknown[]).map((item, index) => [String(index), item]);
    for (const [name, item] of children) {
      pending.push({ value: item, depth: depth + 1, path: path ? `${path}.${name}` : name });
    }
  }
  return null;
}

import type { ErrorDetail } from '../errors/api-error';

/**
 * How deep and how wide a request body may be. 32 levels is far beyond any DTO (customer
 * attributes included); 20,000 keys leaves room for the largest legitimate body, a batch of 1,000
 * invitations (about 13,000 keys). Past these, class-transformer and class-validator would recurse
 * until the stack overflows, or spend seconds on one request.
 */
export const BODY_SHAPE_LIMITS = { maxDepth: 32, maxKeys: 20_000 } as const;

export interface BodyShapeLimits {
  maxDepth: number;
  maxKeys: number;
}

/**
 * Why a parsed JSON body is too deep or has too many keys, with the field path where it went over
 * (`attributes.a.b`, `items.3.customer`: the notation of validation errors), or null. Iterative,
 * so a body nested thousands of levels deep cannot overflow the stack here either.
 */
export function bodyShapeProblem(
  body: unknown,
  limits: BodyShapeLimits = BODY_SHAPE_LIMITS,
): ErrorDetail | null {
  let keys = 0;
  const pending: { value: unknown; depth: number; path: string }[] = [
    { value: body, depth: 1, path: '' },
  ];
  while (pending.length) {
    const { value, depth, path } = pending.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > limits.maxDepth) {
      return { field: path, message: `nests deeper than ${limits.maxDepth} levels` };
    }
    const entries = Array.isArray(value)
      ? value.map((item, index) => [String(index), item] as const)
      : Object.entries(value);
    if (!Array.isArray(value)) {
      keys += entries.length;
      if (keys > limits.maxKeys) {
        return {
          field: path || 'body',
          message: `takes the body past ${limits.maxKeys.toLocaleString('en')} keys`,
        };
      }
    }
    for (const [name, item] of entries) {
      pending.push({ value: item, depth: depth + 1, path: path ? `${path}.${name}` : name });
    }
  }
  return null;
}

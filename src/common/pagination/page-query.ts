import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, isUUID, Matches, Max, Min } from 'class-validator';
import { validationError } from '../validation/validation-error';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** `?limit=&cursor=` of every list (API.md): a page size, and where the previous page ended. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: `must be a whole number from 1 to ${MAX_PAGE_SIZE}` })
  @Min(1, { message: `must be a whole number from 1 to ${MAX_PAGE_SIZE}` })
  @Max(MAX_PAGE_SIZE, { message: `must be a whole number from 1 to ${MAX_PAGE_SIZE}` })
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,400}$/, { message: 'must be a nextCursor this API returned' })
  cursor?: string;
}

/** A list's page: its items, and the cursor of the next page (null on the last). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Where a keyset page ends: the sort values of its last item, opaque to clients. */
export function encodeCursor(values: string[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** The sort values in a cursor, or a 400 naming `cursor` when it is not one of ours. */
export function decodeCursor(cursor: string, length: number): string[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(values) &&
      values.length === length &&
      values.every((value) => typeof value === 'string')
    ) {
      return values;
    }
  } catch {
    // falls through to the 400
  }
  throw validationError([{ field: 'cursor', message: 'must be a nextCursor this API returned' }]);
}

/**
 * A page from rows fetched with `LIMIT limit + 1`: the extra row only says another page exists.
 */
export function pageOf<R, T>(
  rows: R[],
  limit: number,
  toItem: (row: R) => T,
  cursorOf: (row: R) => string[],
): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(toItem),
    nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null,
  };
}

/** `2026-11-20 10:00:00.123456+00`: a timestamptz as PostgreSQL writes it. */
const PG_TIMESTAMPTZ =
  /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?[+-](\d{2})(?::\d{2}){0,2}$/;

/** Whether `text` is a real time as PostgreSQL writes a timestamptz (a cursor's time). */
export function isPgTimestamptz(text: string): boolean {
  const parts = PG_TIMESTAMPTZ.exec(text)?.slice(1).map(Number);
  if (!parts) return false;
  const [year, month, day, hour, minute, second, offsetHours] = parts;
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60 &&
    offsetHours < 16
  );
}

/**
 * Where a page sorted by (time, id) ended. A cursor is opaque but not trusted: one that decodes
 * yet holds no real time or uuid is the same 400 as any other, not a failed statement.
 */
export function decodeTimeIdCursor(cursor: string): [string, string] {
  const [at, id] = decodeCursor(cursor, 2);
  if (isPgTimestamptz(at) && isUUID(id)) return [at, id];
  throw validationError([{ field: 'cursor', message: 'must be a nextCursor this API returned' }]);
}

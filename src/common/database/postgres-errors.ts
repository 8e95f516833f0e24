import { QueryFailedError } from 'typeorm';

/** PostgreSQL's unique_violation: the row a concurrent or earlier request already made. */
export function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505'
  );
}

/** PostgreSQL broke a lock cycle by failing this transaction: it may simply be run again. */
export function isDeadlock(error: unknown): boolean {
  return (
    error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '40P01'
  );
}

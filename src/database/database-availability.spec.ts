import { QueryFailedError } from 'typeorm';
import { mapError } from '../common/errors/error-mapping';
import {
  DatabaseAvailability,
  isDatabaseUnavailable,
  isPoolExhausted,
} from './database-availability';

const terminated = Object.assign(new Error('terminating connection due to administrator command'), {
  code: '57P01',
});
const poolFull = new Error('timeout exceeded when trying to connect');

describe('isDatabaseUnavailable', () => {
  it('knows a lost connection, bare or wrapped by TypeORM', () => {
    expect(isDatabaseUnavailable(terminated)).toBe(true);
    expect(isDatabaseUnavailable(new QueryFailedError('SELECT 1', [], terminated))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('does not take a wrong query or a busy pool for an outage', () => {
    const unique = Object.assign(new Error('duplicate key'), { code: '23505' });
    expect(isDatabaseUnavailable(new QueryFailedError('INSERT', [], unique))).toBe(false);
    expect(isDatabaseUnavailable(poolFull)).toBe(false);
  });
});

describe('a pool with no free connection', () => {
  it('is answered 503 with Retry-After, as too busy rather than unreachable', () => {
    expect(isPoolExhausted(poolFull)).toBe(true);
    expect(isPoolExhausted(terminated)).toBe(false);
    const mapped = mapError(poolFull, 'r', 1024);
    expect(mapped.body).toMatchObject({ statusCode: 503, code: 'service_unavailable' });
    expect(mapped.body.message).toContain('too busy');
    expect(mapped.headers).toEqual({ 'retry-after': '5' });
  });

  it('does not turn readiness down', () => {
    const availability = new DatabaseAvailability('postgres://127.0.0.1:1/none');
    expect(availability.noteFailure(poolFull)).toBe(false);
    expect(availability.failingRecently).toBe(false);
    expect(availability.noteFailure(terminated)).toBe(true);
    expect(availability.failingRecently).toBe(true);
  });
});

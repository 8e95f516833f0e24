import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { loggableError } from './logger';

describe('loggableError', () => {
  /** A PostgreSQL error quoting the input, as pg raises it. */
  const quoting = () => {
    const error = new DatabaseError(
      'invalid input syntax for type uuid: "ann@example.com"',
      0,
      'error',
    );
    error.code = '22P02';
    error.severity = 'ERROR';
    error.table = 'customers';
    return error;
  };

  it('keeps the code, never the message, of an error from pg itself', () => {
    const logged = loggableError(quoting());
    expect(logged.message).toBe('database error 22P02 on customers');
    expect(JSON.stringify(logged)).not.toContain('ann@example.com');
  });

  it('keeps the code of an error TypeORM wraps', () => {
    const wrapped = new QueryFailedError('SELECT $1', ['ann@example.com'], quoting());
    expect(loggableError(wrapped).message).toBe('database error 22P02 on customers');
  });

  it('keeps the message of any other error', () => {
    expect(loggableError(new Error('boom')).message).toBe('boom');
  });
});

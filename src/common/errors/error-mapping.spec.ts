import { NotFoundException } from '@nestjs/common';
import { ApiError } from './api-error';
import { mapError } from './error-mapping';

describe('mapError', () => {
  it('keeps an ApiError code, message, details and headers', () => {
    const mapped = mapError(
      new ApiError('rate_limited', 'Slow down.', [{ field: 'email', message: 'too often' }], {
        'retry-after': '60',
      }),
      'req-1',
      1024,
    );
    expect(mapped.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      code: 'rate_limited',
      message: 'Slow down.',
      details: [{ field: 'email', message: 'too often' }],
      requestId: 'req-1',
    });
    expect(mapped.headers).toEqual({ 'retry-after': '60' });
    expect(mapped.unexpected).toBe(false);
  });

  it('turns an unknown error into a 500 that reveals nothing', () => {
    const mapped = mapError(new Error('password=hunter2 at db.ts:12'), 'req-2', 1024);
    expect(mapped.body.statusCode).toBe(500);
    expect(mapped.body.code).toBe('internal_error');
    expect(JSON.stringify(mapped.body)).not.toContain('hunter2');
    expect(mapped.unexpected).toBe(true);
  });

  it('maps framework errors to their status with a human sentence', () => {
    expect(mapError(new NotFoundException(), 'r', 1024).body).toMatchObject({
      statusCode: 404,
      code: 'not_found',
    });
    const tooLarge = Object.assign(new Error('x'), {
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      statusCode: 413,
    });
    expect(mapError(tooLarge, 'r', 1048576).body).toMatchObject({
      statusCode: 413,
      code: 'payload_too_large',
      message: 'The request body is larger than the limit of 1024 KiB.',
    });
  });
});

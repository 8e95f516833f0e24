import { ApiError, defaultCode, reasonPhrase } from './api-error';
import { ERROR_STATUS, FALLBACK_ERROR_CODES, allErrorCodes, type ErrorCode } from './error-codes';

const codes = Object.keys(ERROR_STATUS) as ErrorCode[];

describe('the error code table', () => {
  it('gives an ApiError the status of its code', () => {
    const error = new ApiError('already_answered', 'This survey was already answered.');
    expect(error.status).toBe(409);
    expect(new ApiError('survey_expired', 'This survey has closed.').status).toBe(410);
    expect(new ApiError('payload_too_large', 'Too big.').status).toBe(413);
    expect(new ApiError('unsupported_media_type', 'Send JSON.').status).toBe(415);
    expect(new ApiError('rate_limited', 'Wait.').status).toBe(429);
  });

  it('maps every code to a client error with its own reason phrase', () => {
    for (const code of codes) {
      const status: number = ERROR_STATUS[code];
      expect([code, status >= 400 && status < 500]).toEqual([code, true]);
      // 'Bad Request' is also what an unlisted status falls back to.
      if (status !== 400) expect([code, reasonPhrase(status)]).not.toEqual([code, 'Bad Request']);
    }
    expect(codes.every((code) => /^[a-z]+(_[a-z0-9]+)*$/.test(code))).toBe(true);
  });

  it('agrees with the fallback code of each status the framework raises', () => {
    for (const status of [400, 401, 403, 404, 405, 409, 410, 413, 415, 429, 500, 503]) {
      const code = defaultCode(status);
      if (Object.hasOwn(ERROR_STATUS, code))
        expect([code, ERROR_STATUS[code as ErrorCode]]).toEqual([code, status]);
    }
  });

  it('keeps fallback codes out of ApiError and lists every code once for the API document', () => {
    for (const code of FALLBACK_ERROR_CODES) expect(Object.hasOwn(ERROR_STATUS, code)).toBe(false);
    const all = allErrorCodes();
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual(expect.arrayContaining(['validation_failed', 'internal_error']));
    expect(all).toHaveLength(codes.length + FALLBACK_ERROR_CODES.length);
  });
});

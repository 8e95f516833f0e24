import type { ErrorDetail } from '../../common/errors/api-error';

/** At most this many static headers per endpoint. */
const MAX_HEADERS = 10;
/** A header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
/** Visible ASCII and spaces: no line breaks that could smuggle another header. */
const HEADER_VALUE = /^[\x20-\x7e]{0,1000}$/;
/** Headers Candor sets itself: the signature, the body's type and the connection's. */
const RESERVED =
  /^(webhook-.*|content-type|content-length|host|user-agent|connection|transfer-encoding|expect|te|upgrade|keep-alive)$/i;

/** What is wrong with an endpoint's static headers, one detail each; none when they are fine. */
export function staticHeaderProblems(headers: Record<string, unknown>): ErrorDetail[] {
  const entries = Object.entries(headers);
  const problems: ErrorDetail[] = [];
  if (entries.length > MAX_HEADERS) {
    problems.push({ field: 'headers', message: `must have at most ${MAX_HEADERS} headers` });
  }
  for (const [name, value] of entries) {
    if (!HEADER_NAME.test(name)) {
      problems.push({ field: `headers.${name}`, message: 'is not a valid header name' });
    } else if (RESERVED.test(name)) {
      problems.push({
        field: `headers.${name}`,
        message: 'is set by Candor and cannot be replaced',
      });
    } else if (typeof value !== 'string' || !HEADER_VALUE.test(value)) {
      problems.push({
        field: `headers.${name}`,
        message: 'must be text of at most 1000 visible characters, on one line',
      });
    }
  }
  return problems;
}

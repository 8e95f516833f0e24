import { ApiError } from '../../common/errors/api-error';

/** Production without METRICS_TOKEN has no metrics endpoint: nobody could present a token. */
export const metricsOff = () =>
  new ApiError(
    'not_found',
    'Metrics are off: set METRICS_TOKEN to scrape them with that Bearer token.',
  );

export const metricsTokenRequired = () =>
  new ApiError(
    'authentication_required',
    'Send the metrics token as "Authorization: Bearer <METRICS_TOKEN>".',
    undefined,
    { 'www-authenticate': 'Bearer realm="metrics"' },
  );

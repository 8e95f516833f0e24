import { ApiError, type ErrorDetail } from '../errors/api-error';

declare module '../errors/error-codes' {
  /** Bodies that cannot be read, and forms sent from elsewhere. */
  interface ErrorCodes {
    malformed_body: true;
    body_too_complex: true;
    cross_site_request: true;
  }
}

export const multipartNotAccepted = () =>
  new ApiError(
    'unsupported_media_type',
    'This address does not accept multipart/form-data: send JSON or a URL-encoded form.',
  );

export const charsetNotAccepted = () =>
  new ApiError(
    'unsupported_media_type',
    'Send the body as UTF-8: other character sets are not accepted.',
  );

export const invalidUtf8 = () =>
  new ApiError('malformed_body', 'The request body is not valid UTF-8.');

/** `message` says what is wrong with the form, in a sentence. */
export const malformedForm = (message: string) => new ApiError('malformed_body', message);

export const bodyTooComplex = (detail: ErrorDetail) =>
  new ApiError(
    'body_too_complex',
    `The request body is too deeply nested or too large to read: ${detail.field} ${detail.message}.`,
    [detail],
  );

export const crossSiteRequest = () =>
  new ApiError('cross_site_request', 'This form can only be sent from Candor’s own pages.');

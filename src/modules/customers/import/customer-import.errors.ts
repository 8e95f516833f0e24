import { ApiError } from '../../../common/errors/api-error';

declare module '../../../common/errors/error-codes' {
  /** This module's error codes; ERROR_STATUS gives each its status. */
  interface ErrorCodes {
    invalid_csv_header: true;
    unreadable_file: true;
  }
}

export const CSV_UPLOAD_LIMIT_MIB = 100;

export const invalidCsvHeader = (message: string) => new ApiError('invalid_csv_header', message);

export const emptyCsvFile = () =>
  new ApiError(
    'invalid_csv_header',
    'The CSV file is empty; its first line must be a header such as external_id,email,name,locale.',
  );

export const csvContentTypeRequired = () =>
  new ApiError(
    'unsupported_media_type',
    'Send the customer file as CSV, with the header Content-Type: text/csv.',
  );

/** text/csv sent to a route that takes JSON. */
export const csvNotAccepted = () =>
  new ApiError(
    'unsupported_media_type',
    'This content type is not accepted here; send application/json.',
  );

export const csvTooLarge = () =>
  new ApiError(
    'payload_too_large',
    `The CSV file is larger than the limit of ${CSV_UPLOAD_LIMIT_MIB} MiB; split it into smaller files.`,
  );

/** For the CLI: a file that cannot be opened, in one line. */
export const unreadableCsvFile = (message: string) => new ApiError('unreadable_file', message);

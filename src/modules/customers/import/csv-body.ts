import type { FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { Readable, Transform } from 'node:stream';
import {
  CSV_UPLOAD_LIMIT_MIB,
  csvContentTypeRequired,
  csvNotAccepted,
  csvTooLarge,
} from './customer-import.errors';

export const CSV_UPLOAD_LIMIT_BYTES = CSV_UPLOAD_LIMIT_MIB * 1024 * 1024;

/** Route config (`@RouteConfig(CSV_UPLOAD)`) of the routes that take a `text/csv` body. */
export const CSV_UPLOAD = { csvUpload: true } as const;

/**
 * The `text/csv` content-type parser: hands the request stream to the handler unbuffered, with
 * its own size limit instead of the JSON one. Routes that did not opt in answer 415, as for any
 * other type they do not take.
 */
export function passCsvStream(
  request: FastifyRequest,
  payload: IncomingMessage,
  done: (error: Error | null, body?: unknown) => void,
): void {
  const config = request.routeOptions.config as { csvUpload?: boolean } | undefined;
  if (!config?.csvUpload) return done(csvNotAccepted());
  if (Number(request.headers['content-length']) > CSV_UPLOAD_LIMIT_BYTES)
    return done(csvTooLarge());
  done(null, limitBytes(payload, CSV_UPLOAD_LIMIT_BYTES));
}

/** The CSV body of a route with `CSV_UPLOAD`, or 415 when the request was sent as something else. */
export function csvBodyOf(request: FastifyRequest): Readable {
  if (!(request.body instanceof Readable)) throw csvContentTypeRequired();
  return request.body;
}

/** Passes the stream through, failing with 413 once more than `limit` bytes went by (chunked uploads). */
function limitBytes(source: Readable, limit: number): Readable {
  let seen = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > limit) callback(csvTooLarge());
      else callback(null, chunk);
    },
  });
  // Not `pipeline`: it would destroy the request on 413, dropping the connection before the
  // error response is sent. Unpiped, the rest of the body is drained by Node after the reply.
  source.on('error', (error) => counter.destroy(error));
  source.pipe(counter);
  return counter;
}

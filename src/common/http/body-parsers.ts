import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { isUtf8 } from 'node:buffer';
import type { Server } from 'node:http';
import type { FastifyRequest } from 'fastify';
import type { ApiError } from '../errors/api-error';
import {
  bodyTooComplex,
  charsetNotAccepted,
  invalidUtf8,
  malformedForm,
  multipartNotAccepted,
} from './http.errors';
import { BODY_SHAPE_LIMITS, bodyShapeProblem } from './body-shape';
import { type ParsedForm, parseMultipartForm } from './multipart-form';

const FORM = 'application/x-www-form-urlencoded';
/** A whole email, as a mail provider or an MTA forwards a reply (`POST /api/v1/inbound-mail`). */
const EMAIL = 'message/rfc822';
/** Emails carry attachments: more room than an API body needs. */
const EMAIL_LIMIT_BYTES = 25 * 1024 * 1024;
const MULTIPART = 'multipart/form-data';
/** Multipart is read for RFC 8058's one-click unsubscribe only: a line of text, not uploads. */
const MULTIPART_LIMIT_BYTES = 64 * 1024;

/**
 * Route config (`@RouteConfig(ACCEPTS_MULTIPART_FORM)`) of the routes that take a small
 * `multipart/form-data` body; every other route answers such a body with 415.
 */
export const ACCEPTS_MULTIPART_FORM = { multipartForm: true } as const;

/**
 * JSON and form bodies, instead of Nest's defaults, which decode any bytes (invalid UTF-8 becomes
 * U+FFFD) and keep broken %-escapes as typed: such a body is refused, not stored half-garbled.
 * Another charset than UTF-8 is refused too (415), rather than misread. A JSON body deeper than 32
 * levels or with more than 30,000 keys and array items is a 400 naming the field, before any DTO
 * code sees it.
 */
export function registerBodyParsers(app: NestFastifyApplication, bodyLimit: number): void {
  const parseJson = app.getHttpAdapter().getInstance().getDefaultJsonParser('error', 'error');
  app.useBodyParser<Server>('application/json', { bodyLimit }, (request, body, done) => {
    const refused = unreadableText(request, body);
    if (refused) return done(refused);
    void parseJson(request, body.toString('utf8'), (error: Error | null, value?: unknown) => {
      if (error) return done(error);
      const problem = bodyShapeProblem(value);
      if (problem) return done(bodyTooComplex(problem));
      done(null, value);
    });
  });
  app.useBodyParser<Server>(FORM, { bodyLimit }, (request, body, done) => {
    const refused = unreadableText(request, body);
    if (refused) return done(refused);
    formResult(parseForm(body.toString('utf8')), done);
  });
  app.useBodyParser<Server>(
    MULTIPART,
    { bodyLimit: MULTIPART_LIMIT_BYTES },
    (request, body, done) => {
      const config = request.routeOptions.config as { multipartForm?: boolean } | undefined;
      if (!config?.multipartForm) {
        return done(multipartNotAccepted());
      }
      const refused = unreadableText(request, body);
      if (refused) return done(refused);
      formResult(
        parseMultipartForm(body.toString('utf8'), request.headers['content-type'] ?? ''),
        done,
      );
    },
  );
  app.useBodyParser<Server>(EMAIL, { bodyLimit: EMAIL_LIMIT_BYTES }, (_request, body, done) =>
    done(null, body),
  );
}

/** Why a JSON or form body cannot be read as text (415 for another charset, 400 for bad bytes). */
function unreadableText(request: FastifyRequest, body: Buffer): ApiError | null {
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(
    request.headers['content-type'] ?? '',
  )?.[1];
  if (charset && !/^utf-?8$/i.test(charset)) {
    return charsetNotAccepted();
  }
  if (!isUtf8(body)) return invalidUtf8();
  return null;
}

function formResult(
  form: ParsedForm | string,
  done: (error: Error | null, value?: unknown) => void,
): void {
  if (typeof form === 'string') return done(malformedForm(form));
  // A form cannot nest, but it can have a great many fields.
  const fields = Object.values(form).reduce((n, v) => n + (Array.isArray(v) ? v.length : 1), 0);
  if (fields > BODY_SHAPE_LIMITS.maxEntries) {
    return done(
      bodyTooComplex({
        field: 'body',
        message: `has more than ${BODY_SHAPE_LIMITS.maxEntries.toLocaleString('en')} fields`,
      }),
    );
  }
  done(null, form);
}

/**
 * `a=1&b=2&b=3` → `{a: '1', b: ['2', '3']}`, in an object without a prototype; or why it is not a
 * form: a `%` that does not start an escape of UTF-8 bytes, or a field named `__proto__` (copied
 * onto an ordinary object, it would replace that object's prototype).
 */
function parseForm(text: string): ParsedForm | string {
  const form = Object.create(null) as ParsedForm;
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    let name: string;
    let value: string;
    try {
      name = decodeURIComponent((at < 0 ? pair : pair.slice(0, at)).replace(/\+/g, ' '));
      value = at < 0 ? '' : decodeURIComponent(pair.slice(at + 1).replace(/\+/g, ' '));
    } catch {
      return 'The form is not valid URL encoding: every % must start the escape of a UTF-8 character.';
    }
    if (name === '__proto__') return 'The form has a field named __proto__, which is not accepted.';
    const seen = form[name];
    if (seen === undefined) form[name] = value;
    else if (Array.isArray(seen)) seen.push(value);
    else form[name] = [seen, value];
  }
  return form;
}

import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { DEMO_SURVEY } from '../../src/modules/demo/demo-survey';
import { invitationToken } from '../../src/common/links/link-tokens';
import { SurveysService } from '../../src/modules/surveys/surveys.service';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey } from '../support/factories';

/**
 * Issue 4: thousands of malformed bodies posted to `POST /s/{token}` all end in a 4xx with the
 * error shape of API.md (or, for a browser's form, the survey page again), never a 5xx, and write
 * nothing. The bodies come from a seeded generator: a failure names the seed and the case number,
 * and `FUZZ_SEED=<seed>` replays the same run (`FUZZ_SHOW=<n>` lists more than 40 failures).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed_2026);
const CASES = 3200;
const CONCURRENCY = 8;
/** Under the 20 submits per link and window, so no case is answered by the rate limit instead. */
const CASES_PER_LINK = 15;
/** A valid submit on a link of its own every so often: proves the harness reaches the real path. */
const CONTROL_EVERY = 250;
const MIB = 1024 * 1024;

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';
const HTML_ACCEPT = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8';

interface FuzzCase {
  /** What was sent, for the failure message. */
  label: string;
  /** Omitted from the request when undefined. */
  contentType?: string;
  body: string | Buffer;
  /** The status the contract gives this input (400 invalid, 413 too large, 415 wrong type). */
  status: number;
  accept: string;
  /** A browser's form post: the answer must be the survey page with its messages, not JSON. */
  html?: boolean;
  /** Sent without Content-Length (chunked), so the size limit is found while reading. */
  chunked?: boolean;
}

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

interface Context {
  /** The current identified-feedback consent text. */
  consentTextId: string;
  /** A current consent text, but for another purpose. */
  otherTextId: string;
}

/** mulberry32: small, fast, and the same sequence on every machine. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const words = (list: string) => list.split(' ');
const text = (n: number) => 'x'.repeat(n);
const nested = (depth: number, open: string, close: string, inner = '1') =>
  open.repeat(depth) + inner + close.repeat(depth);
const many = (n: number, item: (i: number) => string, separator: string) =>
  Array.from({ length: n }, (_, i) => item(i)).join(separator);
const encode = (pairs: [string, string][]) =>
  pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');

const NOT_TEXT = [0, 1, -1, 3.5, 1e21, true, false, [], ['anonymous'], ['a', 'b'], {}, { v: 'x' }];
const NOT_SCORES = [true, false, [], [4], ['4'], {}, { value: 4 }, null, [[4]], 0, 6, -1, 1000];
const BAD_NUMBERS = [3.5, 1e-7, -0, 1e308, 2 ** 53 + 2];
const BAD_SCORE_TEXTS = [...words('three 3.0 03 +3 -3 1e3 0x3 ٣ ３ 0 6 10 -0'), ' 3', '3 ', '3\0'];
const BAD_CONSENTS = [
  ...words('yes true 1 IDENTIFIED Anonymous identified,anonymous null __proto__'),
  'anonymоus', // with a Cyrillic o
  'anonymous\u200b',
  '',
];
const NOT_OFFERED = [
  ...words('pool ROOM room,staff __proto__ constructor'),
  'check in',
  text(3000),
];
const STRANGE_KEYS = [
  ...words('foo constructor prototype toString hasOwnProperty valueOf Consent 💥'),
  ...['', ' consent', 'score\0', text(5000)],
];
const BROKEN_ESCAPES = words('% %z %zz %C3%28 %ED%A0%80 %F0%9F %C0%AF %FF %E2%82 %%41 %u0041');
const INVALID_UTF8 = words('ff c328 eda080 c0af e282 f09f98 f888808080 80').map((hex) =>
  Buffer.from(hex, 'hex'),
);

/** Builds the cases. Every one is invalid for the reason its label names (sometimes more). */
function generateCases(seed: number, count: number, ctx: Context): FuzzCase[] {
  const rng = mulberry32(seed);
  const int = (n: number) => Math.floor(rng() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  const chance = (p: number) => rng() < p;

  const badTextIds = [
    ...['', '00000000-0000-0000-0000-000000000000', ctx.otherTextId, "' OR 1=1 --", text(100_000)],
    ...[ctx.consentTextId.toUpperCase(), `${ctx.consentTextId}x`],
  ];
  const validBody = (): Record<string, unknown> =>
    pick([
      () => ({ consent: 'anonymous', score: 1 + int(5) }),
      () => ({ consent: 'identified', consentText: ctx.consentTextId, score: 1 + int(5) }),
      () => ({
        consent: pick(['anonymous', 'identified']),
        consentText: ctx.consentTextId,
        score: 1 + int(5),
        answers: { what_went_wrong: ['room', 'staff'] },
        comment: 'Please call.',
        preferences: [{ context: 'family_travel', channel: 'phone', interests: ['spa'] }],
      }),
    ])();
  const validForm = (): [string, string][] => [
    ['consent', 'anonymous'],
    ['score', String(1 + int(5))],
    ...(chance(0.5) ? [['q_what_went_wrong', 'room'] as [string, string]] : []),
    ...(chance(0.5) ? [['comment', 'Slow check-in.'] as [string, string]] : []),
  ];
  /** A JSON body; now and then the accept header alone does not ask for JSON (the body does). */
  const json = (label: string, body: string | Buffer, status = 400): FuzzCase => ({
    label,
    contentType: chance(0.9)
      ? JSON_TYPE
      : pick(['application/json; charset=utf-8', 'Application/JSON']),
    body,
    status: Buffer.byteLength(body) > MIB ? 413 : status,
    accept: chance(0.9) ? JSON_TYPE : pick(['*/*', HTML_ACCEPT]),
    chunked: chance(0.05),
  });

  /** One field of a JSON body of the wrong type, out of range or not offered. */
  const wrongJsonField = (): FuzzCase => {
    const body = validBody();
    const answers = (body.answers ??= {}) as Record<string, unknown>;
    const preferences = (body.preferences ??= [{ context: 'business_travel' }]) as object[];
    const preference = preferences[0] as Record<string, unknown>;
    const [field, values, assign] = pick<[string, unknown[], (value: unknown) => void]>([
      ['consent', [...NOT_TEXT, null, ...BAD_CONSENTS], (v) => (body.consent = v)],
      [
        'consentText',
        [...NOT_TEXT, null, ...badTextIds],
        (v) => {
          Object.assign(body, { consent: 'identified', consentText: v });
        },
      ],
      ['score', [...NOT_SCORES, ...BAD_NUMBERS, ...BAD_SCORE_TEXTS, ''], (v) => (body.score = v)],
      [
        'comment',
        [...NOT_TEXT, text(2001), 'a\0b', '\ud800', 'x\udfff'],
        (v) => (body.comment = v),
      ],
      ['answers', [[], ['room'], 'room', 3, true], (v) => (body.answers = v)],
      [
        'what_went_wrong',
        [true, {}, [true], [null], [{}], [[]], [['room']], ...NOT_OFFERED, NOT_OFFERED],
        (v) => (answers.what_went_wrong = v),
      ],
      [
        'answers.comment',
        [true, {}, [true], ['a', 'b'], [{}], text(2001), 'a\0', '\udc00'],
        (v) => (answers.comment = v),
      ],
      [
        'preferences',
        [{}, { context: 'family_travel' }, 'family_travel', 1, true],
        (v) => (body.preferences = v),
      ],
      [
        'preference',
        ['family_travel', 1, null, true, [], {}, { context: 5 }, { channel: 'phone' }],
        (v) => (preferences[0] = v as object),
      ],
      [
        'context',
        [...NOT_TEXT, ...words('pets __proto__ constructor'), ''],
        (v) => (preference.context = v),
      ],
      ['channel', [...NOT_TEXT, 'fax'], (v) => (preference.channel = v)],
      ['contactTime', [...NOT_TEXT, 'never'], (v) => (preference.contactTime = v)],
      [
        'interests',
        [true, 1, {}, [1], [true], [null], [{}], ['spa', 'golf'], 'golf'],
        (v) => (preference.interests = v),
      ],
    ]);
    const value = pick(values);
    assign(value);
    return json(`json ${field}=${show(value)}`, JSON.stringify(body));
  };

  /** Fields and answers the survey does not have. */
  const unknownJsonField = (): FuzzCase => {
    const body = validBody();
    const key = pick(STRANGE_KEYS);
    const where = pick(['top', 'answers', 'preference']);
    if (where === 'top') body[key] = pick(['x', 1, null, {}, []]);
    if (where === 'answers') body.answers = { ...(body.answers as object), [key]: 'x' };
    if (where === 'preference') body.preferences = [{ context: 'family_travel', [key]: 'x' }];
    return json(`json unknown ${where} field ${show(key)}`, JSON.stringify(body));
  };

  /** JSON text that an object literal cannot express or JSON.stringify would never write. */
  const rawJson = (): FuzzCase => {
    const valid = JSON.stringify(validBody());
    const ok = '"consent":"anonymous","score":3';
    const raw = pick([
      () => valid.slice(0, 1 + int(valid.length - 2)),
      () => `${valid},`,
      () => valid.replace(/"/g, "'"),
      () => valid.replace('}', ',}'),
      () => `\ufeff{${ok},`,
      () => `{${ok},"comment":${pick(words("NaN Infinity undefined 03 - .5 0x1 'x'"))}}`,
      () => `{"consent":"anonymous",/* note */"score":3}`,
      () => `{consent:"anonymous",score:3}`,
      () => `{${ok}}{"x":1}`,
      () =>
        pick(['[]', '"text"', '42', 'true', 'null', `[{${ok}}]`, '', ' ', '\n', '\0', '{', '{"']),
      () => `{${ok},"score":"x"}`,
      () =>
        `{"consent":"identified","consent":"maybe","score":3,"consentText":"${ctx.consentTextId}"}`,
      () => `{"__proto__":{"consent":"anonymous"},"score":3}`,
      () => `{${ok},"__proto__":{"polluted":true}}`,
      () => `{${ok},"\\u005f_proto__":{"polluted":true}}`,
      () => `{${ok},"answers":{"__proto__":{"x":1}}}`,
      () => `{${ok},"answers":{"__proto__":"room"}}`,
      () => `{${ok},"preferences":[{"context":"family_travel","__proto__":{"x":1}}]}`,
      () => `{${ok},"constructor":{"prototype":{"polluted":true}}}`,
      () => `{${ok},"answers":{"constructor":{"prototype":{"x":1}}}}`,
      () => `{${ok},"prototype":{"polluted":true}}`,
      () => `{${ok},"comment":"${pick(['\\u0000', '\\ud800', 'a\\udfffb'])}"}`,
      () => `{${ok},"answers":{"comment":"a\\ud800"}}`,
      () => `{${ok},"answers":{"comment\\u0000":"x"}}`,
    ])();
    return json(`json raw ${show(raw)}`, raw);
  };

  /** Deeply nested JSON, as text (as an object it would overflow the test's own stack). */
  const deepJson = (): FuzzCase => {
    const depth = pick([100, 1000, 10_000, 100_000]);
    const array = nested(depth, '[', ']');
    const object = nested(depth, '{"a":', '}');
    const raw = pick([
      () => array,
      () => object,
      () => `{"consent":${array},"score":3}`,
      () => `{"consent":"anonymous","score":3,"answers":{"what_went_wrong":${array}}}`,
      () => `{"consent":"anonymous","score":3,"answers":{"comment":${object}}}`,
      () =>
        `{"consent":"anonymous","score":3,"preferences":[{"context":"spa","interests":${array}}]}`,
      () =>
        `{"consent":"anonymous","score":3,"comment":${nested(depth, '{"__proto__":', '}', '{}')}}`,
      () => `{"consent":"anonymous","score":3,"x":${object}}`,
    ])();
    return json(`json nested ${depth} ${show(raw)}`, raw);
  };

  /** Bytes that are not UTF-8, inside strings, keys and between tokens. */
  const invalidUtf8Json = (): FuzzCase => {
    const bytes = pick(INVALID_UTF8);
    const [before, after] = pick([
      ['{"consent":"anonymous","score":3,"comment":"a', 'b"}'],
      ['{"consent":"anonymous","score":3,"answers":{"comment":"', '"}}'],
      ['{"consent":"anonym', 'ous","score":3}'],
      ['{"consent":"anonymous","score":3,"', '":1}'],
      ['{"consent":"anonymous","score":3}', ''],
      ['', '{"consent":"anonymous","score":3}'],
    ]);
    const body = Buffer.concat([Buffer.from(before), bytes, Buffer.from(after)]);
    return json(`json invalid UTF-8 ${bytes.toString('hex')} in ${show(before)}`, body);
  };

  /** A well-formed form with a wrong value: the browser gets the survey page again (400). */
  const wrongFormValue = (): FuzzCase => {
    const pairs = validForm();
    const remove = (name: string) => {
      for (let at; (at = pairs.findIndex(([k]) => k === name)) >= 0;) pairs.splice(at, 1);
    };
    const set = (name: string, ...values: string[]) => {
      remove(name);
      for (const value of values) pairs.push([name, value]);
    };
    const short = (v: string) => v.trim() !== '' && !v.includes('\0') && v.length < 1000;
    const [what, change] = pick<[string, () => void]>([
      ['consent', () => set('consent', pick(BAD_CONSENTS.filter(short)))],
      ['no consent', () => remove('consent')],
      [
        'consentText',
        () => {
          set('consent', 'identified');
          set('consentText', pick(badTextIds.filter(short)));
        },
      ],
      ['score', () => set('score', pick([...BAD_SCORE_TEXTS.filter(short), '3.5', '1e3']))],
      ['no score', () => remove('score')],
      ['option', () => set('q_what_went_wrong', pick(NOT_OFFERED.filter(short)))],
      [
        'unknown question',
        () =>
          set(pick([...words('q_nope q_ q_constructor q___proto__ q_Comment'), 'q_comment ']), 'x'),
      ],
      ['context', () => set('context', pick(words('pets constructor Family_travel')))],
      ['channel', () => set('channel_family_travel', pick(words('fax Phone email,phone')))],
      [
        'interests',
        () => set('interests_family_travel', 'spa', pick(words('golf SPA spa,dining'))),
      ],
      [
        'repeated',
        () => {
          const [name, ...values] = pick(
            [
              'consent anonymous identified',
              'consent maybe anonymous',
              'score 3 4',
              'score x 3',
              'comment one two',
            ].map(words),
          );
          set(name, ...values);
        },
      ],
      ['long comment', () => set('comment', text(2001 + int(50_000)))],
    ]);
    change();
    // Fields the form never had are ignored (a browser extension may add some): no excuse.
    if (chance(0.3))
      pairs.push([pick(words('constructor prototype toString submit utm_source')), 'x']);
    const html = chance(0.4);
    const body = encode(pairs);
    return {
      label: `form ${what} ${show(body)}`,
      contentType: FORM,
      body,
      status: 400,
      html,
      accept: html ? HTML_ACCEPT : JSON_TYPE,
    };
  };

  /** Forms that are not forms we rendered: broken encoding, NULs, absurd names and counts. */
  const malformedForm = (): FuzzCase => {
    const valid = encode(validForm());
    const body: string | Buffer = pick([
      () => `${valid}&comment=${pick(BROKEN_ESCAPES)}`,
      () => `${valid}&q_what_went_wrong=a${pick(BROKEN_ESCAPES)}b`,
      () => `${pick(BROKEN_ESCAPES)}=x&${valid}`,
      () => `consent=anonym${pick(BROKEN_ESCAPES)}ous&score=3`,
      () => `${valid}&comment=%00`,
      () => `${valid}&comment%00=x`,
      () => `${valid}&${text(101 + int(100_000))}=x`,
      () => `${valid}&__proto__=x`,
      // Not nested objects (as `qs` would make): unknown names, so no consent was given.
      () => `__proto__[consent]=anonymous&score=3`,
      () => `consent[__proto__]=anonymous&constructor[prototype][consent]=anonymous&score=3`,
      () => `${valid}&a${'[b]'.repeat(10_000)}=x`,
      () => `${valid}&${many(10_000, (i) => `f${i}=x`, '&')}`,
      () => `${many(10_000, () => 'consent=anonymous', '&')}&score=3`,
      () => `${valid}&${many(60, () => 'context=family_travel', '&')}`,
      () => Buffer.concat([Buffer.from(`${valid}&comment=`), pick(INVALID_UTF8)]),
      () =>
        Buffer.concat([
          Buffer.from('consent=anonym'),
          pick(INVALID_UTF8),
          Buffer.from('ous&score=3'),
        ]),
      () => Buffer.concat([pick(INVALID_UTF8), Buffer.from(`=x&${valid}`)]),
    ])();
    return {
      label: `form malformed ${show(body)}`,
      contentType: FORM,
      body,
      status: 400,
      accept: JSON_TYPE,
      chunked: chance(0.05),
    };
  };

  /** The right body with the wrong content type, and the wrong body with the right one. */
  const contentTypeMismatch = (): FuzzCase => {
    const jsonBody = JSON.stringify(validBody());
    const formBody = encode(validForm());
    const multipart = `--x\r\nContent-Disposition: form-data; name="consent"\r\n\r\nanonymous\r\n--x--\r\n`;
    const [contentType, body, status] = pick<[string | undefined, string, number]>([
      ['text/plain', jsonBody, 415],
      ['text/plain; charset=utf-8', formBody, 415],
      ['text/csv', 'consent,score\nanonymous,3\n', 415],
      ['multipart/form-data; boundary=x', multipart, 415],
      ['application/xml', '<survey><consent>anonymous</consent><score>3</score></survey>', 415],
      ['text/html', formBody, 415],
      ['application/octet-stream', jsonBody, 415],
      ['application/json-patch+json', jsonBody, 415],
      ['application/vnd.api+json', jsonBody, 415],
      ['application/jsonx', jsonBody, 415],
      ['*/*', jsonBody, 415],
      ['application/json; charset=latin1', jsonBody, 415],
      ['application/json; charset=iso-8859-1', jsonBody, 415],
      [`${FORM}; charset=iso-8859-1`, formBody, 415],
      [`${FORM}; charset="windows-1252"`, formBody, 415],
      [undefined, jsonBody, 415],
      [undefined, formBody, 415],
      [JSON_TYPE, formBody, 400],
      [FORM, jsonBody, 400],
      [JSON_TYPE, '', 400],
      [JSON_TYPE, ' ', 400],
      [FORM, '', 400],
    ]);
    const accept = pick([JSON_TYPE, 'application/json, text/plain, */*']);
    return {
      label: `content type ${show(contentType)} with ${show(body)}`,
      contentType,
      body,
      status,
      accept,
    };
  };

  // The large ones once each, the rest drawn at random.
  const once = (
    label: string,
    contentType: string,
    body: string,
    status: number,
    more: Partial<FuzzCase> = {},
  ): FuzzCase => ({ label, contentType, body, status, accept: JSON_TYPE, ...more });
  const anonymous = 'consent=anonymous&score=3';
  const fixed = [
    once(
      'json just over 1 MiB',
      JSON_TYPE,
      `{"consent":"anonymous","score":3,"comment":"${text(MIB)}"}`,
      413,
    ),
    once(
      'json just over 1 MiB, chunked',
      JSON_TYPE,
      `{"consent":"anonymous","score":3,"comment":"${text(MIB)}"}`,
      413,
      { chunked: true },
    ),
    once('form just over 1 MiB', FORM, `${anonymous}&comment=${text(MIB)}`, 413),
    once('form just over 1 MiB, chunked', FORM, `${anonymous}&comment=${text(MIB)}`, 413, {
      chunked: true,
    }),
    once('form just over 1 MiB, browser', FORM, `${anonymous}&comment=${text(MIB)}`, 413, {
      accept: HTML_ACCEPT,
    }),
    once('text/plain just over 1 MiB', 'text/plain', text(MIB + 1), 415),
    once(
      'json huge comment under the limit',
      JSON_TYPE,
      `{"consent":"anonymous","score":3,"comment":"${text(MIB - 100)}"}`,
      400,
    ),
    once(
      'json huge answer under the limit',
      JSON_TYPE,
      `{"consent":"anonymous","score":3,"answers":{"comment":"${text(MIB - 100)}"}}`,
      400,
    ),
    once('form huge comment under the limit', FORM, `${anonymous}&comment=${text(MIB - 100)}`, 400),
    once('form huge comment, browser', FORM, `${anonymous}&comment=${text(MIB - 100)}`, 400, {
      html: true,
      accept: HTML_ACCEPT,
    }),
    once(
      'json 10,000 unknown fields',
      JSON_TYPE,
      `{${many(10_000, (i) => `"f${i}":1`, ',')},"consent":"anonymous","score":3}`,
      400,
    ),
    once(
      'json 10,000 answers',
      JSON_TYPE,
      `{"consent":"anonymous","score":3,"answers":{${many(10_000, (i) => `"q${i}":"x"`, ',')}}}`,
      400,
    ),
    once(
      'json 10,000 interests',
      JSON_TYPE,
      `{"consent":"anonymous","score":3,"preferences":[{"context":"spa","interests":[${many(10_000, () => '"spa"', ',')}]}]}`,
      400,
    ),
    once(
      'json 10,000 preferences',
      JSON_TYPE,
      `{"consent":"anonymous","score":3,"preferences":[${many(10_000, (i) => `{"context":"c${i}"}`, ',')}]}`,
      400,
    ),
    once('form 10,000 fields', FORM, `${many(10_000, (i) => `f${i}=x`, '&')}&${anonymous}`, 400),
    once('json nested 10,000 arrays', JSON_TYPE, nested(10_000, '[', ']'), 400),
    once('json nested 10,000 objects', JSON_TYPE, nested(10_000, '{"a":', '}'), 400),
    once(
      'json nested 10,000 __proto__',
      JSON_TYPE,
      nested(10_000, '{"__proto__":', '}', '{}'),
      400,
    ),
    once('json nested 400,000 arrays', JSON_TYPE, nested(400_000, '[', ']'), 400),
  ];

  const families: [number, () => FuzzCase][] = [
    [30, wrongJsonField],
    [8, unknownJsonField],
    [12, rawJson],
    [4, deepJson],
    [6, invalidUtf8Json],
    [20, wrongFormValue],
    [10, malformedForm],
    [10, contentTypeMismatch],
  ];
  const total = families.reduce((sum, [weight]) => sum + weight, 0);
  const drawn = () => {
    let roll = int(total);
    for (const [weight, family] of families) if ((roll -= weight) < 0) return family();
    throw new Error('unreachable');
  };
  const cases = [...fixed];
  while (cases.length < count) cases.push(drawn());
  return cases;
}

/** A short, printable picture of a value for failure messages. */
function show(value: unknown): string {
  const shown = Buffer.isBuffer(value)
    ? `<${value.length} bytes ${value.subarray(0, 40).toString('hex')}>`
    : (JSON.stringify(value) ?? String(value));
  return shown.length > 80 ? `${shown.slice(0, 80)}…(${shown.length})` : shown;
}

/** Checks one answer against the contract; returns what is wrong with it, or null. */
function problemWith(c: FuzzCase, reply: Reply): string | null {
  const excerpt = reply.text.slice(0, 300);
  if (reply.status >= 500) return `server error ${reply.status}: ${excerpt}`;
  if (reply.status !== c.status) return `status ${reply.status}, expected ${c.status}: ${excerpt}`;
  if (/\bat \S+ \(|node_modules|\.[jt]s:\d+/.test(reply.text)) return `stack trace: ${excerpt}`;
  const type = reply.headers['content-type'] ?? '';
  if (c.html) {
    if (!type.startsWith('text/html')) return `expected the survey page, got ${type}: ${excerpt}`;
    return reply.text.includes('Please check these answers') ? null : 'no error summary';
  }
  if (!type.startsWith('application/json')) return `expected JSON, got ${type}: ${excerpt}`;
  if (reply.text.length > 8192) return `an error body of ${reply.text.length} characters`;
  const body = JSON.parse(reply.text) as Record<string, unknown>;
  const keys = Object.keys(body).sort().join(',');
  if (
    keys !== 'code,error,message,requestId,statusCode' &&
    keys !== 'code,details,error,message,requestId,statusCode'
  ) {
    return `error shape with keys ${keys}`;
  }
  const details = (body.details ?? []) as { field?: unknown; message?: unknown }[];
  const sound =
    body.statusCode === reply.status &&
    typeof body.error === 'string' &&
    body.error !== '' &&
    typeof body.code === 'string' &&
    /^[a-z][a-z_]+$/.test(body.code) &&
    typeof body.message === 'string' &&
    /^\S.{9,}[.!?]$/s.test(body.message) &&
    body.requestId === reply.headers['x-request-id'] &&
    Array.isArray(details) &&
    details.every((d) => typeof d.field === 'string' && typeof d.message === 'string');
  return sound ? null : `malformed error body ${excerpt}`;
}

describe('POST /s/{token} under malformed input (fuzz)', () => {
  let t: TestApp;
  let db: Client;
  let port: number;
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

  /** Over node:http: raw bytes, any content type or none, with or without Content-Length. */
  function send(path: string, c: FuzzCase): Promise<Reply> {
    const body = typeof c.body === 'string' ? Buffer.from(c.body) : c.body;
    const headers: Record<string, string | number> = { accept: c.accept };
    if (c.contentType !== undefined) headers['content-type'] = c.contentType;
    if (!c.chunked) headers['content-length'] = body.length;
    // A body refused before it is read may cost its connection: not a shared one, then.
    const own = body.length > MIB / 2;
    return new Promise((resolve, reject) => {
      let answered = false;
      const sent = httpRequest(
        { host: '127.0.0.1', port, path, method: 'POST', headers, agent: own ? false : agent },
        (res) => {
          answered = true;
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text });
          });
        },
      );
      // The server may answer (413) and close before the whole body went out: its right.
      sent.on('error', (error) => {
        if (!answered) reject(error);
      });
      sent.end(body);
    });
  }

  const count = async (sql: string, params: unknown[] = []) =>
    (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)).rows[0].n;
  const textId = async (purpose: string) =>
    (
      await db.query<{ id: string }>(
        `SELECT id FROM consent_texts WHERE purpose = $1 AND locale = 'en' ORDER BY version DESC LIMIT 1`,
        [purpose],
      )
    ).rows[0].id;

  /** Open invitations, each for a customer of its own (no contact budget in the way). */
  async function invitations(total: number): Promise<string[]> {
    const auth = { authorization: `Bearer ${await createApiKey(t.app)}` };
    const ids: string[] = [];
    for (let from = 0; from < total; from += 1000) {
      const items = Array.from({ length: Math.min(1000, total - from) }, (_, i) => ({
        survey: 'stay',
        customer: { externalId: `fuzz-${from + i}`, email: `fuzz${from + i}@example.com` },
        touchpoint: {
          type: 'stay',
          reference: `F-${from + i}`,
          occurredAt: '2026-11-20T10:00:00Z',
        },
      }));
      const { body } = await t
        .http()
        .post('/api/v1/invitations/batch')
        .set(auth)
        .send({ items })
        .expect(202);
      const results = body.results as { id: string; status: string }[];
      expect(results.map((r) => r.status)).toEqual(items.map(() => 'queued'));
      ids.push(...results.map((r) => r.id));
    }
    return ids;
  }

  beforeAll(async () => {
    t = await startTestApp({ ROLE: 'api' });
    await t.app.get(SurveysService).createSurvey(DEMO_SURVEY);
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(async () => {
    agent.destroy();
    await db.end();
    await t.close();
  });

  it(`answers ${CASES} malformed submits with a 4xx and writes nothing (seed ${SEED})`, async () => {
    const consentTextId = await textId('identified_feedback');
    const cases = generateCases(SEED, CASES, {
      consentTextId,
      otherTextId: await textId('future_contact'),
    });
    const controls = Math.ceil(cases.length / CONTROL_EVERY);
    const ids = await invitations(Math.ceil(cases.length / CASES_PER_LINK) + controls);
    const controlIds = ids.splice(ids.length - controls);
    const path = (id: string) => `/s/${invitationToken(t.config.tokenSecret, id)}`;
    // Valid answers, sent the same way, JSON and a browser's form in turn: they must be taken.
    const control = (i: number): FuzzCase =>
      i % 2 === 0
        ? {
            label: 'control',
            contentType: JSON_TYPE,
            body: JSON.stringify({ consent: 'identified', consentText: consentTextId, score: 4 }),
            status: 201,
            accept: JSON_TYPE,
          }
        : {
            label: 'control',
            contentType: FORM,
            body: encode([
              ['consent', 'identified'],
              ['consentText', consentTextId],
              ['score', '4'],
            ]),
            status: 303,
            accept: HTML_ACCEPT,
          };

    const failures: string[] = [];
    const codes = new Map<string, number>();
    let next = 0;
    const worker = async () => {
      for (let index = next++; index < cases.length; index = next++) {
        if (index % CONTROL_EVERY === 0) {
          const i = index / CONTROL_EVERY;
          const reply = await send(path(controlIds[i]), control(i));
          if (reply.status !== control(i).status) {
            failures.push(`control ${i}: ${reply.status} ${reply.text.slice(0, 300)}`);
          }
        }
        const c = cases[index];
        try {
          const reply = await send(path(ids[Math.floor(index / CASES_PER_LINK)]), c);
          const problem = problemWith(c, reply);
          if (problem) failures.push(`#${index} ${c.label}: ${problem}`);
          const code = /"code":"(\w+)"/.exec(reply.text)?.[1] ?? reply.headers['content-type'];
          codes.set(String(code), (codes.get(String(code)) ?? 0) + 1);
        } catch (error) {
          failures.push(`#${index} ${c.label}: no answer (${(error as Error).message})`);
        }
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);

    const run = `seed ${SEED} (replay: FUZZ_SEED=${SEED}), ${cases.length} cases in ${seconds} s`;
    if (process.env.FUZZ_VERBOSE) console.log(run, Object.fromEntries(codes));
    const shown = failures.slice(0, Number(process.env.FUZZ_SHOW ?? 40));
    expect({ run, failed: failures.length, failures: shown }).toEqual({
      run,
      failed: 0,
      failures: [],
    });
    // The cases got past the link and the limiter into parsing and validation, none answered.
    expect(codes.get('validation_failed')).toBeGreaterThan(cases.length / 4);
    expect(codes.get('malformed_body')).toBeGreaterThan(cases.length / 10);
    expect(codes.get('unsupported_media_type')).toBeGreaterThan(cases.length / 20);
    expect(codes.get('text/html; charset=utf-8')).toBeGreaterThan(cases.length / 20);
    for (const code of ['rate_limited', 'survey_not_found', 'already_answered', 'internal_error']) {
      expect([code, codes.get(code)]).toEqual([code, undefined]);
    }

    // Nothing written for any fuzzed link; the controls' rows and no others.
    expect(await count(`invitations WHERE id = ANY($1) AND status = 'answered'`, [ids])).toBe(0);
    expect(
      await count(`invitation_events WHERE invitation_id = ANY($1) AND type = 'answered'`, [ids]),
    ).toBe(0);
    expect(
      await count(`invitations WHERE id = ANY($1) AND status = 'answered'`, [controlIds]),
    ).toBe(controls);
    expect(await count(`responses WHERE NOT invitation_id = ANY($1)`, [controlIds])).toBe(0);
    expect(await count('responses')).toBe(controls);
    expect(
      await count(`consent_events WHERE invitation_id IS NULL OR NOT invitation_id = ANY($1)`, [
        controlIds,
      ]),
    ).toBe(0);
    for (const table of [
      'anonymous_responses',
      'anonymous_response_inbox',
      'preference_profiles',
    ]) {
      expect([table, await count(table)]).toEqual([table, 0]);
    }
  }, 120_000);
});

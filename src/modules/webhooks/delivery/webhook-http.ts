import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { describeRefusal } from './webhook-address';
import { normalizeHost } from './webhook-allowance';
import { webhookAgents } from './webhook-agents';
import { refusalFor, RefusedAddressError, type WebhookLookup } from './webhook-lookup';

/** A 2xx within this long is a delivery; the whole exchange, body included, is cut at it. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** How much of a receiver's answer is kept for the delivery log; the rest is never read. */
export const WEBHOOK_BODY_START_BYTES = 1024;

export interface WebhookHttpRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
}

export interface WebhookHttpOptions {
  /** WEBHOOK_ALLOW_PRIVATE, parsed by `parseWebhookAllowance`. */
  allowPrivateHosts: readonly string[];
  /** Default WEBHOOK_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Default dns.lookup; tests inject their own. */
  lookup?: WebhookLookup;
}

/**
 * delivered: a 2xx, body read (up to its first KiB) in time. gone: 410, the receiver asks to be
 * disabled. refused: the URL or the address it resolved to may not be reached; nothing was sent.
 * failed: anything else (another status, a redirect, a timeout, a network error).
 */
export type WebhookOutcome = 'delivered' | 'failed' | 'gone' | 'refused';

export interface WebhookHttpResult {
  outcome: WebhookOutcome;
  /** The receiver's status code, null when none arrived. */
  status: number | null;
  /** The first KiB of the response body as UTF-8 (invalid bytes replaced, a cut character dropped). */
  bodyStart: string;
  latencyMs: number;
  /** Why it was not delivered, in a few words ('timed out after 10 s', 'connection refused'). */
  error?: string;
}

interface Target {
  options: RequestOptions;
  send: typeof httpRequest;
}

/**
 * POSTs one webhook. Never rejects: every way it can go is a result. Redirects are not followed,
 * only the first KiB of the answer is read, and connections go only to public addresses (or to the
 * hosts of `allowPrivateHosts`), checked on the address connected to.
 */
export function postWebhook(
  request: WebhookHttpRequest,
  options: WebhookHttpOptions,
): Promise<WebhookHttpResult> {
  const started = performance.now();
  const target = targetOf(request, options);
  if (typeof target === 'string') {
    return Promise.resolve({
      outcome: 'refused',
      status: null,
      bodyStart: '',
      latencyMs: 0,
      error: target,
    });
  }
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  return new Promise((resolve) => {
    new WebhookExchange(started, timeoutMs, resolve).start(target, request.body);
  });
}

/** The request options for the URL, or why it may not be sent to. */
function targetOf(request: WebhookHttpRequest, options: WebhookHttpOptions): Target | string {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return 'refused: not a valid URL';
  }
  const secure = url.protocol === 'https:';
  if (!secure && url.protocol !== 'http:') return `refused: ${url.protocol} is not http or https`;
  if (url.username || url.password) return 'refused: the URL holds credentials';
  const agents = webhookAgents(options.allowPrivateHosts, options.lookup);
  const hostname = normalizeHost(url.hostname);
  const allowed = agents.allowance.has(hostname);
  // An IP literal is connected to without a lookup: check it here to say why in our words.
  if (isIP(hostname) !== 0) {
    const reason = refusalFor(hostname, allowed);
    if (reason) return `refused: ${describeRefusal(hostname, reason)}`;
  }
  const pair = allowed ? agents.allowed : agents.public;
  return {
    send: secure ? httpsRequest : httpRequest,
    options: {
      agent: secure ? pair.https : pair.http,
      method: 'POST',
      hostname,
      port: url.port || undefined,
      path: url.pathname + url.search,
      headers: {
        'content-type': 'application/json',
        ...request.headers,
        'content-length': String(Buffer.byteLength(request.body)),
      },
    },
  };
}

/** One request and its answer, settled once: by the answer's end, an error, or the deadline. */
class WebhookExchange {
  private request: ClientRequest | undefined;
  private status: number | null = null;
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private truncated = false;
  private settled = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly started: number,
    private readonly timeoutMs: number,
    private readonly resolve: (result: WebhookHttpResult) => void,
  ) {
    this.timer = setTimeout(() => this.expire(), timeoutMs);
  }

  start(target: Target, body: string): void {
    const request = target.send(target.options, (response) => this.read(response));
    this.request = request;
    request.on('error', (error) => this.fail(error));
    request.end(body);
  }

  private read(response: IncomingMessage): void {
    this.status = response.statusCode ?? null;
    response.on('data', (chunk: Buffer) => {
      const room = WEBHOOK_BODY_START_BYTES - this.kept;
      if (chunk.length <= room) {
        this.chunks.push(chunk);
        this.kept += chunk.length;
        return;
      }
      // Enough for the log: stop reading. The connection goes with it, never the rest of the body.
      this.chunks.push(chunk.subarray(0, room));
      this.kept += room;
      this.truncated = true;
      this.answer();
      response.destroy();
    });
    response.on('end', () => this.answer());
    response.on('error', (error) => this.fail(error));
    response.on('close', () => {
      if (!response.complete) this.settle('failed', 'connection closed while reading the response');
    });
  }

  private answer(): void {
    const status = this.status ?? 0;
    if (status >= 200 && status < 300) return this.settle('delivered');
    if (status === 410) return this.settle('gone', 'answered 410 (gone)');
    if (status >= 300 && status < 400)
      return this.settle('failed', `redirect not followed (${status})`);
    this.settle('failed', `answered ${status}`);
  }

  private fail(error: Error): void {
    if (this.settled) return;
    const refused = refusalOf(error);
    if (refused) return this.settle('refused', refused);
    const reading = this.status === null ? '' : ' while reading the response';
    this.settle('failed', `${networkReason(error)}${reading}`);
  }

  private expire(): void {
    const reading = this.status === null ? '' : ' while reading the response';
    this.settle('failed', `timed out after ${this.timeoutMs / 1000} s${reading}`);
    this.request?.destroy();
  }

  private settle(outcome: WebhookOutcome, error?: string): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    const result: WebhookHttpResult = {
      outcome,
      status: this.status,
      bodyStart: bodyStartOf(Buffer.concat(this.chunks, this.kept), this.truncated),
      latencyMs: Math.round((performance.now() - this.started) * 10) / 10,
    };
    if (error !== undefined) result.error = error;
    this.resolve(result);
  }
}

/** The refusal an agent's connection failed with, in our words; null for any other error. */
function refusalOf(error: Error): string | null {
  if (error instanceof RefusedAddressError) return error.message;
  // request-filtering-agent's own filter, under ours: "DNS lookup 10.0.0.1(family:4, host:…) is
  // not allowed. …". Reached only if the two classifications ever disagree.
  const agentRefusal = /^DNS lookup (\S+?)\(.*\bis not allowed\b/.exec(error.message);
  return agentRefusal ? `refused: ${agentRefusal[1]} is not a public address` : null;
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  ENOTFOUND: 'host not found',
  ENODATA: 'host not found',
  EAI_AGAIN: 'DNS lookup failed, try again',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/** A network error in a few words, for the delivery log. */
function networkReason(error: NodeJS.ErrnoException): string {
  const code = error.code ?? '';
  if (NETWORK_REASONS[code]) return NETWORK_REASONS[code];
  if (code.startsWith('HPE_')) return 'invalid HTTP response';
  const reason = /CERT|SSL|TLS/.test(code) ? `TLS: ${error.message}` : error.message || code;
  return reason.length > 200 ? `${reason.slice(0, 199)}…` : reason;
}

/**
 * The kept bytes as text. Invalid UTF-8 becomes U+FFFD rather than an error; a character the 1 KiB
 * cut split in two is dropped rather than shown as garbage.
 */
export function bodyStartOf(bytes: Buffer, truncated: boolean): string {
  return bytes.toString('utf8', 0, truncated ? completeUtf8Length(bytes) : bytes.length);
}

/** The length of `bytes` without a trailing incomplete UTF-8 sequence. */
function completeUtf8Length(bytes: Buffer): number {
  let lead = bytes.length - 1;
  while (lead >= 0 && bytes.length - lead < 4 && (bytes[lead] & 0xc0) === 0x80) lead--;
  if (lead < 0 || bytes[lead] < 0xc0) return bytes.length;
  const needed = bytes[lead] >= 0xf0 ? 4 : bytes[lead] >= 0xe0 ? 3 : 2;
  return bytes.length - lead >= needed ? bytes.length : lead;
}

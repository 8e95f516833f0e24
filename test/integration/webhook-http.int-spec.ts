import type { LookupAddress } from 'node:dns';
import { once } from 'node:events';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  destroyWebhookConnections,
  webhookAgents,
} from '../../src/modules/webhooks/delivery/webhook-agents';
import {
  postWebhook,
  WEBHOOK_TIMEOUT_MS,
  type WebhookHttpOptions,
} from '../../src/modules/webhooks/delivery/webhook-http';
import type { WebhookLookup } from '../../src/modules/webhooks/delivery/webhook-lookup';
import { checkWebhookUrl } from '../../src/modules/webhooks/delivery/webhook-url';

interface Received {
  path: string;
  body: string;
  headers: IncomingMessage['headers'];
  closed: Promise<unknown>;
  response: ServerResponse;
}

const ONE_GIB = 1024 ** 3;

/** A receiver on loopback whose answer depends on the path, recording every request it gets. */
class Receiver {
  readonly received: Received[] = [];
  connections = 0;
  hugeBytesWritten = 0;
  private server: Server | undefined;
  private nextRequest: ((request: Received) => void) | undefined;

  async start(): Promise<void> {
    this.server = createServer((request, response) => void this.handle(request, response));
    this.server.on('connection', () => this.connections++);
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  get port(): number {
    return (this.server?.address() as AddressInfo).port;
  }

  url(path: string, host = '127.0.0.1'): string {
    return `http://${host}:${this.port}${path}`;
  }

  /** Resolves with the next request to arrive (its body read). */
  requestArrives(): Promise<Received> {
    return new Promise((resolve) => (this.nextRequest = resolve));
  }

  paths(): string[] {
    return this.received.map((request) => request.path);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const received: Received = {
      path: request.url ?? '',
      body: Buffer.concat(chunks).toString('utf8'),
      headers: request.headers,
      closed: once(response, 'close'),
      response,
    };
    this.received.push(received);
    this.nextRequest?.(received);
    this.answer(received.path, response);
  }

  private answer(path: string, response: ServerResponse): void {
    if (path === '/ok') return void response.writeHead(200).end('thanks');
    if (path === '/error') return void response.writeHead(500).end('database is down');
    if (path === '/gone') return void response.writeHead(410).end();
    if (path === '/redirect') {
      return void response.writeHead(302, { location: this.url('/ok') }).end();
    }
    if (path === '/hang') return; // accepts, reads the request, never answers
    if (path === '/hang-body') return void response.writeHead(200).write('partial');
    if (path === '/huge') return this.streamHugeBody(response);
    response.writeHead(404).end();
  }

  /** Declares 1 GiB and writes as fast as the client reads, until the client goes away. */
  private streamHugeBody(response: ServerResponse): void {
    response.writeHead(200, { 'content-length': String(ONE_GIB) });
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const write = () => {
      while (!response.destroyed && this.hugeBytesWritten < ONE_GIB) {
        this.hugeBytesWritten += chunk.length;
        if (!response.write(chunk)) return void response.once('drain', write);
      }
    };
    write();
  }
}

function resolvingTo(...answers: string[][]): WebhookLookup & jest.Mock {
  const lookup = jest.fn<Promise<LookupAddress[]>, [string]>();
  for (const addresses of answers) {
    lookup.mockResolvedValueOnce(
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );
  }
  return lookup;
}

const LOOPBACK_ALLOWED: WebhookHttpOptions = { allowPrivateHosts: ['127.0.0.1'] };
const NOTHING_ALLOWED: WebhookHttpOptions = { allowPrivateHosts: [] };
const PUBLIC_IP = '93.184.215.14';

describe('postWebhook against a real receiver on loopback', () => {
  const receiver = new Receiver();
  const post = (path: string, options: WebhookHttpOptions = LOOPBACK_ALLOWED) =>
    postWebhook(
      {
        url: receiver.url(path),
        body: '{"type":"case.opened"}',
        headers: { 'webhook-id': 'msg_1' },
      },
      options,
    );

  beforeAll(() => receiver.start());
  afterAll(async () => {
    destroyWebhookConnections();
    await receiver.stop();
  });

  it('delivers on a 2xx, with the body, headers, status, answer and latency', async () => {
    const result = await post('/ok');

    expect(result).toEqual({
      outcome: 'delivered',
      status: 200,
      bodyStart: 'thanks',
      latencyMs: expect.any(Number),
    });
    expect(result.latencyMs).toBeGreaterThan(0);
    expect(result.latencyMs).toBeLessThan(WEBHOOK_TIMEOUT_MS);
    const request = receiver.received.at(-1)!;
    expect(request.body).toBe('{"type":"case.opened"}');
    expect(request.headers).toMatchObject({
      'webhook-id': 'msg_1',
      'content-type': 'application/json',
      'content-length': '22',
      connection: 'keep-alive',
    });
  });

  it('keeps the connection for the next delivery with the same allowance', async () => {
    await post('/ok');
    const before = receiver.connections;
    await post('/ok');
    await post('/ok');
    expect(receiver.connections).toBe(before);
    expect(webhookAgents(['127.0.0.1'])).toBe(webhookAgents(['127.0.0.1']));
  });

  it('fails on a 500, keeping the status and the start of the answer', async () => {
    expect(await post('/error')).toMatchObject({
      outcome: 'failed',
      status: 500,
      bodyStart: 'database is down',
      error: 'answered 500',
    });
  });

  it('reports 410 as gone, for the caller to disable the endpoint', async () => {
    expect(await post('/gone')).toMatchObject({ outcome: 'gone', status: 410, bodyStart: '' });
  });

  it('does not follow a redirect, and says so', async () => {
    const before = receiver.paths().length;
    expect(await post('/redirect')).toMatchObject({
      outcome: 'failed',
      status: 302,
      error: 'redirect not followed (302)',
    });
    expect(receiver.paths().slice(before)).toEqual(['/redirect']);
  });

  it('cuts a receiver that accepts and never answers at the timeout', async () => {
    const arrived = receiver.requestArrives();
    const result = await post('/hang', { ...LOOPBACK_ALLOWED, timeoutMs: 300 });

    expect(result).toMatchObject({
      outcome: 'failed',
      status: null,
      error: 'timed out after 0.3 s',
    });
    expect(result.latencyMs).toBeGreaterThanOrEqual(295);
    expect(result.latencyMs).toBeLessThan(5000);
    await (
      await arrived
    ).closed; // the connection was dropped, not left hanging
  });

  it('cuts a receiver that sends its headers and hangs in the body, as a failure', async () => {
    const result = await post('/hang-body', { ...LOOPBACK_ALLOWED, timeoutMs: 300 });

    expect(result).toMatchObject({
      outcome: 'failed',
      status: 200,
      bodyStart: 'partial',
      error: 'timed out after 0.3 s while reading the response',
    });
  });

  it('waits 10 s by default', async () => {
    expect(WEBHOOK_TIMEOUT_MS).toBe(10_000);
    // Fake timers drive our deadline only; sockets and the receiver run on Node's own timers.
    jest.useFakeTimers({
      doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'performance'],
    });
    try {
      const arrived = receiver.requestArrives();
      let result: unknown;
      void post('/hang').then((settled) => (result = settled));
      await arrived;
      jest.advanceTimersByTime(9_999);
      await new Promise(setImmediate);
      expect(result).toBeUndefined();
      jest.advanceTimersByTime(1);
      await new Promise(setImmediate);
      expect(result).toMatchObject({ outcome: 'failed', error: 'timed out after 10 s' });
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps the first KiB of a huge answer and stops reading it', async () => {
    const arrived = receiver.requestArrives();
    const result = await post('/huge');

    expect(result).toMatchObject({ outcome: 'delivered', status: 200 });
    expect(result.bodyStart).toBe('x'.repeat(1024));
    await (
      await arrived
    ).closed;
    expect(receiver.hugeBytesWritten).toBeLessThan(ONE_GIB / 16);
  });

  it('reports a closed port as connection refused', async () => {
    const closed = new Receiver();
    await closed.start();
    const url = closed.url('/ok');
    await closed.stop();

    const result = await postWebhook({ url, body: '{}', headers: {} }, LOOPBACK_ALLOWED);
    expect(result).toMatchObject({ outcome: 'failed', status: null, error: 'connection refused' });
  });
});

describe('where webhooks may go', () => {
  const receiver = new Receiver();
  const send = (url: string, options: WebhookHttpOptions) =>
    postWebhook({ url, body: '{}', headers: {} }, options);
  const check = (url: string, options: Partial<Parameters<typeof checkWebhookUrl>[1]> = {}) =>
    checkWebhookUrl(url, { allowPrivateHosts: [], requireHttps: false, ...options });

  beforeAll(() => receiver.start());
  afterAll(async () => {
    destroyWebhookConnections();
    await receiver.stop();
  });

  it('refuses a loopback URL without the allowance, at creation and at send', async () => {
    const before = receiver.received.length;
    expect(await check(receiver.url('/ok'))).toBe(
      "The URL's address 127.0.0.1 is a loopback address: webhooks are sent only to public addresses.",
    );
    expect(await send(receiver.url('/ok'), NOTHING_ALLOWED)).toEqual({
      outcome: 'refused',
      status: null,
      bodyStart: '',
      latencyMs: expect.any(Number),
      error: 'refused: 127.0.0.1 is a loopback address',
    });
    expect(receiver.received.length).toBe(before);
  });

  it('refuses a name resolving to loopback (real DNS) at creation and at connect time', async () => {
    const url = receiver.url('/ok', 'localhost');
    expect(await check(url)).toMatch(
      /^The host localhost resolves to (127\.0\.0\.1|::1), a loopback address: webhooks are sent only to public addresses\.$/,
    );
    expect(await send(url, NOTHING_ALLOWED)).toMatchObject({
      outcome: 'refused',
      error: expect.stringMatching(/^refused: (127\.0\.0\.1|::1) is a loopback address$/),
    });
  });

  it('lets an allowed host through, by its name in the URL', async () => {
    expect(await check(receiver.url('/ok'), { allowPrivateHosts: ['127.0.0.1'] })).toBeNull();
    expect(await send(receiver.url('/ok'), LOOPBACK_ALLOWED)).toMatchObject({
      outcome: 'delivered',
    });

    const lookup = resolvingTo(['127.0.0.1'], ['127.0.0.1']);
    const url = receiver.url('/ok', 'receiver.test');
    expect(await check(url, { allowPrivateHosts: ['receiver.test'], lookup })).toBeNull();
    expect(await send(url, { allowPrivateHosts: ['receiver.test'], lookup })).toMatchObject({
      outcome: 'delivered',
    });
    // The allowance names hosts, not addresses: 127.0.0.1 allowed does not open other names.
    expect(
      await send(url, { allowPrivateHosts: ['127.0.0.1'], lookup: resolvingTo(['127.0.0.1']) }),
    ).toMatchObject({
      outcome: 'refused',
    });
  });

  it('refuses at send a name that resolved to a public address when saved (DNS rebinding)', async () => {
    const lookup = resolvingTo([PUBLIC_IP], ['127.0.0.1']);
    const url = receiver.url('/ok', 'rebind.example');
    const before = receiver.received.length;

    expect(await check(url, { lookup })).toBeNull();
    expect(await send(url, { allowPrivateHosts: [], lookup })).toMatchObject({
      outcome: 'refused',
      status: null,
      error: 'refused: 127.0.0.1 is a loopback address',
    });
    expect(lookup).toHaveBeenCalledTimes(2);
    expect(receiver.received.length).toBe(before);
  });

  it('refuses a name when any of its addresses is private', async () => {
    const lookup = resolvingTo([PUBLIC_IP, '10.0.0.7']);
    expect(await check('https://mixed.example/hook', { lookup })).toBe(
      'The host mixed.example resolves to 10.0.0.7, a private address: webhooks are sent only to public addresses.',
    );
  });

  it('refuses the metadata addresses, even when allowed', async () => {
    const metadata = 'http://169.254.169.254/latest/meta-data/';
    const allowed = { allowPrivateHosts: ['169.254.169.254', 'metadata.test'] };
    expect(await check(metadata, allowed)).toBe(
      "The URL's address 169.254.169.254 is the cloud metadata address: webhooks are sent only to public addresses.",
    );
    expect(await send(metadata, allowed)).toMatchObject({
      outcome: 'refused',
      error: 'refused: 169.254.169.254 is the cloud metadata address',
    });
    const lookup = resolvingTo(['fd00:ec2::254'], ['fd00:ec2::254']);
    expect(await check('http://metadata.test/', { ...allowed, lookup })).toMatch(
      /^The host metadata.test resolves to fd00:ec2::254, the cloud metadata address/,
    );
    expect(await send('http://metadata.test/', { ...allowed, lookup })).toMatchObject({
      outcome: 'refused',
      error: 'refused: fd00:ec2::254 is the cloud metadata address',
    });
  });

  it('requires https when asked to (production), before any lookup', async () => {
    const lookup = resolvingTo([PUBLIC_IP]);
    expect(await check('http://crm.example.com/hook', { requireHttps: true, lookup })).toBe(
      'The URL must start with https://: webhooks are sent only over HTTPS in production.',
    );
    expect(lookup).not.toHaveBeenCalled();
    expect(await check('https://crm.example.com/hook', { requireHttps: true, lookup })).toBeNull();
  });

  it('refuses credentials in the URL', async () => {
    const url = 'https://crm:secret@crm.example.com/hook';
    expect(await check(url, { lookup: resolvingTo([PUBLIC_IP]) })).toBe(
      'The URL must not contain a user name or password: send credentials as a static header instead.',
    );
    expect(await send(url, NOTHING_ALLOWED)).toMatchObject({
      outcome: 'refused',
      error: 'refused: the URL holds credentials',
    });
  });

  it('refuses what is not an http(s) URL, a long one, and a name that does not resolve', async () => {
    expect(await check('crm.example.com/hook')).toMatch(/^The URL is not a valid web address/);
    expect(await check('ftp://crm.example.com/hook')).toBe(
      'The URL must start with https:// (ftp:// cannot receive webhooks).',
    );
    expect(await check(`https://crm.example.com/${'a'.repeat(2000)}`)).toBe(
      'The URL is 2024 characters long; it may have at most 2000.',
    );
    const lookup = jest
      .fn()
      .mockRejectedValue(Object.assign(new Error('nope'), { code: 'ENOTFOUND' }));
    expect(await check('https://nowhere.example/hook', { lookup })).toBe(
      'The host nowhere.example does not resolve to any address: check its spelling.',
    );
  });

  it("keeps the package's own filter on under ours, for a request that skips our checks", async () => {
    const request = httpRequest({
      agent: webhookAgents([]).public.http,
      host: '127.0.0.1',
      port: receiver.port,
      path: '/ok',
    });
    const [error] = (await once(request.end(), 'error')) as [Error];
    expect(error.message).toMatch(/^DNS lookup 127\.0\.0\.1\(.*is not allowed/);
  });
});

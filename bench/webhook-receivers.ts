/**
 * The receivers of `bench:webhooks`, in a process of their own, so that the app and the baseline
 * send from one process and neither shares its event loop with the receiving end: node:http
 * servers on 127.0.0.1, each answering 204 as soon as a request's body has arrived and noting
 * when each `webhook-id` first arrived. `Receivers.start` forks this file; they talk over IPC.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

type Request = { type: 'count' } | { type: 'take' } | { type: 'stop' };

/** A request kept whole, for checking its signature. */
export interface ReceivedSample {
  receiver: number;
  headers: Record<string, string>;
  body: string;
}

type Reply =
  | { type: 'ports'; ports: number[] }
  | { type: 'count'; count: number }
  | {
      type: 'take';
      /** [`receiver:webhook-id`, first arrival in ms since the epoch] */
      arrivals: [string, number][];
      duplicates: number;
      samples: ReceivedSample[];
    };

/** What arrived: first arrival per `receiver:webhook-id`, repeats, a few whole requests. */
export interface Collected {
  arrivals: Map<string, number>;
  duplicates: number;
  samples: ReceivedSample[];
}

/** The bench's side: starts the receivers' process and asks it what arrived. */
export class Receivers {
  private readonly replies: ((reply: Reply) => void)[] = [];

  private constructor(
    private readonly child: ChildProcess,
    readonly ports: number[],
  ) {
    child.on('message', (reply: Reply) => this.replies.shift()?.(reply));
  }

  static async start(count: number): Promise<Receivers> {
    const child = fork(__filename, [], { env: { ...process.env, BENCH_RECEIVERS: String(count) } });
    const [reply] = (await once(child, 'message')) as [Reply];
    if (reply.type !== 'ports') throw new Error('the receivers did not start');
    return new Receivers(child, reply.ports);
  }

  get count(): number {
    return this.ports.length;
  }

  private ask<T extends Reply['type']>(type: T & Request['type']) {
    return new Promise<Extract<Reply, { type: T }>>((resolve) => {
      this.replies.push(resolve as (reply: Reply) => void);
      this.child.send({ type });
    });
  }

  /** Takes (and forgets) everything that arrived so far. */
  async take(): Promise<Collected> {
    const { arrivals, duplicates, samples } = await this.ask('take');
    return { arrivals: new Map(arrivals), duplicates, samples };
  }

  /** Waits (polling every 100 ms) until every one of `keys` has arrived; takes what did. */
  async collect(keys: Set<string>, timeoutMs: number): Promise<Collected> {
    const all: Collected = { arrivals: new Map(), duplicates: 0, samples: [] };
    let missing = keys.size;
    const deadline = Date.now() + timeoutMs;
    while (missing > 0) {
      if (Date.now() > deadline) throw new Error(`timed out: ${missing} deliveries missing`);
      await sleep(100);
      if ((await this.ask('count')).count < missing) continue;
      const taken = await this.take();
      for (const [key, at] of taken.arrivals) all.arrivals.set(key, at);
      all.duplicates += taken.duplicates;
      all.samples.push(...taken.samples);
      missing = [...keys].filter((key) => !all.arrivals.has(key)).length;
    }
    return all;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    this.child.send({ type: 'stop' });
    await once(this.child, 'exit');
  }
}

/** Requests kept whole per receiver and per take. */
const SAMPLES = 2;

/** The receivers' process. */
function serve(receivers: number) {
  let arrivals = new Map<string, number>();
  let duplicates = 0;
  let samples: ReceivedSample[] = [];
  const receive = (receiver: number, request: IncomingMessage, at: number, body: string) => {
    const key = `${receiver}:${String(request.headers['webhook-id'])}`;
    if (arrivals.has(key)) duplicates += 1;
    else arrivals.set(key, at);
    if (samples.filter((sample) => sample.receiver === receiver).length < SAMPLES) {
      samples.push({ receiver, headers: request.headers as Record<string, string>, body });
    }
  };
  const listen = async (receiver: number) => {
    const server = createServer((request, response) => {
      const at = Date.now();
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        receive(receiver, request, at, Buffer.concat(chunks).toString());
        response.writeHead(204).end();
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return (server.address() as { port: number }).port;
  };
  const reply = (message: Reply) => process.send!(message);
  // A benchmark that died leaves no receivers behind.
  process.on('disconnect', () => process.exit(0));
  process.on('message', (message: Request) => {
    if (message.type === 'count') return reply({ type: 'count', count: arrivals.size });
    if (message.type === 'stop') process.exit(0);
    reply({ type: 'take', arrivals: [...arrivals], duplicates, samples });
    arrivals = new Map();
    duplicates = 0;
    samples = [];
  });
  void Promise.all(Array.from({ length: receivers }, (_, i) => listen(i))).then((ports) =>
    reply({ type: 'ports', ports }),
  );
}

if (require.main === module) serve(Number(process.env.BENCH_RECEIVERS ?? 3));

/**
 * `npm run bench:webhooks`: 10,000 public events to 3 endpoints on loopback. The app (workers on,
 * in this process) runs on a database seeded by `seedScale`; three receivers (node:http, in a
 * process of their own) answer 204 at once and note when each delivery arrived. First a burst:
 * the 10,000 events logged in one transaction, so that 30,000 deliveries fall due at its commit
 * (delivered/s from the commit to the last arrival: the sender's rate, not the publisher's).
 * Then a stream of `BENCH_PACED_EVENTS` at `BENCH_PACED_RATE` a second, one event a transaction:
 * per delivery, its arrival minus the event's `occurred_at` (the burst's count from its commit).
 * The baseline, in the same run: a bare `undici` loop posting the burst's 30,000 messages (built
 * by the app's own builder, signed with standardwebhooks at send time, as the app does) to the
 * same receivers, as many in flight as the dispatcher at most (`BATCHES_IN_FLIGHT` × `BATCH` = 400). Prints
 * JSON: both rates and their ratio, latency percentiles, CPU per delivery (this process's and the
 * database backends') and the peak RSS of this process during the app's phases. Goal: ratio ≥ 0.5,
 * and p95 ≤ 2 s with a healthy receiver (the stream's: the burst's is its queue).
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync } from 'node:fs';
import { Client, Pool as PgPool } from 'pg';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { Pool } from 'undici';
import { type BenchPlace, runBench, startBenchApp } from './support';
import {
  EventSource,
  logEvents,
  logEventsAlone,
  type LoggedEvent,
  type LoggingStats,
  publicTypeOf,
  seededRows,
} from './webhook-events';
import { type Collected, Receivers } from './webhook-receivers';
import { seedScale } from '../src/modules/demo/scale-seed';
import { buildWebhookMessages } from '../src/modules/webhooks/payloads/webhook-messages';
import type { WebhookEventType } from '../src/modules/webhooks/webhook-catalogue';
import { WebhookEndpoints } from '../src/modules/webhooks/webhook-endpoints.service';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
/** Events per statement in the burst (each one transaction of 300 deliveries). */
const BURST_STATEMENT = 100;
const PACED_EVENTS = Number(process.env.BENCH_PACED_EVENTS ?? 3_000);
const PACED_RATE = Number(process.env.BENCH_PACED_RATE ?? 100);
/** The dispatcher's requests in flight at most: its BATCHES_IN_FLIGHT × BATCH (4 × 100). */
const IN_FLIGHT = 400;
/** Unmeasured events first on each side, so neither pays for warming up its code. */
const WARM_UP_EVENTS = 200;
const GOAL = { ratio: 0.5, p95Ms: 2_000 };
/** The events the endpoints take: what a CRM mirroring answers and cases asks for. */
const EVENT_TYPES: WebhookEventType[] = [
  'response.received',
  'response.dissatisfied',
  'case.opened',
  'case.assigned',
];

interface Latency {
  p50: number;
  p95: number;
  max: number;
}

function percentiles(values: number[]): Latency {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.floor(q * (sorted.length - 1))]);
  return { p50: at(0.5), p95: at(0.95), max: at(1) };
}

interface PhaseResult {
  deliveries: number;
  deliveredPerSecond: number;
  latencyMs: Latency;
  /** How long logging the events took (the burst's statements, the stream's schedule). */
  loggingSeconds: number;
  /** One statement's time to log its events (the publisher's wait), and deadlocks it met. */
  eventStatementMs: Latency;
  deadlocks: number;
  duplicates: number;
}

/** CPU time spent per delivery, in µs: steadier than rates on a machine others share. */
interface CpuPerDelivery {
  nodeUs: number;
  postgresUs?: number;
}

/** A CPU reading: this process's, in ms, and each database backend's on this machine, in ms. */
interface CpuReading {
  node: number;
  backends: Map<number, number>;
}

/**
 * CPU time so far: this process's, and that of each of the database's backends on this machine
 * (from /proc: a server elsewhere counts nothing).
 */
async function readCpu(db: PgPool): Promise<CpuReading> {
  const { user, system } = process.cpuUsage();
  const { rows } = await db.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  );
  const backends = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
      // Fields 14 and 15 (utime, stime, in 100ths of a second), after the command's parenthesis.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      backends.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // Ended meanwhile, or not on this machine.
    }
  }
  return { node: (user + system) / 1000, backends };
}

/** Between two readings (a backend that ended meanwhile is not counted), per delivery. */
function cpuPerDelivery(before: CpuReading, after: CpuReading, deliveries: number): CpuPerDelivery {
  let postgres = 0;
  for (const [pid, ms] of after.backends) postgres += ms - (before.backends.get(pid) ?? 0);
  const us = (ms: number) => Math.round((ms * 1000) / deliveries);
  return { nodeUs: us(after.node - before.node), postgresUs: us(postgres) };
}

/** `receiver:webhook-id` of every delivery of these events. */
function keysOf(events: LoggedEvent[], receivers: number): Set<string> {
  return new Set(
    events.flatMap((event) => Array.from({ length: receivers }, (_, r) => `${r}:evt_${event.id}`)),
  );
}

interface Phase {
  events: LoggedEvent[];
  collected: Collected;
  receivers: number;
  stats: LoggingStats;
  /** Where the rate's clock starts: the burst's commit, the stream's first event. */
  from: number;
  loggingSeconds: number;
  /** When an event could first be seen: the burst's commit, or its own `occurred_at`. */
  originOf: (event: LoggedEvent) => number;
}

function summarise(phase: Phase): PhaseResult {
  const { events, collected, receivers, stats } = phase;
  const latencies = events.flatMap((event) =>
    Array.from(
      { length: receivers },
      (_, r) => collected.arrivals.get(`${r}:evt_${event.id}`)! - phase.originOf(event),
    ),
  );
  const last = Math.max(...collected.arrivals.values());
  return {
    deliveries: latencies.length,
    deliveredPerSecond: Math.round(latencies.length / ((last - phase.from) / 1000)),
    latencyMs: percentiles(latencies),
    loggingSeconds: Number(phase.loggingSeconds.toFixed(2)),
    eventStatementMs: percentiles(stats.statementMs),
    deadlocks: stats.deadlocks,
    duplicates: collected.duplicates,
  };
}

/**
 * The burst: every event logged in one transaction (statements of 100), so that the dispatcher
 * meets all the deliveries due at once when it commits: from the commit to the last arrival is
 * the sender's rate, not the pace of whoever publishes. Latency counts from the commit.
 */
async function burst(db: PgPool, receivers: Receivers, source: EventSource, count: number) {
  const stats: LoggingStats = { statementMs: [], deadlocks: 0 };
  const events: LoggedEvent[] = [];
  const client = await db.connect();
  const began = Date.now();
  let cpuBefore: CpuReading;
  try {
    await client.query('BEGIN');
    for (let offset = 0; offset < count; offset += BURST_STATEMENT) {
      const batch = source.take(Math.min(BURST_STATEMENT, count - offset));
      events.push(...(await logEvents(client, batch, stats)));
    }
    cpuBefore = await readCpu(db);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
  const committed = Date.now();
  const collected = await receivers.collect(keysOf(events, receivers.count), 900_000);
  const cpu = cpuPerDelivery(cpuBefore, await readCpu(db), events.length * receivers.count);
  const result = summarise({
    events,
    collected,
    receivers: receivers.count,
    stats,
    from: committed,
    loggingSeconds: (committed - began) / 1000,
    originOf: () => committed,
  });
  return { events, collected, result: { ...result, cpu } };
}

/** The stream: one event a transaction, at `PACED_RATE` a second on a fixed schedule. */
async function paced(db: PgPool, receivers: Receivers, source: EventSource) {
  const stats: LoggingStats = { statementMs: [], deadlocks: 0 };
  const started = Date.now();
  const logging: Promise<LoggedEvent[]>[] = [];
  for (let i = 0; i < PACED_EVENTS; i += 1) {
    const due = started + (i * 1000) / PACED_RATE;
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    const logged = logEventsAlone(db, source.take(1), stats);
    logged.catch(() => undefined); // rejected ones fail the Promise.all below, not the process
    logging.push(logged);
  }
  const events = (await Promise.all(logging)).flat();
  const loggingSeconds = (Date.now() - started) / 1000;
  const collected = await receivers.collect(keysOf(events, receivers.count), 900_000);
  return summarise({
    events,
    collected,
    receivers: receivers.count,
    stats,
    from: started,
    loggingSeconds,
    originOf: (event) => event.occurredAt,
  });
}

/** One endpoint per receiver, through the service as the API creates them; their secrets. */
async function createEndpoints(app: NestFastifyApplication, ports: number[]): Promise<string[]> {
  const secrets: string[] = [];
  for (const [i, port] of ports.entries()) {
    const created = await app.get(WebhookEndpoints).create(
      {
        url: `http://127.0.0.1:${port}/hooks`,
        description: `Bench ${i}`,
        eventTypes: EVENT_TYPES,
      },
      null,
    );
    secrets.push(created.secret);
  }
  return secrets;
}

/** The messages of these events as the app builds them (its own builder, from the rows). */
async function messageBodies(app: NestFastifyApplication, events: LoggedEvent[]) {
  const manager = app.get(DataSource).manager;
  const bodies: { id: string; body: string }[] = [];
  for (let offset = 0; offset < events.length; offset += 1000) {
    const chunk = events.slice(offset, offset + 1000);
    const messages = await buildWebhookMessages(
      manager,
      chunk.map((event) => ({ eventId: event.id, type: publicTypeOf(event.type) as never })),
    );
    for (const event of chunk) {
      const message = messages.get(event.id);
      if (!message) throw new Error(`event ${event.id} built no message`);
      bodies.push({ id: message.id, body: JSON.stringify(message) });
    }
  }
  return bodies;
}

/** How the deliveries ended, by the app's own log (retries and failures should be none). */
async function deliveryLog(db: PgPool) {
  const { rows } = await db.query<{ status: string; n: number; retried: number }>(
    `SELECT status, count(*)::int AS n, count(*) FILTER (WHERE attempts > 1)::int AS retried
     FROM webhook_deliveries GROUP BY status ORDER BY status`,
  );
  return Object.fromEntries(
    rows.map((row) => [row.status, { count: row.n, retried: row.retried }]),
  );
}

/** Every sample must verify with its endpoint's secret, as a receiver would check it. */
function verifySamples(collected: Collected, secrets: string[]) {
  for (const sample of collected.samples) {
    new Webhook(secrets[sample.receiver]).verify(sample.body, sample.headers);
  }
}

async function candor(place: BenchPlace, receivers: Receivers) {
  const { app, databaseUrl } = await startBenchApp(place, 'webhooks', {
    WEBHOOK_ALLOW_PRIVATE: '127.0.0.1',
  });
  const db = new PgPool({ connectionString: databaseUrl, max: 4 });
  try {
    process.stderr.write('  seeding 30,000 answers and 3,000 cases…\n');
    await seedScale(app, { responses: 30_000, cases: 3_000, days: 30 });
    const source = new EventSource(await seededRows(db));
    const secrets = await createEndpoints(app, receivers.ports);
    await burst(db, receivers, source, WARM_UP_EVENTS);
    // As autovacuum would have on a system that has been running: the seed's VACUUM ANALYZE
    // found no deliveries, and with that PostgreSQL plans every claim as a scan and sort of the
    // whole table (BENCH_FRESH_STATISTICS=1 measures that first burst after an install).
    if (!process.env.BENCH_FRESH_STATISTICS) {
      await db.query('ANALYZE webhook_deliveries, webhook_endpoints');
    }
    process.stderr.write(`  burst: ${EVENTS} events…\n`);
    const measured = await burst(db, receivers, source, EVENTS);
    verifySamples(measured.collected, secrets);
    process.stderr.write(`  burst: ${JSON.stringify(measured.result)}\n`);
    process.stderr.write(`  stream: ${PACED_EVENTS} events at ${PACED_RATE}/s…\n`);
    const stream = await paced(db, receivers, source);
    process.stderr.write(`  stream: ${JSON.stringify(stream)}\n`);
    const peakRssMiB = place.peakRssMiB();
    const log = await deliveryLog(db);
    const bodies = await messageBodies(app, measured.events);
    return { burst: measured.result, stream, log, peakRssMiB, secrets, bodies };
  } finally {
    await db.end();
    await app.close();
    await dropDatabase(place.serverUrl, databaseUrl);
  }
}

/**
 * The bare loop: `IN_FLIGHT` senders over one undici Pool per receiver (keep-alive, connections
 * as many as needed), each signing a message at send time and posting it; answers deliveries/s.
 */
async function baseline(
  receivers: Receivers,
  secrets: string[],
  bodies: { id: string; body: string }[],
): Promise<{ deliveredPerSecond: number; cpu: CpuPerDelivery }> {
  const pools = receivers.ports.map((port) => new Pool(`http://127.0.0.1:${port}`));
  const signers = secrets.map((secret) => new Webhook(secret));
  const post = async (receiver: number, id: string, body: string) => {
    const at = new Date();
    const { statusCode, body: answer } = await pools[receiver].request({
      path: '/hooks',
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Candor-Webhooks/1',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': signers[receiver].sign(id, at, body),
      },
      body,
    });
    await answer.dump();
    if (statusCode !== 204) throw new Error(`receiver ${receiver} answered ${statusCode}`);
  };
  const sendAll = async (messages: { id: string; body: string }[]) => {
    const deliveries = messages.flatMap(({ id, body }) => pools.map((_, r) => ({ r, id, body })));
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < deliveries.length) {
          const { r, id, body } = deliveries[next++];
          await post(r, id, body);
        }
      }),
    );
    return deliveries.length;
  };
  try {
    const warmUp = bodies
      .slice(0, WARM_UP_EVENTS)
      .map(({ id, body }) => ({ id: `warm_${id}`, body }));
    await sendAll(warmUp);
    await receivers.take();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const sent = await sendAll(bodies);
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const keys = new Set(bodies.flatMap(({ id }) => receivers.ports.map((_, r) => `${r}:${id}`)));
    verifySamples(await receivers.collect(keys, 60_000), secrets);
    return {
      deliveredPerSecond: Math.round(sent / seconds),
      cpu: { nodeUs: Math.round((cpu.user + cpu.system) / sent) },
    };
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
  }
}

/** On a server named by DATABASE_URL, this run's database goes (the embedded one goes whole). */
async function dropDatabase(serverUrl: string, databaseUrl: string): Promise<void> {
  if (!process.env.DATABASE_URL) return;
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const name = new URL(databaseUrl).pathname.slice(1);
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

runBench(async (place) => {
  process.stderr.write(`bench:webhooks — ${EVENTS} events to 3 endpoints\n`);
  const receivers = await Receivers.start(3);
  try {
    const ours = await candor(place, receivers);
    process.stderr.write(`  baseline: ${ours.bodies.length * 3} posts, ${IN_FLIGHT} in flight…\n`);
    const bare = await baseline(receivers, ours.secrets, ours.bodies);
    const ratio = Number((ours.burst.deliveredPerSecond / bare.deliveredPerSecond).toFixed(3));
    console.log(
      JSON.stringify({
        events: EVENTS,
        endpoints: 3,
        inFlight: IN_FLIGHT,
        candor: ours.burst,
        stream: { events: PACED_EVENTS, eventsPerSecond: PACED_RATE, ...ours.stream },
        baseline: bare,
        ratio,
        deliveryLog: ours.log,
        goalMet: ratio >= GOAL.ratio && ours.stream.latencyMs.p95 <= GOAL.p95Ms,
        peakRssMiB: ours.peakRssMiB,
      }),
    );
  } finally {
    await receivers.stop();
  }
});

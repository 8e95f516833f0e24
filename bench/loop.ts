/**
 * `npm run bench:loop`: the loop's first turn under a steady stream of unhappy customers. 2,000
 * identified, dissatisfied answers arrive at 100 a second through the real `POST /s/{token}` of a
 * `ROLE=api` app; a separate `ROLE=worker` process (the built `dist/src/main.js`) turns each into a
 * follow-up case and a thank-you email. For every answer it measures the time until its case is
 * claimable (visible in `follow_up_cases`, polled every 50 ms) and until its thank-you is accepted
 * by the SMTP sink, and it samples the job backlog. The baseline, at the same rate and with the
 * same load generator: Fastify + a pg insert per request, then nodemailer into the same kind of
 * sink, in one process. Prints percentiles, the backlog's peak and its size at the end of the
 * stream, the completion rates and their ratio, and the peak RSS of the app's process.
 */
import Fastify from 'fastify';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTransport } from 'nodemailer';
import { Pool } from 'pg';
import {
  benchDatabase,
  type BenchPlace,
  currentConsentText,
  inviteCustomers,
  runBench,
  startBenchApp,
} from './support';
import { DEFAULT_SMTP_CONNECTIONS } from '../src/config/environment';
import { ApiKeysService } from '../src/modules/api-keys/api-keys.service';
import { DEMO_SURVEY } from '../src/modules/demo/demo-survey';
import { MailCatcher } from '../src/modules/mail-transport/mail-catcher';
import { SurveysService } from '../src/modules/surveys/surveys.service';

const ANSWERS = Number(process.env.BENCH_ANSWERS ?? 2000);
const RATE = Number(process.env.BENCH_RATE ?? 100);
const THANK_YOU = 'Thank you: we will be in touch';

interface LoopResult {
  caseMs: Percentiles;
  emailMs: Percentiles;
  /** Answers fully done (case and email) per second, from the first answer to the last done. */
  donePerSecond: number;
  peakBacklog: number;
  backlogAtLastAnswer: number;
}

interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.floor(q * (sorted.length - 1))]);
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) };
}

/** Calls `send(i)` for i in 0..count-1 at `RATE` a second on a fixed schedule (no catch-up bursts). */
async function steady(count: number, send: (i: number) => Promise<void>): Promise<number[]> {
  const sentAt: number[] = [];
  const started = Date.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / RATE;
    if (due > Date.now()) await sleep(due - Date.now());
    sentAt[i] = Date.now();
    inFlight.push(send(i));
  }
  await Promise.all(inFlight);
  return sentAt;
}

async function baseline(serverUrl: string, sink: MailCatcher): Promise<LoopResult> {
  const databaseUrl = await benchDatabase(serverUrl, 'loop_baseline');
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  await pool.query(
    'CREATE TABLE IF NOT EXISTS answers (id bigserial PRIMARY KEY, body jsonb NOT NULL, at timestamptz NOT NULL DEFAULT now())',
  );
  const transport = createTransport({
    url: sink.url,
    pool: true,
    maxConnections: DEFAULT_SMTP_CONNECTIONS, // as many as Candor's worker
  } as never);
  const app = Fastify();
  app.post<{ Params: { i: string } }>('/answers/:i', async (request, reply) => {
    await pool.query('INSERT INTO answers (body) VALUES ($1)', [JSON.stringify(request.body)]);
    // What a worker would do next, with no queue in between: the floor for "answer to email".
    void transport.sendMail({
      from: 'bench@example.com',
      to: `loop${request.params.i}@example.com`,
      subject: THANK_YOU,
      text: 'Thank you for telling us honestly how it went.',
    });
    return reply.status(201).send({ status: 'answered' });
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const inserted = new Map<number, number>();
  try {
    const sentAt = await steady(ANSWERS, async (i) => {
      const response = await fetch(`${url}/answers/${i}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(answer('baseline')),
      });
      if (response.status !== 201) throw new Error(`baseline answered ${response.status}`);
      inserted.set(i, Date.now());
    });
    const emailed = await emailTimes(sink, 'loop');
    return summarise(sentAt, inserted, emailed, { peak: 0, atLastAnswer: 0 });
  } finally {
    await app.close();
    transport.close();
    await pool.end();
  }
}

async function candor(place: BenchPlace, sink: MailCatcher): Promise<LoopResult> {
  const { app, config, databaseUrl } = await startBenchApp(place, 'loop', {
    ROLE: 'api',
    SMTP_URL: sink.url,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const db = new Pool({ connectionString: databaseUrl, max: 2 });
  const port = await freePort();
  const worker = startWorker({
    NODE_ENV: 'development',
    ROLE: 'worker',
    DATABASE_URL: databaseUrl,
    SMTP_URL: sink.url,
    TOKEN_SECRET: config.tokenSecret,
    SESSION_SECRET: config.sessionSecret,
    PUBLIC_BASE_URL: config.publicBaseUrl,
    DATA_DIR: join(place.dataDir, 'worker'),
    PORT: String(port),
    LOG_LEVEL: 'warn',
    MAIL_SEND_RATE: '500',
  });
  try {
    const base = await app.getUrl();
    const key = (await app.get(ApiKeysService).createApiKey('bench')).secret;
    await app.get(SurveysService).createSurvey(DEMO_SURVEY);
    const invited = await inviteCustomers(base, key, config.tokenSecret, ANSWERS, 'loop');
    const consentText = await currentConsentText(databaseUrl);
    // The invitations go out first, so the stream below is measured on its own.
    process.stderr.write('  waiting for the worker to send the invitations…\n');
    await until(
      () => sink.messages().length >= ANSWERS,
      300_000,
      () => worker.output(),
    );

    const cases = new Map<number, number>();
    const indexOf = new Map(invited.map(({ id }, i) => [id, i]));
    const backlog = { peak: 0, atLastAnswer: 0, current: 0 };
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const { rows } = await db.query<{ invitation_id: string }>(
          'SELECT invitation_id FROM follow_up_cases',
        );
        const now = Date.now();
        for (const row of rows) {
          const i = indexOf.get(row.invitation_id);
          if (i !== undefined && !cases.has(i)) cases.set(i, now);
        }
        const { rows: waiting } = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pgboss.job
           WHERE name IN ('response.dissatisfied', 'email.send') AND state IN ('created', 'retry', 'active')`,
        );
        backlog.current = waiting[0].n;
        backlog.peak = Math.max(backlog.peak, backlog.current);
        await sleep(50);
      }
    })();
    const sentAt = await steady(ANSWERS, async (i) => {
      const response = await fetch(`${base}/s/${invited[i].token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(answer(consentText)),
      });
      if (response.status !== 201) {
        throw new Error(`answer ${i} answered ${response.status}: ${await response.text()}`);
      }
    });
    backlog.atLastAnswer = backlog.current;
    await until(
      () =>
        cases.size >= ANSWERS &&
        sink.messages().filter((m) => m.subject === THANK_YOU).length >= ANSWERS,
      300_000,
      () => `${cases.size} cases; ${worker.output()}`,
    );
    watching = false;
    await watcher;
    const emailed = await emailTimes(sink, 'answer', THANK_YOU);
    return summarise(sentAt, cases, emailed, backlog);
  } finally {
    await worker.stop();
    await db.end();
    await app.close();
  }
}

/** Per answer index, when the sink accepted its email (`<prefix><i>@example.com`). */
async function emailTimes(
  sink: MailCatcher,
  prefix: string,
  subject = THANK_YOU,
): Promise<Map<number, number>> {
  await until(
    () => sink.messages().filter((m) => m.subject === subject).length >= ANSWERS,
    300_000,
    () => 'emails missing',
  );
  const times = new Map<number, number>();
  const pattern = new RegExp(`^${prefix}(\\d+)@example\\.com$`);
  for (const mail of sink.messages()) {
    const match = mail.subject === subject ? pattern.exec(mail.envelope.to[0] ?? '') : null;
    if (!match) continue;
    const i = Number(match[1]);
    const at = Date.parse(mail.receivedAt);
    times.set(i, Math.min(times.get(i) ?? at, at));
  }
  return times;
}

function summarise(
  sentAt: number[],
  caseAt: Map<number, number>,
  emailAt: Map<number, number>,
  backlog: { peak: number; atLastAnswer: number },
): LoopResult {
  const caseMs = sentAt.map((sent, i) => (caseAt.get(i) ?? NaN) - sent);
  const emailMs = sentAt.map((sent, i) => (emailAt.get(i) ?? NaN) - sent);
  const lastDone = Math.max(...caseAt.values(), ...emailAt.values());
  return {
    caseMs: percentiles(caseMs),
    emailMs: percentiles(emailMs),
    donePerSecond: Number((ANSWERS / ((lastDone - sentAt[0]) / 1000)).toFixed(1)),
    peakBacklog: backlog.peak,
    backlogAtLastAnswer: backlog.atLastAnswer,
  };
}

/** The answer sent: identified, unhappy, with a comment and preferences. */
function answer(consentText: string) {
  return {
    consent: 'identified',
    consentText,
    score: 1,
    comment: 'The room was cold and the bill was wrong.',
    preferences: [{ context: 'family_travel', channel: 'phone', contactTime: 'evening' }],
  };
}

async function until(done: () => boolean, timeoutMs: number, describe: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${describe()}`);
    await sleep(50);
  }
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The built app (`dist/src/main.js`) as a separate worker process. */
function startWorker(env: Record<string, string>) {
  // BENCH_WORKER_NODE_ARGS profiles the worker, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const nodeArgs = process.env.BENCH_WORKER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const main = join(__dirname, '..', 'src', 'main.js');
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, main], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return {
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

runBench(async (place) => {
  process.stderr.write(`bench:loop — ${ANSWERS} unhappy answers at ${RATE}/s\n`);
  const sink = new MailCatcher({ capacity: 3 * ANSWERS });
  await sink.start();
  try {
    const bare = await baseline(place.serverUrl, sink);
    process.stderr.write(`  baseline: email p95 ${bare.emailMs.p95} ms\n`);
    sink.clear();
    const ours = await candor(place, sink);
    console.log(
      JSON.stringify({
        answers: ANSWERS,
        ratePerSecond: RATE,
        candor: ours,
        baseline: bare,
        ratio: Number((ours.donePerSecond / bare.donePerSecond).toFixed(3)),
        peakRssMiB: place.peakRssMiB(),
      }),
    );
  } finally {
    await sink.stop();
  }
});

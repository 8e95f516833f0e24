/**
 * `npm run bench:ingest`: survey answers through the real `POST /s/{token}` path (identified,
 * dissatisfied, with preferences: consent event, response, preference profiles, the thank-you
 * email in the outbox and the `response.dissatisfied` event, all in one transaction), against the
 * same run's bare Fastify + pg single-row insert, with the same load generator. Prints both rates,
 * their ratio, latency percentiles and the peak RSS of this process (app and load generator).
 */
import Fastify from 'fastify';
import { Pool } from 'pg';
import {
  benchDatabase,
  type BenchPlace,
  currentConsentText,
  inviteCustomers,
  runBench,
  startBenchApp,
} from './support';
import { ApiKeysService } from '../src/modules/api-keys/api-keys.service';
import { DEMO_SURVEY } from '../src/modules/demo/demo-survey';
import { SurveysService } from '../src/modules/surveys/surveys.service';

const TOTAL = Number(process.env.BENCH_SUBMISSIONS ?? 5000);
/** Requests sent first and not measured, so neither run pays for warming up the JIT. */
const WARM_UP = 500;
/** Requests in flight, for both runs. */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

interface RunResult {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Sends `WARM_UP` requests unmeasured, then `TOTAL` measured, `CONCURRENCY` at a time; every
 * answer must have `expected` status. `request(i)` gets a distinct `i` for each of them.
 */
async function load(
  request: (i: number) => Promise<Response>,
  expected: number,
): Promise<RunResult> {
  await run(request, expected, 0, WARM_UP);
  return run(request, expected, WARM_UP, WARM_UP + TOTAL);
}

async function run(
  request: (i: number) => Promise<Response>,
  expected: number,
  from: number,
  to: number,
): Promise<RunResult> {
  const latencies: number[] = [];
  let next = from;
  const started = performance.now();
  const lane = async () => {
    for (let i = next++; i < to; i = next++) {
      const sent = performance.now();
      const response = await request(i);
      if (response.status !== expected) {
        throw new Error(`request ${i} answered ${response.status}: ${await response.text()}`);
      }
      await response.arrayBuffer();
      latencies.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Number(latencies[Math.floor(q * (latencies.length - 1))].toFixed(1));
  return { perSecond: (to - from) / seconds, p50Ms: at(0.5), p99Ms: at(0.99) };
}

/** Fastify and a pool-backed single-row insert of the same JSON body: the floor for any write. */
async function baseline(serverUrl: string): Promise<RunResult> {
  const databaseUrl = await benchDatabase(serverUrl, 'ingest_baseline');
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  await pool.query(
    'CREATE TABLE IF NOT EXISTS answers (id bigserial PRIMARY KEY, body jsonb NOT NULL, at timestamptz NOT NULL DEFAULT now())',
  );
  const app = Fastify();
  app.post('/answers', async (request, reply) => {
    await pool.query('INSERT INTO answers (body) VALUES ($1)', [JSON.stringify(request.body)]);
    return reply.status(201).send({ status: 'answered' });
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    return await load(
      () =>
        fetch(`${url}/answers`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(answer('00000000-0000-0000-0000-000000000000')),
        }),
      201,
    );
  } finally {
    await app.close();
    await pool.end();
  }
}

async function candor(place: BenchPlace): Promise<RunResult> {
  const { app, config, databaseUrl } = await startBenchApp(
    place,
    'ingest',
    // The HTTP path alone: no worker sending the thank-you emails meanwhile.
    { ROLE: 'api' },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const base = await app.getUrl();
    const key = (await app.get(ApiKeysService).createApiKey('bench')).secret;
    await app.get(SurveysService).createSurvey(DEMO_SURVEY);
    const invited = await inviteCustomers(base, key, config.tokenSecret, WARM_UP + TOTAL, 'ingest');
    const tokens = invited.map(({ token }) => token);
    const consentText = await currentConsentText(databaseUrl);
    return await load(
      (i) =>
        fetch(`${base}/s/${tokens[i]}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(answer(consentText)),
        }),
      201,
    );
  } finally {
    await app.close();
  }
}

/** The answer both runs send: identified, unhappy, with a comment and preferences. */
function answer(consentText: string) {
  return {
    consent: 'identified',
    consentText,
    score: 1,
    answers: { what_went_wrong: ['room', 'billing'] },
    comment: 'The room was cold and the bill was wrong.',
    preferences: [
      { context: 'family_travel', channel: 'phone', contactTime: 'evening', interests: ['kids'] },
    ],
  };
}

runBench(async (place) => {
  const { serverUrl, peakRssMiB } = place;
  process.stderr.write(`bench:ingest — ${TOTAL} answers, ${CONCURRENCY} in flight\n`);
  const bare = await baseline(serverUrl);
  process.stderr.write(`  baseline (Fastify + pg insert): ${bare.perSecond.toFixed(0)}/s\n`);
  const ours = await candor(place);
  console.log(
    JSON.stringify({
      submissions: TOTAL,
      concurrency: CONCURRENCY,
      candorPerSecond: Math.round(ours.perSecond),
      baselinePerSecond: Math.round(bare.perSecond),
      ratio: Number((ours.perSecond / bare.perSecond).toFixed(3)),
      candorP50Ms: ours.p50Ms,
      candorP99Ms: ours.p99Ms,
      baselineP50Ms: bare.p50Ms,
      baselineP99Ms: bare.p99Ms,
      peakRssMiB: peakRssMiB(),
    }),
  );
});

/**
 * `npm run bench:reports`: p50/p95 latency of `GET /api/v1/reports/summary`, `/timeseries`, the
 * per-question results (`/questions`) and the responses explorer's search
 * (`GET /api/v1/responses/identified?q=`, a manager's session) over real HTTP, on a database
 * seeded by `seedScale` with 100,000 answers (10,000 cases) and
 * then one with 1,000,000 (100,000 cases), both spread over a year. The target: p95 at 1M at most
 * twice p95 at 100k. A bare Fastify route answering one `SELECT 1` gives the floor of the same
 * run. Prints the figures as JSON, with the peak RSS.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Fastify from 'fastify';
import { Pool } from 'pg';
import { ApiKeysService } from '../src/modules/api-keys/api-keys.service';
import { UsersService } from '../src/modules/users/users.service';
import { seedScale } from '../src/modules/demo/scale-seed';
import { ReportRollups } from '../src/modules/reports/report-rollups';
import { benchDatabase, type BenchPlace, runBench, startBenchApp } from './support';

const SCALES = (process.env.BENCH_SCALES ?? '100000,1000000').split(',').map(Number);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const WARM_UP = 20;

/** What the dashboard asks for, and a year by month; asked with an API key. */
const QUERIES = {
  summary: '/api/v1/reports/summary',
  timeseriesDay: '/api/v1/reports/timeseries?metric=csatMean&interval=day',
  timeseriesMonth: `/api/v1/reports/timeseries?metric=responseRate&interval=month&from=${yearAgo()}`,
  // The per-question results page: the last 31 days by day, and a year by week.
  questions: '/api/v1/reports/questions?survey=stay',
  questionsYear: `/api/v1/reports/questions?survey=stay&from=${yearAgo()}`,
};

/**
 * The explorer's search, asked by a manager signed in (it takes no API key): a word in three
 * comments of ten (the seed writes "Scale comment n"), and one in none.
 */
const SESSION_QUERIES = {
  explorerSearch: '/api/v1/responses/identified?q=comment',
  explorerSearchNone: '/api/v1/responses/identified?q=radiator',
};

type Latency = { p50: number; p95: number };

function yearAgo(): string {
  return new Date(Date.now() - 365 * 24 * 3600 * 1000).toISOString();
}

function percentiles(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (share: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))];
  return { p50: Number(at(0.5).toFixed(2)), p95: Number(at(0.95).toFixed(2)) };
}

/** Sequential requests, one at a time: latency, not throughput. */
async function measure(url: string, headers: Record<string, string>): Promise<Latency> {
  const samples: number[] = [];
  for (let i = 0; i < WARM_UP + REQUESTS; i += 1) {
    const started = performance.now();
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    if (i >= WARM_UP) samples.push(performance.now() - started);
  }
  return percentiles(samples);
}

async function baseline(place: BenchPlace): Promise<Latency> {
  const pool = new Pool({
    connectionString: await benchDatabase(place.serverUrl, 'reports_floor'),
  });
  const server = Fastify();
  server.get('/', async () => (await pool.query('SELECT 1 AS one')).rows[0]);
  const address = await server.listen({ port: 0, host: '127.0.0.1' });
  try {
    return await measure(address, {});
  } finally {
    await server.close();
    await pool.end();
  }
}

async function atScale(place: BenchPlace, responses: number) {
  const { app } = await startBenchApp(place, `reports_${responses}`, { ROLE: 'api' });
  try {
    const started = performance.now();
    const seeded = await seedScale(app, {
      responses,
      cases: responses / 10,
      days: 365,
      onProgress: (step, done, total) => {
        if (done === total) process.stderr.write(`    ${step}: ${total.toLocaleString('en')}\n`);
      },
    });
    await app.get(ReportRollups).refresh();
    const seedSeconds = (performance.now() - started) / 1000;
    const { secret } = await app.get(ApiKeysService).createApiKey('bench');
    await app.listen(0, '127.0.0.1');
    const base = await app.getUrl();
    const headers = { authorization: `Bearer ${secret}` };
    const latency: Record<string, Latency> = {};
    for (const [name, path] of Object.entries(QUERIES)) {
      latency[name] = await measure(`${base}${path}`, headers);
    }
    const cookie = await managerSession(app, base);
    for (const [name, path] of Object.entries(SESSION_QUERIES)) {
      latency[name] = await measure(`${base}${path}`, { cookie });
    }
    return { seeded, seedSeconds: Math.round(seedSeconds), latency };
  } finally {
    await app.close();
  }
}

/** A manager signed in: the session cookie. */
async function managerSession(app: NestFastifyApplication, base: string): Promise<string> {
  const { user, password } = await app
    .get(UsersService)
    .createUser({ email: 'bench.manager@candor.localhost', name: 'Bench', role: 'manager' });
  const response = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email: user.email, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in answered ${response.status}`);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

runBench(async (place) => {
  process.stderr.write(`bench:reports — ${REQUESTS} sequential requests per query\n`);
  const floor = await baseline(place);
  process.stderr.write(
    `  floor (bare Fastify + SELECT 1): p50 ${floor.p50} ms, p95 ${floor.p95} ms\n`,
  );
  const results: Record<string, Awaited<ReturnType<typeof atScale>>> = {};
  for (const responses of SCALES) {
    process.stderr.write(`  seeding ${responses.toLocaleString('en')} answers\n`);
    results[responses] = await atScale(place, responses);
    process.stderr.write(`  ${JSON.stringify(results[responses].latency)}\n`);
  }
  const [small, large] = SCALES;
  const growth =
    large === undefined
      ? {}
      : Object.fromEntries(
          [...Object.keys(QUERIES), ...Object.keys(SESSION_QUERIES)].map((name) => [
            name,
            Number(
              (results[large].latency[name].p95 / results[small].latency[name].p95).toFixed(2),
            ),
          ]),
        );
  console.log(
    JSON.stringify({
      requests: REQUESTS,
      floor,
      scales: results,
      p95GrowthLargeOverSmall: growth,
      peakRssMiB: place.peakRssMiB(),
    }),
  );
});

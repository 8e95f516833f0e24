/**
 * `npm run bench:queue`: p50/p95 of the agents' queue over real HTTP with a signed-in session, on
 * a database seeded by `seedScale` (1,000,000 answers, about 100,000 cases over a year): each
 * view, search by email, by name and by a word of the comment, and the case page. First one
 * request at a time, then 20 agents at once (each a session of its own, looping over the same
 * mix without pause: the server's capacity), then 20 agents at a person's pace (each polling the
 * live part every 3 s and clicking every 1–3 s). The floor is a bare Fastify route answering one
 * `SELECT 1`, measured the first two ways in the same run. Goal: p95 ≤ 100 ms with 20 agents at
 * work. Prints JSON with the peak RSS.
 *
 * `BENCH_RESPONSES` seeds fewer answers; `BENCH_QUEUE_DATABASE_URL` reuses a database already
 * seeded and migrated (no seed, no floor database: for trying an index).
 */
import Fastify from 'fastify';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory';
import { createLogger } from '../src/common/logging/logger';
import { loadConfig } from '../src/config/app-config';
import { runPendingMigrations } from '../src/database/migrations';
import { seedScale } from '../src/modules/demo/scale-seed';
import { UsersService } from '../src/modules/users/users.service';
import { benchDatabase, type BenchPlace, runBench, startBenchApp } from './support';

const RESPONSES = Number(process.env.BENCH_RESPONSES ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 40);
const AGENTS = 20;
/** Requests per agent in the concurrent run. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** How long the agents work at a person's pace. */
const PACED_SECONDS = Number(process.env.BENCH_PACED_SECONDS ?? 60);
/** The console's live refresh (htmx polls the queue's live part this often). */
const POLL_MS = 3_000;
/** An agent's pause between two clicks: 1 to 3 seconds, a brisk person reading little. */
const THINK_MS = { least: 1_000, most: 3_000 };

type Latency = { p50: number; p95: number; max: number };

function percentiles(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (share: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))];
  const round = (n: number) => Number(n.toFixed(1));
  return { p50: round(at(0.5)), p95: round(at(0.95)), max: round(sorted.at(-1)!) };
}

async function timed(url: string, headers: Record<string, string>): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, { headers, redirect: 'manual' });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return performance.now() - started;
}

/** What an agent asks for: the six views, three searches, a case page. */
interface Agent {
  cookie: string;
  paths: Record<string, string>;
}

/** Every path one at a time, `REQUESTS` times each (after two unmeasured), by the first agent. */
async function sequential(base: string, agent: Agent): Promise<Record<string, Latency>> {
  const latency: Record<string, Latency> = {};
  for (const [name, path] of Object.entries(agent.paths)) {
    const samples: number[] = [];
    for (let i = 0; i < REQUESTS + 2; i += 1) {
      const ms = await timed(`${base}${path}`, { cookie: agent.cookie });
      if (i >= 2) samples.push(ms);
    }
    latency[name] = percentiles(samples);
  }
  return latency;
}

/** Every agent at once, each through its whole mix `ROUNDS` times without pause. */
async function concurrent(base: string, agents: Agent[]) {
  const byName = new Map<string, number[]>();
  const all: number[] = [];
  const started = performance.now();
  await Promise.all(
    agents.map(async (agent, a) => {
      const names = Object.keys(agent.paths);
      for (let i = 0; i < ROUNDS * names.length; i += 1) {
        // Each agent starts at another point of the mix, so the views are asked at once.
        const name = names[(i + a) % names.length];
        const ms = await timed(`${base}${agent.paths[name]}`, { cookie: agent.cookie });
        all.push(ms);
        byName.set(name, [...(byName.get(name) ?? []), ms]);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    overall: percentiles(all),
    perSecond: Math.round(all.length / seconds),
    byName: Object.fromEntries([...byName].map(([name, samples]) => [name, percentiles(samples)])),
  };
}

/**
 * Every agent at a person's pace for `PACED_SECONDS`: their open queue polls its live part every
 * 3 s, as the console does, while they click through the rest of the mix with 1–3 s between an
 * answer and the next click. What 20 agents at work ask of the server (about 20 requests a
 * second), where `concurrent` is 20 requests always in flight (a load no 20 people make).
 */
async function paced(base: string, agents: Agent[]) {
  const byName = new Map<string, number[]>();
  const record = (name: string, ms: number) => byName.set(name, [...(byName.get(name) ?? []), ms]);
  const started = performance.now();
  const until = started + PACED_SECONDS * 1000;
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const work = async (agent: Agent, a: number) => {
    const clicks = Object.keys(agent.paths).filter((name) => name !== 'live_refresh');
    // Agents sit down over the first think time, not all in the same millisecond.
    await pause((a / agents.length) * THINK_MS.most);
    for (let i = a; performance.now() < until; i += 1) {
      const name = clicks[i % clicks.length];
      record(name, await timed(`${base}${agent.paths[name]}`, { cookie: agent.cookie }));
      await pause(THINK_MS.least + Math.random() * (THINK_MS.most - THINK_MS.least));
    }
  };
  const poll = async (agent: Agent, a: number) => {
    await pause((a / agents.length) * POLL_MS);
    while (performance.now() < until) {
      const asked = performance.now();
      record(
        'live_refresh',
        await timed(`${base}${agent.paths.live_refresh}`, { cookie: agent.cookie }),
      );
      await pause(Math.max(0, POLL_MS - (performance.now() - asked)));
    }
  };
  await Promise.all(agents.flatMap((agent, a) => [work(agent, a), poll(agent, a)]));
  const all = [...byName.values()].flat();
  const seconds = (performance.now() - started) / 1000;
  return {
    overall: percentiles(all),
    perSecond: Math.round(all.length / seconds),
    byName: Object.fromEntries([...byName].map(([name, samples]) => [name, percentiles(samples)])),
  };
}

/** The floor: bare Fastify and one `SELECT 1`, measured the same two ways. */
async function floor(place: BenchPlace) {
  const pool = new Pool({ connectionString: await benchDatabase(place.serverUrl, 'queue_floor') });
  const server = Fastify();
  server.get('/', async () => (await pool.query('SELECT 1 AS one')).rows[0]);
  const base = await server.listen({ port: 0, host: '127.0.0.1' });
  try {
    const agent = { cookie: '', paths: { select1: '/' } };
    const agents = Array.from({ length: AGENTS }, () => ({
      cookie: '',
      paths: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`select1-${i}`, '/'])),
    }));
    return {
      sequential: (await sequential(base, agent)).select1,
      concurrent: (await concurrent(base, agents)).overall,
    };
  } finally {
    await server.close();
    await pool.end();
  }
}

/** The app on a seeded database: this run's own, or the one `BENCH_QUEUE_DATABASE_URL` names. */
async function seededApp(place: BenchPlace) {
  const reuse = process.env.BENCH_QUEUE_DATABASE_URL;
  if (!reuse) {
    const { app } = await startBenchApp(place, 'queue', { ROLE: 'api' });
    const seeded = await seedScale(app, {
      responses: RESPONSES,
      cases: RESPONSES / 10,
      days: 365,
      onProgress: (step, done, total) => {
        if (done === total) process.stderr.write(`    ${step}: ${total.toLocaleString('en')}\n`);
      },
    });
    return { app, seeded };
  }
  await runPendingMigrations(reuse);
  const config = loadConfig({
    NODE_ENV: 'development',
    DATABASE_URL: reuse,
    DATA_DIR: place.dataDir,
    LOG_LEVEL: 'warn',
    ROLE: 'api',
  });
  const app = await createApp({ config, databaseUrl: reuse }, createLogger('warn'));
  return { app, seeded: null };
}

/**
 * `AGENTS` agents of the seed's two teams, signed in, each owning a share of the seed agents'
 * cases (so "Mine" holds what a seed agent's does), with the paths each will ask for.
 */
async function agentsOf(
  app: Awaited<ReturnType<typeof seededApp>>['app'],
  base: string,
): Promise<Agent[]> {
  const db = app.get(DataSource);
  const users = app.get(UsersService);
  const run = Date.now().toString(36);
  const made: { id: string; email: string; password: string; team: string }[] = [];
  for (let i = 0; i < AGENTS; i += 1) {
    const team = i % 2 === 0 ? 'Customer Care' : 'Billing';
    const email = `queue.bench.${run}.${i}@candor.localhost`;
    const { user, password } = await users.createUser({
      email,
      name: `Queue agent ${i}`,
      role: 'agent',
      team,
    });
    made.push({ id: user.id, email, password, team: user.teamId! });
  }
  // The seed agents' cases, dealt to the bench's agents of the same team.
  await db.query(
    `WITH mine AS (
       SELECT u.team_id, array_agg(u.id ORDER BY u.id) AS ids FROM users u
       WHERE u.id = ANY($1::uuid[]) GROUP BY u.team_id
     )
     UPDATE follow_up_cases c SET assignee_id = mine.ids[1 + abs(hashtext(c.id::text)) % array_length(mine.ids, 1)]
     FROM mine WHERE c.team_id = mine.team_id AND c.assignee_id IS NOT NULL`,
    [made.map((agent) => agent.id)],
  );
  await db.query('VACUUM ANALYZE follow_up_cases');
  const agents: Agent[] = [];
  for (const agent of made) {
    const response = await fetch(`${base}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: agent.email, password: agent.password }),
    });
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
    // Someone in the agent's scope to look up, with a comment, and one of their open cases.
    const [target] = await db.query<{ id: string; email: string; name: string; comment: string }[]>(
      `SELECT c.id, cu.email, cu.name, r.comment FROM follow_up_cases c
       JOIN customers cu ON cu.id = c.customer_id JOIN responses r ON r.id = c.response_id
       WHERE c.team_id = $1 AND c.status = 'open' AND r.comment IS NOT NULL
       ORDER BY c.created_at DESC LIMIT 1 OFFSET $2`,
      [agent.team, agents.length],
    );
    agents.push({
      cookie,
      paths: {
        waiting_on_me: '/console/cases?view=waiting_on_me',
        waiting_on_customer: '/console/cases?view=waiting_on_customer',
        team_unassigned: '/console/cases?view=team_unassigned',
        team_in_progress: '/console/cases?view=team_in_progress',
        overdue: '/console/cases?view=overdue',
        recently_closed: '/console/cases?view=recently_closed',
        live_refresh: '/console/cases/live?view=team_unassigned',
        search_email: `/console/cases?q=${encodeURIComponent(target.email)}`,
        search_name: `/console/cases?q=${encodeURIComponent(target.name)}`,
        search_comment: `/console/cases?q=${encodeURIComponent(target.comment.split(' ').slice(0, 3).join(' '))}`,
        case_page: `/console/cases/${target.id}`,
      },
    });
  }
  return agents;
}

runBench(async (place) => {
  process.stderr.write(
    `bench:queue — ${AGENTS} agents, ${REQUESTS} sequential requests per path\n`,
  );
  const base = await floor(place);
  process.stderr.write(`  floor (bare Fastify + SELECT 1): ${JSON.stringify(base)}\n`);
  const started = performance.now();
  const { app, seeded } = await seededApp(place);
  try {
    const seedSeconds = Math.round((performance.now() - started) / 1000);
    await app.listen(0, '127.0.0.1');
    const url = await app.getUrl();
    const agents = await agentsOf(app, url);
    const [{ cases }] = await app
      .get(DataSource)
      .query<{ cases: number }[]>('SELECT count(*)::int AS cases FROM follow_up_cases');
    process.stderr.write(`  ${cases.toLocaleString('en')} cases; measuring one at a time\n`);
    const oneAtATime = await sequential(url, agents[0]);
    process.stderr.write(`  ${JSON.stringify(oneAtATime)}\n  ${AGENTS} agents at once\n`);
    const atOnce = await concurrent(url, agents);
    process.stderr.write(
      `  ${JSON.stringify(atOnce)}\n  ${AGENTS} agents at work for ${PACED_SECONDS} s\n`,
    );
    const atWork = await paced(url, agents);
    const ratio = (candor: number, floorMs: number) => Number((floorMs / candor).toFixed(3));
    console.log(
      JSON.stringify({
        cases,
        seeded,
        seedSeconds,
        floor: base,
        sequential: oneAtATime,
        concurrent: atOnce,
        paced: atWork,
        // The floor's p95 over Candor's: how close the queue comes to a bare round trip.
        ratioP95: {
          sequential: ratio(
            Math.max(...Object.values(oneAtATime).map((l) => l.p95)),
            base.sequential.p95,
          ),
          concurrent: ratio(atOnce.overall.p95, base.concurrent.p95),
        },
        // Judged at a person's pace: 20 requests always in flight is the server's capacity.
        goalMet: atWork.overall.p95 <= 100,
        peakRssMiB: place.peakRssMiB(),
      }),
    );
  } finally {
    await app.close();
  }
});

/**
 * `npm run bench:claim`: claims per second with 20 agents claiming at once through the real
 * `CasesService.claimNext` (queue order, team scope, the claim and its timeline event in one
 * statement), against the same run's bare `FOR UPDATE SKIP LOCKED` update loop on a table of the
 * same shape. Prints both rates, their ratio and the peak RSS.
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { UserPrincipal } from '../src/common/auth/principal';
import { CasesService } from '../src/modules/cases/cases.service';
import { DEMO_SURVEY } from '../src/modules/demo/demo-survey';
import { SurveysService } from '../src/modules/surveys/surveys.service';
import { UsersService } from '../src/modules/users/users.service';
import { benchDatabase, type BenchPlace, runBench, startBenchApp } from './support';

const CASES = Number(process.env.BENCH_CASES ?? 10_000);
const AGENTS = 20;

/** Every agent claims until the queue answers "none left"; answers claims per second. */
async function drain(claim: (agent: number) => Promise<boolean>): Promise<number> {
  let claims = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: AGENTS }, async (_, agent) => {
      while (await claim(agent)) claims += 1;
    }),
  );
  if (claims !== CASES) throw new Error(`${claims} claims for ${CASES} cases`);
  return CASES / ((performance.now() - started) / 1000);
}

/** The floor: the same queue shape, claimed by one bare UPDATE … SKIP LOCKED per call. */
async function baseline(serverUrl: string): Promise<number> {
  const pool = new Pool({
    connectionString: await benchDatabase(serverUrl, 'claim_baseline'),
    max: 10,
  });
  try {
    await pool.query(`DROP TABLE IF EXISTS queue`);
    await pool.query(
      `CREATE TABLE queue (id uuid PRIMARY KEY, status text NOT NULL, priority smallint NOT NULL,
         assignee uuid, version int NOT NULL DEFAULT 1, created_at timestamptz NOT NULL DEFAULT now())`,
    );
    await pool.query(
      `CREATE INDEX queue_open ON queue (priority, created_at) WHERE status = 'open'`,
    );
    await pool.query(
      `INSERT INTO queue (id, status, priority, created_at)
       SELECT gen_random_uuid(), 'open', 1 + (n % 2), now() + n * interval '1 ms'
       FROM generate_series(1, $1) AS n`,
      [CASES],
    );
    await pool.query('VACUUM ANALYZE queue'); // as for Candor's table below
    const agents = Array.from({ length: AGENTS }, () => randomUUID());
    return await drain(async (agent) => {
      const { rowCount } = await pool.query(
        `UPDATE queue SET status = 'assigned', assignee = $1, version = version + 1
         WHERE id = (SELECT id FROM queue WHERE status = 'open'
                     ORDER BY priority, created_at LIMIT 1 FOR UPDATE SKIP LOCKED)`,
        [agents[agent]],
      );
      return rowCount === 1;
    });
  } finally {
    await pool.end();
  }
}

async function candor(place: BenchPlace): Promise<number> {
  const { app } = await startBenchApp(place, 'claim', { ROLE: 'api' });
  try {
    const { version } = await app
      .get(SurveysService)
      .createSurvey(DEMO_SURVEY)
      .then(() => app.get(SurveysService).currentVersion('stay'));
    // Cases straight into the table: opening them is not what is measured.
    await app.get(DataSource).query(
      `WITH customers AS (
         INSERT INTO customers (external_id, email)
         SELECT 'claim-' || n, 'claim' || n || '@example.com' FROM generate_series(1, $1) AS n
         RETURNING id
       ),
       invitations AS (
         INSERT INTO invitations (id, customer_id, survey_version_id, token_hash, status, send_at, expires_at)
         SELECT gen_random_uuid(), id, $2, md5(id::text), 'answered', now(), now() + interval '14 days'
         FROM customers RETURNING id, customer_id
       )
       INSERT INTO follow_up_cases (id, source, invitation_id, customer_id, survey_version_id,
         priority, first_contact_due_at, resolution_due_at, created_at)
       SELECT gen_random_uuid(), 'contact_request', id, customer_id, $2, 1 + (row_number() OVER () % 2),
         now() + interval '1 day', now() + interval '10 days', now() + row_number() OVER () * interval '1 ms'
       FROM invitations`,
      [CASES, version.id],
    );
    // As autovacuum would have by the time a queue is this long: statistics and hint bits.
    await app.get(DataSource).query('VACUUM ANALYZE follow_up_cases');
    const users = app.get(UsersService);
    const agents: UserPrincipal[] = [];
    for (let i = 0; i < AGENTS; i++) {
      const { user } = await users.createUser({
        email: `agent${i}@bench.test`,
        name: `Agent ${i}`,
        role: 'agent',
        team: 'Customer Care',
      });
      agents.push({
        kind: 'user',
        name: 'Bench agent',
        userId: user.id,
        role: 'agent',
        teamId: user.teamId,
        sessionId: 'bench',
        csrfToken: 'bench',
      });
    }
    const cases = app.get(CasesService);
    return await drain(async (agent) => (await cases.claimNext(agents[agent])) !== null);
  } finally {
    await app.close();
  }
}

runBench(async (place) => {
  const { serverUrl, peakRssMiB } = place;
  process.stderr.write(`bench:claim — ${CASES} cases, ${AGENTS} agents claiming at once\n`);
  const bare = await baseline(serverUrl);
  process.stderr.write(`  baseline (bare SKIP LOCKED update): ${bare.toFixed(0)} claims/s\n`);
  const rate = await candor(place);
  console.log(
    JSON.stringify({
      cases: CASES,
      agents: AGENTS,
      candorPerSecond: Math.round(rate),
      baselinePerSecond: Math.round(bare),
      ratio: Number((rate / bare).toFixed(3)),
      peakRssMiB: peakRssMiB(),
    }),
  );
});

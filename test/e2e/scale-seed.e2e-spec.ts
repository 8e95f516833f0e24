import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { addBusinessHours, DEFAULT_CALENDAR } from '../../src/modules/cases/business-hours';
import { seedScale } from '../../src/modules/demo/scale-seed';
import { startTestApp, type TestApp } from '../support/app';

const ROOT = join(__dirname, '..', '..');

/**
 * `npm run seed:scale` runs `src/seed-scale.ts` on its own, with a module of its own (not the
 * app's): run that entry point in a process of its own, TypeScript through ts-register as the
 * worker tests do, so a provider its module lacks fails here and not only at the command line.
 */
async function runSeedCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    [
      '-r',
      join(ROOT, 'test', 'support', 'ts-register.js'),
      join(ROOT, 'src', 'seed-scale.ts'),
      ...args,
    ],
    { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output };
}

/** The demo's and the benchmark's data: deadlines counted as a real opening counts them. */
describe('the scale seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ROLE: 'api' });
  });
  afterAll(() => t.close());

  it('gives its cases business-hour deadlines from the answer, and overdue marks from them', async () => {
    const steps = new Set<string>();
    const seeded = await seedScale(t.app, {
      responses: 2_000,
      cases: 150,
      days: 30,
      agentsPerTeam: 1,
      onProgress: (step) => steps.add(step),
    });
    expect(seeded.cases).toBeGreaterThan(50);
    expect(steps).toContain('case deadlines in business hours');
    const cases = await t.app.get(DataSource).query<
      {
        created_at: Date;
        status: string;
        first_contact_due_at: Date;
        resolution_due_at: Date;
        overdue_at: Date | null;
      }[]
    >(
      `SELECT created_at, status, first_contact_due_at, resolution_due_at, overdue_at
       FROM follow_up_cases`,
    );
    expect(cases).toHaveLength(seeded.cases);
    for (const c of cases) {
      expect(c.first_contact_due_at).toEqual(addBusinessHours(c.created_at, 24, DEFAULT_CALENDAR));
      expect(c.resolution_due_at).toEqual(addBusinessHours(c.created_at, 240, DEFAULT_CALENDAR));
      const waiting = ['open', 'assigned'].includes(c.status);
      const late = waiting && c.first_contact_due_at.getTime() < Date.now();
      if (late) expect(c.overdue_at).toEqual(c.first_contact_due_at);
      if (!waiting && c.status !== 'contacted') expect(c.overdue_at).toBeNull();
    }
  });

  it('says where each touchpoint happened, so that the leaderboard has something to rank', async () => {
    const db = t.app.get(DataSource);
    const [places] = await db.query<
      { locations: number; staff: number; names: number; anonymous_located: boolean }[]
    >(
      `SELECT count(DISTINCT touchpoint_location)::int AS locations,
         count(DISTINCT touchpoint_staff_id)::int AS staff,
         count(DISTINCT touchpoint_staff_name)::int AS names,
         (SELECT bool_and(touchpoint_location IS NOT NULL) FROM anonymous_responses) AS anonymous_located
       FROM invitations`,
    );
    expect(places).toEqual({ locations: 5, staff: 20, names: 20, anonymous_located: true });
    // Nobody served the web's and the app's customers.
    const [{ n }] = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM invitations
       WHERE touchpoint_channel IN ('web', 'app') AND touchpoint_staff_id IS NOT NULL`,
    );
    expect(n).toBe(0);
  });

  it('runs from the command line as npm run seed:scale does, into the configured database', async () => {
    const db = t.app.get(DataSource);
    const countCases = async () =>
      (await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM follow_up_cases`))[0].n;
    const before = await countCases();
    const { code, output } = await runSeedCli(
      ['--responses', '300', '--cases', '20', '--days', '10'],
      {
        NODE_ENV: 'test',
        DATABASE_URL: t.databaseUrl,
        TOKEN_SECRET: t.config.tokenSecret,
        SESSION_SECRET: t.config.sessionSecret,
        DATA_DIR: t.config.dataDir,
        LOG_LEVEL: 'error',
      },
    );
    expect({ code, output }).toEqual({
      code: 0,
      output: expect.stringMatching(/Seeded .* and (\d+) cases over 10 days\./) as string,
    });
    const said = Number(/and (\d+) cases/.exec(output)?.[1]);
    expect(said).toBeGreaterThan(0);
    expect(await countCases()).toBe(before + said);
  }, 120_000);
});

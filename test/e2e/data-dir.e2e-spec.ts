import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCK_FILE } from '../../src/database/instance-lock';
import {
  freePort,
  READY_TIMEOUT_MS,
  spawnAppProcess,
  type AppProcess,
} from '../support/worker-process';

// Two starts of the app (the first one creates its embedded PostgreSQL) and a refusal.
jest.setTimeout(2 * READY_TIMEOUT_MS + 60_000);

/**
 * `npm start` as a developer runs it: development, no DATABASE_URL, so the app starts the
 * embedded PostgreSQL in its DATA_DIR.
 */
describe('one app per data directory, with its embedded PostgreSQL', () => {
  let dataDir: string;
  const apps: AppProcess[] = [];

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'candor-data-dir-'));
    chmodSync(dataDir, 0o755); // as root, PostgreSQL runs as the postgres user and must reach it
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop('SIGKILL')));
    // A killed app leaves its server running (it runs in its own process group).
    const postmaster = postmasterPid();
    if (postmaster) process.kill(postmaster, 'SIGINT');
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function startApp(port?: number): Promise<{ app: AppProcess; port: number }> {
    const chosen = port ?? (await freePort());
    const app = spawnAppProcess(
      { NODE_ENV: 'development', DATA_DIR: dataDir, PORT: String(chosen), LOG_LEVEL: 'info' },
      { processGroup: true },
    );
    apps.push(app);
    return { app, port: chosen };
  }

  function postmasterPid(): number | undefined {
    const file = join(dataDir, 'postgres', 'postmaster.pid');
    return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : undefined;
  }

  const errorLines = (output: string) =>
    output.split('\n').filter((line) => /"level":(50|60)|terminating connection/.test(line));

  it('refuses a second start in one line naming the first, and stops cleanly on Ctrl+C', async () => {
    const first = await startApp();
    await first.app.waitUntilReady();

    const second = await startApp();
    expect(await second.app.exit).toBe(1);
    const said = second.app
      .output()
      .split('\n')
      .filter((line) => line.trim());
    expect(said).toEqual([
      `Candor cannot start: ${dataDir} is in use by another Candor (pid ${first.app.child.pid}, ` +
        `port ${first.port}, http://localhost:${first.port}): stop it first, or set DATA_DIR to ` +
        'another directory.',
    ]);
    // The first one is untouched: it still holds the directory and answers.
    expect(JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')).pid).toBe(
      first.app.child.pid,
    );
    await first.app.waitUntilReady();

    // Ctrl+C signals the terminal's whole process group: the app closes its pools, then stops
    // the database, and says nothing alarming.
    const postmaster = postmasterPid();
    expect(postmaster).toBeGreaterThan(0);
    await first.app.stop('SIGINT', 30_000);
    expect(await first.app.exit).toBe(0);
    expect(errorLines(first.app.output())).toEqual([]);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    expect(postmasterPid()).toBeUndefined();
  });

  it('exits non-zero, saying why, when its embedded PostgreSQL stops under it', async () => {
    const { app } = await startApp();
    await app.waitUntilReady();
    process.kill(postmasterPid()!, 'SIGINT');
    expect(await app.exit).toBe(1);
    expect(app.output()).toContain('Candor stops: its embedded PostgreSQL ended');
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  });

  it('takes over the directory, and the database, of an app that was killed', async () => {
    const killed = await startApp();
    await killed.app.waitUntilReady();
    await killed.app.stop('SIGKILL');
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(true);
    // Its server outlives it (its own process group): the next app stops it and runs its own.
    const orphan = postmasterPid()!;
    expect(() => process.kill(orphan, 0)).not.toThrow();

    const next = await startApp();
    await next.app.waitUntilReady();
    expect(JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')).pid).toBe(next.app.child.pid);
    expect(postmasterPid()).not.toBe(orphan);
    await next.app.stop('SIGINT', 30_000);
    expect(await next.app.exit).toBe(0);
    expect(errorLines(next.app.output())).toEqual([]);
    expect(postmasterPid()).toBeUndefined();
  });
});

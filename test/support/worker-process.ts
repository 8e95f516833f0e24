import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = join(__dirname, '..', '..');
/** Keeps the end of a child's output for error messages; a chatty child must not fill memory. */
const OUTPUT_LIMIT = 64 * 1024;
/**
 * How long a child may take to become ready. Idle, one starts in 2–4 s; on a busy machine (two
 * cores shared with other test runs) starts of 15–19 s were seen. Only a deadline, never a wait.
 */
export const READY_TIMEOUT_MS = 120_000;

/** A separate Node process running the app exactly as `src/main.ts` starts it. */
export interface AppProcess {
  readonly child: ChildProcess;
  /** The end of what the process wrote to stdout and stderr. */
  output(): string;
  /** Whether the process has exited (or was killed). */
  exited(): boolean;
  /** Resolves once the process has exited: its exit code, or null when a signal ended it. */
  readonly exit: Promise<number | null>;
  /**
   * Resolves once the process answers 200 on `/health/ready` (its HTTP server listens after its
   * job workers have started). Throws, with the process's output, if it exits first or is still
   * not ready after `timeoutMs`.
   */
  waitUntilReady(timeoutMs?: number): Promise<void>;
  /** Sends `signal` and waits for the exit; SIGKILL after `graceMs` if it is still running. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

/**
 * Starts `node src/main.ts` (TypeScript through `ts-register.js`, no build needed) with only the
 * given environment and PATH, so nothing from the shell running the tests leaks into its config.
 * With `processGroup`, it leads a process group of its own and `stop` signals the whole group, as
 * Ctrl+C in a terminal does.
 */
export function spawnAppProcess(
  env: Record<string, string>,
  { processGroup = false }: { processGroup?: boolean } = {},
): AppProcess {
  const child = spawn(
    process.execPath,
    ['-r', join(ROOT, 'test', 'support', 'ts-register.js'), join(ROOT, 'src', 'main.ts')],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: processGroup,
    },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const describeExit = () =>
    child.signalCode ? `killed by ${child.signalCode}` : `exit code ${child.exitCode}`;

  return {
    child,
    output: () => output,
    exited,
    exit,
    async waitUntilReady(timeoutMs = READY_TIMEOUT_MS) {
      if (!env.PORT) throw new Error('waitUntilReady needs the process started with a PORT');
      const url = `http://127.0.0.1:${env.PORT}/health/ready`;
      const started = Date.now();
      for (;;) {
        if (exited()) {
          throw new Error(
            `The app process ended (${describeExit()}) before it was ready:\n${output}`,
          );
        }
        const status = await fetch(url, { signal: AbortSignal.timeout(5000) }).then(
          (response) => response.status,
          () => 0, // not listening yet
        );
        if (status === 200) return;
        const waited = Date.now() - started;
        if (waited > timeoutMs) {
          throw new Error(
            `The app process was not ready after ${waited} ms (last answer: ${status || 'none'}):\n${output}`,
          );
        }
        await sleep(200);
      }
    },
    async stop(signal = 'SIGKILL', graceMs = 5000) {
      if (exited()) return;
      const send = (sent: NodeJS.Signals) => {
        if (!processGroup || !child.pid) return child.kill(sent);
        try {
          return process.kill(-child.pid, sent);
        } catch {
          return false; // the group is gone already
        }
      };
      send(signal);
      const timer = setTimeout(() => send('SIGKILL'), graceMs);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** A TCP port that was free a moment ago (the child's HTTP server needs one of its own). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** What a child app shares with the test's own: its database, secrets and public address. */
export interface ParentApp {
  databaseUrl: string;
  config: { tokenSecret: string; sessionSecret: string; publicBaseUrl: string; dataDir: string };
}

/**
 * The environment of a child app joining `parent`'s database, on a free port of its own, logging
 * warnings only; `env` adds to it (ROLE, SMTP_URL, JOBS_* …) or overrides it.
 */
export async function childAppEnv(
  parent: ParentApp,
  env: Record<string, string>,
): Promise<Record<string, string>> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: parent.databaseUrl,
    TOKEN_SECRET: parent.config.tokenSecret,
    SESSION_SECRET: parent.config.sessionSecret,
    PUBLIC_BASE_URL: parent.config.publicBaseUrl,
    DATA_DIR: parent.config.dataDir,
    PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
    ...env,
  };
}

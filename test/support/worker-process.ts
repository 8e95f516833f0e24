import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
/** Keeps the end of a child's output for error messages; a chatty child must not fill memory. */
const OUTPUT_LIMIT = 64 * 1024;

/** A separate Node process running the app exactly as `src/main.ts` starts it. */
export interface AppProcess {
  readonly child: ChildProcess;
  /** The end of what the process wrote to stdout and stderr. */
  output(): string;
  /** Whether the process has exited (or was killed). */
  exited(): boolean;
  /** Sends `signal` and waits for the exit; SIGKILL after `graceMs` if it is still running. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

/**
 * Starts `node src/main.ts` (TypeScript through `ts-register.js`, no build needed) with only the
 * given environment and PATH, so nothing from the shell running the tests leaks into its config.
 */
export function spawnAppProcess(env: Record<string, string>): AppProcess {
  const child = spawn(
    process.execPath,
    ['-r', join(ROOT, 'test', 'support', 'ts-register.js'), join(ROOT, 'src', 'main.ts')],
    { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exit = once(child, 'exit').then(() => undefined);
  const exited = () => child.exitCode !== null || child.signalCode !== null;

  return {
    child,
    output: () => output,
    exited,
    async stop(signal = 'SIGKILL', graceMs = 5000) {
      if (exited()) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
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

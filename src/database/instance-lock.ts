import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the lock file says about the process that holds it. */
export interface InstanceInfo {
  pid: number;
  port: number;
  url: string;
  startedAt: string;
}

export interface InstanceLock {
  /** The holder before this process, when its lock was taken over (it had died). */
  takenOver?: InstanceInfo;
  /** Removes the lock file if it is still this process's (idempotent, synchronous for 'exit'). */
  release(): void;
}

export class InstanceLockError extends Error {
  override readonly name = 'InstanceLockError';
}

export const LOCK_FILE = 'candor.lock';

/**
 * Takes the data directory for this process: one app per directory, since a second one would
 * share the first one's embedded PostgreSQL (and split the captured mail) without a word. The
 * lock file appears whole or not at all (written aside, then hard-linked into place, which fails
 * if it exists). A lock whose process is gone (killed, crashed) is taken over.
 */
export function acquireInstanceLock(
  dataDir: string,
  self: Pick<InstanceInfo, 'port' | 'url'>,
): InstanceLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  const mine = JSON.stringify({ pid: process.pid, ...self, startedAt: new Date().toISOString() });
  const draft = `${path}.${process.pid}.draft`;
  writeFileSync(draft, mine + '\n');
  let takenOver: InstanceInfo | undefined;
  try {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      try {
        linkSync(draft, path);
        return { takenOver, release: () => releaseIfMine(path, mine) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const held = readLock(path);
      if (held === undefined) continue; // released meanwhile
      const holder = parseInfo(held);
      if (holder && isAlive(holder.pid)) {
        throw new InstanceLockError(
          `${dataDir} is in use by another Candor (pid ${holder.pid}, port ${holder.port}, ` +
            `${holder.url}): stop it first, or set DATA_DIR to another directory.`,
        );
      }
      removeStale(path, held);
      takenOver = holder;
    }
    throw new InstanceLockError(`Could not take ${path}: other processes keep changing it.`);
  } finally {
    rmSync(draft, { force: true });
  }
}

function releaseIfMine(path: string, mine: string): void {
  if (readLock(path)?.trim() === mine) rmSync(path, { force: true });
}

function readLock(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parseInfo(text: string): InstanceInfo | undefined {
  try {
    const info = JSON.parse(text) as Partial<InstanceInfo>;
    return Number.isInteger(info.pid) ? (info as InstanceInfo) : undefined;
  } catch {
    return undefined; // not ours, or damaged: nobody can be holding it
  }
}

/**
 * Whether `pid` still runs. Our own pid in the file is a previous life of this pid (a container
 * restarted, pid 1 again); EPERM means alive but another user's.
 */
export function isAlive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Moves a stale lock aside, then checks that what moved is the stale one: two processes taking
 * over at once could otherwise remove each other's fresh lock. A fresh one moved by mistake is
 * put back.
 */
function removeStale(path: string, stale: string): void {
  const aside = `${path}.${process.pid}.stale`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    if (readFileSync(aside, 'utf8') !== stale) linkSync(aside, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(aside, { force: true });
  }
}

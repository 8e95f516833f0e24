import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireInstanceLock, InstanceLockError, isAlive, LOCK_FILE } from './instance-lock';

const self = { port: 3000, url: 'http://localhost:3000' };

describe('acquireInstanceLock', () => {
  let dataDir: string;
  let other: ChildProcess;

  beforeAll(() => {
    // A live process that is not this one, to stand for the app already running.
    other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  });
  afterAll(() => other.kill('SIGKILL'));
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'candor-lock-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const lockPath = () => join(dataDir, LOCK_FILE);
  const writeLock = (pid: number) =>
    writeFileSync(
      lockPath(),
      JSON.stringify({ pid, port: 3471, url: 'http://localhost:3471', startedAt: 'x' }),
    );

  it('writes who holds the directory, and removes it on release', () => {
    const lock = acquireInstanceLock(join(dataDir, 'fresh'), self);
    expect(lock.takenOver).toBeUndefined();
    const held = JSON.parse(readFileSync(join(dataDir, 'fresh', LOCK_FILE), 'utf8'));
    expect(held).toEqual({ pid: process.pid, ...self, startedAt: expect.any(String) });
    lock.release();
    lock.release();
    expect(readdirSync(join(dataDir, 'fresh'))).toEqual([]);
  });

  it('refuses, in one line naming the running process, while its holder lives', () => {
    writeLock(other.pid!);
    expect(() => acquireInstanceLock(dataDir, self)).toThrow(InstanceLockError);
    expect(() => acquireInstanceLock(dataDir, self)).toThrow(
      `${dataDir} is in use by another Candor (pid ${other.pid}, port 3471, http://localhost:3471): ` +
        'stop it first, or set DATA_DIR to another directory.',
    );
    // Nothing left behind, and the holder's lock untouched.
    expect(readdirSync(dataDir)).toEqual([LOCK_FILE]);
    expect(JSON.parse(readFileSync(lockPath(), 'utf8')).pid).toBe(other.pid);
  });

  it('takes over the lock of a process that is gone, or of a previous life of its own pid', () => {
    const gone = spawnSync('true').pid;
    expect(isAlive(gone)).toBe(false);
    writeLock(gone);
    const taken = acquireInstanceLock(dataDir, self);
    expect(taken.takenOver).toEqual({
      pid: gone,
      port: 3471,
      url: 'http://localhost:3471',
      startedAt: 'x',
    });
    taken.release();
    expect(existsSync(lockPath())).toBe(false);

    writeLock(process.pid);
    const lock = acquireInstanceLock(dataDir, self);
    expect(JSON.parse(readFileSync(lockPath(), 'utf8')).startedAt).not.toBe('x');
    lock.release();
  });

  it('takes over a damaged lock file', () => {
    writeFileSync(lockPath(), '{"pid":');
    acquireInstanceLock(dataDir, self).release();
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('never removes a lock that another process took after it', () => {
    const lock = acquireInstanceLock(dataDir, self);
    writeLock(other.pid!);
    lock.release();
    expect(JSON.parse(readFileSync(lockPath(), 'utf8')).pid).toBe(other.pid);
  });
});

import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { acquireLock, UNREADABLE_LOCK_GRACE_MS } from './lock.js';
import { processStartTime } from './process-start-time.js';

/** A pid no process has: kill(pid, 0) answers ESRCH. */
function deadPid(): number {
  for (let pid = 4_194_000; pid > 1; pid -= 997) {
    try {
      process.kill(pid, 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ESRCH') return pid;
    }
  }
  throw new Error('no free pid found');
}

const ownerJSON = (pid: number, host = hostname(), nonce = 'someone-else', startTime?: string) =>
  JSON.stringify({ pid, hostname: host, nonce, acquiredAt: new Date().toISOString(), ...(startTime === undefined ? {} : { startTime }) });

describe('acquireLock', () => {
  let dir: string;
  let lockPath: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-lock-unit-'));
    lockPath = join(dir, '.locks', 'machines', 'dev');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the lock file with its owner and removes it on release', async () => {
    const lock = await acquireLock(lockPath, { timeoutMs: 1_000 });
    expect(lock.path).toBe(lockPath);
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ pid: process.pid, hostname: hostname() });
    await lock.release();
    await lock.release(); // idempotent
    expect(await readdir(join(dir, '.locks', 'machines'))).toEqual([]);
  });

  it('makes a second taker wait until the first releases', async () => {
    const first = await acquireLock(lockPath, { timeoutMs: 1_000 });
    let secondHasIt = false;
    const second = acquireLock(lockPath, { timeoutMs: 5_000 }).then((lock) => {
      secondHasIt = true;
      return lock;
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(secondHasIt).toBe(false);
    await first.release();
    await (await second).release();
    expect(secondHasIt).toBe(true);
  });

  it('times out with STORE_LOCKED naming the subject, the owner pid and the lock file', async () => {
    await mkdir(join(dir, '.locks', 'machines'), { recursive: true });
    await writeFile(lockPath, ownerJSON(1)); // pid 1 is always alive
    const error = await acquireLock(lockPath, { timeoutMs: 100, subject: 'Machine "dev"' }).catch((err: unknown) => err);
    expect(error).toMatchObject({
      code: 'STORE_LOCKED',
      message: 'Machine "dev" is locked by another berth process (pid 1)',
      hint: expect.stringContaining(lockPath),
    });
  });

  it('says so when this very process already holds the lock (locks are not re-entrant)', async () => {
    const lock = await acquireLock(lockPath, { timeoutMs: 1_000 });
    await expect(acquireLock(lockPath, { timeoutMs: 50, subject: 'Machine "dev"' })).rejects.toThrow(
      `Machine "dev" is locked by this berth process (pid ${process.pid})`,
    );
    await lock.release();
  });

  it('breaks a lock whose owner pid is gone', async () => {
    await mkdir(join(dir, '.locks', 'machines'), { recursive: true });
    await writeFile(lockPath, ownerJSON(deadPid()));
    const lock = await acquireLock(lockPath, { timeoutMs: 1_000 });
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ pid: process.pid });
    await lock.release();
    expect(await readdir(join(dir, '.locks', 'machines'))).toEqual([]);
  });

  it('breaks an unreadable lock file once it is older than the grace period', async () => {
    await mkdir(join(dir, '.locks', 'machines'), { recursive: true });
    await writeFile(lockPath, '');
    await expect(acquireLock(lockPath, { timeoutMs: 50 })).rejects.toMatchObject({ code: 'STORE_LOCKED' });
    const old = new Date(Date.now() - UNREADABLE_LOCK_GRACE_MS - 1_000);
    await utimes(lockPath, old, old);
    await (await acquireLock(lockPath, { timeoutMs: 1_000 })).release();
  });

  it('leaves a lock from another host alone unless it is older than staleMs', async () => {
    await mkdir(join(dir, '.locks', 'machines'), { recursive: true });
    await writeFile(lockPath, ownerJSON(deadPid(), 'elsewhere.example'));
    await expect(acquireLock(lockPath, { timeoutMs: 50 })).rejects.toThrow(
      `Lock file "${lockPath}" is locked by another berth process (pid`,
    );
    await expect(acquireLock(lockPath, { timeoutMs: 50, staleMs: 60_000 })).rejects.toThrow(/on elsewhere\.example\)$/);
    const old = new Date(Date.now() - 120_000);
    await utimes(lockPath, old, old);
    await (await acquireLock(lockPath, { timeoutMs: 1_000, staleMs: 60_000 })).release();
  });

  it('stops waiting when the signal aborts, with the signal reason', async () => {
    const held = await acquireLock(lockPath, { timeoutMs: 1_000 });
    const controller = new AbortController();
    const waiting = acquireLock(lockPath, { timeoutMs: 10_000, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user pressed Ctrl-C')), 50);
    await expect(waiting).rejects.toThrow('user pressed Ctrl-C');
    await held.release();
  });

  it('release() does not delete a lock that is no longer its own', async () => {
    const lock = await acquireLock(lockPath, { timeoutMs: 1_000 });
    await writeFile(lockPath, ownerJSON(1)); // as if broken and retaken by someone else
    await lock.release();
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ pid: 1 });
  });

  it('records when its owner process started', async () => {
    const lock = await acquireLock(lockPath, { timeoutMs: 1_000 });
    const owner = JSON.parse(await readFile(lockPath, 'utf8')) as { startTime?: string };
    expect(owner.startTime).toBe(processStartTime(process.pid));
    expect(owner.startTime).toMatch(/^\d+$/);
    await lock.release();
  });

  it('breaks a lock whose pid now belongs to a process that started later (the owner was killed, its pid reused)', async () => {
    // This test process stands for the unrelated process that got the dead owner's pid.
    await mkdir(join(dir, '.locks', 'machines'), { recursive: true });
    await writeFile(lockPath, ownerJSON(process.pid, hostname(), 'killed-berth', '1'));
    const lock = await acquireLock(lockPath, { timeoutMs: 1_000 });
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ pid: process.pid, nonce: expect.not.stringMatching('killed-berth') });
    await lock.release();
  });

  it('still waits for an owner that runs with the start time it recorded', async () => {
    const owner = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30_000)'], { stdio: 'ignore' });
    try {
      const pid = owner.pid as number;
      await mkdir(join(dir, '.locks', 'machines'), { recursive: true });
      await writeFile(lockPath, ownerJSON(pid, hostname(), 'killed-berth', processStartTime(pid) as string));
      await expect(acquireLock(lockPath, { timeoutMs: 300, subject: 'Machine "dev"' })).rejects.toMatchObject({ code: 'STORE_LOCKED' });
    } finally {
      owner.kill('SIGKILL');
    }
  });
});

describe('processStartTime', () => {
  it('reads a start time that stays the same for a process, and none for a pid no process has', () => {
    const first = processStartTime(process.pid);
    expect(first).toMatch(/^\d+$/);
    expect(processStartTime(process.pid)).toBe(first);
    expect(processStartTime(deadPid())).toBeUndefined();
  });
});

import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BerthError, isErrnoException } from '../errors.js';
import { processStartTime } from './process-start-time.js';

/** A held cross-process lock. `release()` is idempotent and never removes a lock someone else holds. */
export interface FileLock {
  readonly path: string;
  release(): Promise<void>;
}

export interface AcquireLockOptions {
  /** Give up with STORE_LOCKED after this long. */
  timeoutMs: number;
  /** Also treat a lock as stale when its file is older than this (for owners on other hosts). */
  staleMs?: number;
  signal?: AbortSignal;
  /** What the lock protects, for the error message: `Machine "dev"`. */
  subject?: string;
}

/** First and last poll interval: short enough that a queued command starts promptly, capped so 20 waiters stay cheap. */
export const LOCK_POLL_MIN_MS = 10;
export const LOCK_POLL_MAX_MS = 100;

/**
 * A lock file without a readable owner is left by a crash or power cut (a linked lock file is always
 * complete), or is being written through the O_EXCL fallback right now; after this long it is stale.
 */
export const UNREADABLE_LOCK_GRACE_MS = 2_000;

interface LockOwner {
  pid: number;
  hostname: string;
  nonce: string;
  acquiredAt: string;
  /** The owner process's start time (process-start-time.ts), where the OS tells it. */
  startTime?: string;
}

/**
 * Takes the lock file at `lockPath`. The owner record is written to a temp file first and then
 * hard-linked into place, so the lock file appears atomically and always complete (O_EXCL semantics:
 * `link` fails with EEXIST when the lock is held; plain O_EXCL where hard links are unsupported). A lock
 * whose owner process no longer runs on this host (its pid is gone, or now belongs to a process that
 * started later) is stale and broken, and so is an unreadable lock file after UNREADABLE_LOCK_GRACE_MS.
 * Not re-entrant: a second acquire of the same path in the same process waits for the first release.
 */
export async function acquireLock(lockPath: string, options: AcquireLockOptions): Promise<FileLock> {
  const { timeoutMs, signal } = options;
  const deadline = Date.now() + timeoutMs;
  const startTime = processStartTime(process.pid);
  const owner: LockOwner = {
    pid: process.pid,
    hostname: hostname(),
    nonce: randomBytes(8).toString('hex'),
    acquiredAt: '',
    ...(startTime === undefined ? {} : { startTime }),
  };
  await mkdir(dirname(lockPath), { recursive: true, mode: 0o700 });
  let delay = LOCK_POLL_MIN_MS;
  for (;;) {
    signal?.throwIfAborted();
    if (await tryCreate(lockPath, owner)) return heldLock(lockPath, owner.nonce);
    const current = await readOwner(lockPath);
    if (current === 'missing') {
      // Released between our attempt and the read: try again at once.
      if (Date.now() >= deadline) throw lockedError(lockPath, undefined, options.subject);
      continue;
    }
    if (await isStale(lockPath, current, options.staleMs)) {
      await breakLock(lockPath, current);
      continue;
    }
    if (Date.now() >= deadline) throw lockedError(lockPath, current, options.subject);
    const jitter = Math.random() * delay * 0.5;
    await pause(Math.min(delay + jitter, Math.max(deadline - Date.now(), 1)), signal);
    delay = Math.min(delay * 2, LOCK_POLL_MAX_MS);
  }
}

/** Sleeps; an abort rejects with the signal's own reason, like `signal.throwIfAborted()`. */
async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return sleep(ms);
  try {
    await sleep(ms, undefined, { signal });
  } catch (err) {
    if (signal.aborted) throw signal.reason;
    throw err;
  }
}

/** Filesystems without hard links (FAT, some SMB mounts) answer `link` with one of these. */
const LINK_UNSUPPORTED_CODES = new Set(['EPERM', 'ENOTSUP', 'ENOSYS', 'EOPNOTSUPP']);

async function tryCreate(lockPath: string, owner: LockOwner): Promise<boolean> {
  const content = JSON.stringify({ ...owner, acquiredAt: new Date().toISOString() });
  const tempPath = join(dirname(lockPath), `.acquire-${owner.nonce}-${randomBytes(4).toString('hex')}`);
  await writeFile(tempPath, content, { mode: 0o600 });
  try {
    await link(tempPath, lockPath);
    return true;
  } catch (err) {
    if (isErrnoException(err, 'EEXIST')) return false;
    if (isErrnoException(err) && err.code !== undefined && LINK_UNSUPPORTED_CODES.has(err.code)) {
      return createExclusive(lockPath, content);
    }
    throw err;
  } finally {
    await rm(tempPath, { force: true });
  }
}

/** O_EXCL fallback: the file can be seen empty for a moment, hence UNREADABLE_LOCK_GRACE_MS. */
async function createExclusive(lockPath: string, content: string): Promise<boolean> {
  try {
    await writeFile(lockPath, content, { flag: 'wx', mode: 0o600 });
    return true;
  } catch (err) {
    if (isErrnoException(err, 'EEXIST')) return false;
    throw err;
  }
}

/** The owner record; `undefined` when the file is unreadable garbage; 'missing' when it just went away. */
async function readOwner(lockPath: string): Promise<LockOwner | undefined | 'missing'> {
  let text: string;
  try {
    text = await readFile(lockPath, 'utf8');
  } catch (err) {
    if (isErrnoException(err, 'ENOENT')) return 'missing';
    throw err;
  }
  return parseOwner(text);
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner> | null;
    if (
      value !== null &&
      typeof value === 'object' &&
      Number.isInteger(value.pid) &&
      typeof value.hostname === 'string' &&
      typeof value.nonce === 'string'
    ) {
      const { startTime, ...owner } = value as LockOwner;
      return typeof startTime === 'string' ? { ...owner, startTime } : owner;
    }
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
  }
  return undefined;
}

async function isStale(lockPath: string, owner: LockOwner | undefined, staleMs: number | undefined): Promise<boolean> {
  if (owner === undefined) return (await ageOf(lockPath)) > UNREADABLE_LOCK_GRACE_MS;
  if (owner.hostname === hostname() && !isOwnerAlive(owner)) return true;
  return staleMs !== undefined && (await ageOf(lockPath)) > staleMs;
}

/**
 * The owner still runs: its pid exists and, when the lock recorded it, with the same start time. pids
 * are reused (pid_max is often 32768), so without that check a lock left by a killed berth would look
 * held by whatever process got its pid, until the wait timed out.
 */
function isOwnerAlive(owner: LockOwner): boolean {
  if (!isProcessAlive(owner.pid)) return false;
  if (owner.startTime === undefined) return true;
  const now = processStartTime(owner.pid);
  return now === undefined || now === owner.startTime;
}

/** Milliseconds since the lock file was written; 0 when it has just gone away. */
async function ageOf(lockPath: string): Promise<number> {
  try {
    return Date.now() - (await stat(lockPath)).mtimeMs;
  } catch (err) {
    if (isErrnoException(err, 'ENOENT')) return 0;
    throw err;
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return !isErrnoException(err, 'ESRCH');
  }
}

/**
 * Removes a stale lock without deleting a fresh one that another waiter created in the meantime:
 * the file is first renamed aside, and put back if it turns out not to be the stale one we saw.
 */
async function breakLock(lockPath: string, seen: LockOwner | undefined): Promise<void> {
  const asidePath = join(dirname(lockPath), `.stale-${randomBytes(8).toString('hex')}`);
  try {
    await rename(lockPath, asidePath);
  } catch (err) {
    if (isErrnoException(err, 'ENOENT')) return; // another waiter broke it first
    throw err;
  }
  const taken = parseOwner(await readFile(asidePath, 'utf8'));
  const isTheStaleOne = seen === undefined ? taken === undefined : taken?.nonce === seen.nonce;
  if (!isTheStaleOne) {
    try {
      await link(asidePath, lockPath);
    } catch (err) {
      if (!isErrnoException(err, 'EEXIST')) throw err;
    }
  }
  await rm(asidePath, { force: true });
}

function heldLock(lockPath: string, nonce: string): FileLock {
  let released = false;
  return {
    path: lockPath,
    async release() {
      if (released) return;
      released = true;
      const current = await readOwner(lockPath);
      if (current === 'missing' || current?.nonce !== nonce) return;
      try {
        await unlink(lockPath);
      } catch (err) {
        if (!isErrnoException(err, 'ENOENT')) throw err;
      }
    },
  };
}

function lockedError(lockPath: string, owner: LockOwner | undefined, subject: string | undefined): BerthError {
  const what = subject ?? `Lock file "${lockPath}"`;
  let by = 'another berth process';
  if (owner !== undefined && owner.hostname !== hostname()) by += ` (pid ${owner.pid} on ${owner.hostname})`;
  else if (owner !== undefined && owner.pid === process.pid) by = `this berth process (pid ${owner.pid})`; // not re-entrant
  else if (owner !== undefined) by += ` (pid ${owner.pid})`;
  return new BerthError('STORE_LOCKED', `${what} is locked by ${by}`, {
    hint: `Wait for the other command to finish and try again. If no berth process is running, delete ${lockPath}.`,
    details: { lockPath, ...(owner ? { pid: owner.pid, hostname: owner.hostname } : {}) },
  });
}

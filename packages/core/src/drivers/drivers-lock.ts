/** The store-wide lock that serialises changes to `<store>/drivers` (install, remove, link, unlink). */
import { join } from 'node:path';
import { storeLayout } from '../paths.js';
import { acquireLock, type FileLock } from '../store/lock.js';

/** An npm install can take minutes; a second `berth driver install` waits for the first this long. */
export const DRIVERS_LOCK_TIMEOUT_MS = 10 * 60_000;

export function lockDrivers(storePath: string, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<FileLock> {
  return acquireLock(join(storeLayout(storePath).locksDir, 'drivers'), {
    timeoutMs: options.timeoutMs ?? DRIVERS_LOCK_TIMEOUT_MS,
    subject: `The drivers of store "${storePath}"`,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
}

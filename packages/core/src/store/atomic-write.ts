// fs.promises, not node:fs/promises: loaded on first use (~1 ms that `env` does not need).
import { promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isErrnoException } from '../errors.js';

export interface WriteFileAtomicOptions {
  /** Exact mode of the new file (applied with chmod, so the umask cannot change it). */
  mode?: number;
}

/**
 * Replaces `path` with `data` so that a crash, a kill or a full disk leaves either the old file or the
 * new one, never a truncated or empty one (docker-machine deleted the old file before renaming,
 * issues #1931, #3434, #2449): temp file `<name>.tmp-<random>` in the same directory, write, fsync,
 * rename over the target, fsync the directory so the rename itself survives a power cut.
 * On any error the temp file is removed and the error rethrown.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  const prepared = await prepareFileAtomic(path, data, options);
  await prepared.commit();
}

/** A written and fsynced temp file beside its target, not yet in place. */
export interface PreparedFile {
  /** Renames it over the target and fsyncs the directory; on failure the temp file is removed. */
  commit(): Promise<void>;
  /** Removes it. */
  discard(): Promise<void>;
}

/**
 * writeFileAtomic in two steps, so that several files can be prepared fully before any appears (a
 * certificate and its key: writeKeyPair).
 */
export async function prepareFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: WriteFileAtomicOptions = {},
): Promise<PreparedFile> {
  const dir = dirname(path);
  // node:crypto loads on the first write: resolving a driver reads through this module (~5 ms).
  const { randomBytes } = await import('node:crypto');
  const tempPath = join(dir, `${basename(path)}.tmp-${randomBytes(6).toString('hex')}`);
  const discard = () => fsp.rm(tempPath, { force: true });
  try {
    const handle = await fsp.open(tempPath, 'wx', options.mode ?? 0o666);
    try {
      if (options.mode !== undefined) await handle.chmod(options.mode);
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (err) {
    await discard();
    throw err;
  }
  return {
    async commit() {
      try {
        await fsp.rename(tempPath, path);
      } catch (err) {
        await discard();
        throw err;
      }
      await syncDirectory(dir);
    },
    discard,
  };
}

/** Codes with which platforms refuse to open or fsync a directory (Windows, some network filesystems). */
const UNSYNCABLE_DIRECTORY_CODES = new Set(['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'ENOTSUP', 'EBADF']);

async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return; // directories cannot be opened for fsync on Windows
  let handle;
  try {
    handle = await fsp.open(dir, 'r');
    await handle.sync();
  } catch (err) {
    if (isErrnoException(err) && err.code !== undefined && UNSYNCABLE_DIRECTORY_CODES.has(err.code)) return;
    throw err;
  } finally {
    await handle?.close();
  }
}

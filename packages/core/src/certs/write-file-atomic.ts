import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';

/**
 * Writes `data` to a temp file beside `path` with exactly `mode` (chmod after open, so the umask
 * does not narrow or widen it), fsyncs it and returns the temp path; `commit` renames it into place.
 * Split in two so a key pair can be prepared fully before either file appears.
 */
export async function prepareFile(path: string, data: string, mode: number): Promise<{ commit(): Promise<void>; discard(): Promise<void> }> {
  const tempPath = `${path}.tmp${randomBytes(6).toString('hex')}`;
  const handle = await open(tempPath, 'wx', mode);
  try {
    await handle.chmod(mode);
    await handle.writeFile(data);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(tempPath, { force: true });
    throw err;
  }
  await handle.close();
  return {
    commit: () => rename(tempPath, path),
    discard: () => rm(tempPath, { force: true }),
  };
}

/** Temp file + fsync + rename: a crash or a full disk never leaves a truncated file at `path`. */
export async function writeFileAtomic(path: string, data: string, mode: number): Promise<void> {
  const prepared = await prepareFile(path, data, mode);
  await prepared.commit();
}

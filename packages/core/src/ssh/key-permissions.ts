import { stat } from 'node:fs/promises';
import { BerthError, isErrnoException } from '../errors.js';

/** `permissions 0644 for '<path>' are too open` when group/other bits are set (OpenSSH refuses such keys). */
export function keyPermissionProblem(path: string, mode: number): string | undefined {
  if ((mode & 0o077) === 0) return undefined;
  return `permissions ${(mode & 0o777).toString(8).padStart(4, '0')} for '${path}' are too open`;
}

/**
 * Checks a key file before handing it to the system ssh/scp/rsync/sshfs (reference §9): it must exist,
 * be readable by its owner and have no group/other bits. Skipped on Windows, which has no such modes.
 */
export async function checkKeyFilePermissions(path: string, options: { platform?: NodeJS.Platform } = {}): Promise<void> {
  if ((options.platform ?? process.platform) === 'win32' || path === '') return;
  let mode: number;
  try {
    mode = (await stat(path)).mode;
  } catch (err) {
    if (isErrnoException(err, 'ENOENT') || isErrnoException(err, 'EACCES')) {
      throw new BerthError('SSH_KEY_NOT_FOUND', `'${path}' is not readable`, { cause: err });
    }
    throw err;
  }
  if ((mode & 0o400) === 0) throw new BerthError('SSH_KEY_NOT_FOUND', `'${path}' is not readable`);
  const problem = keyPermissionProblem(path, mode);
  if (problem !== undefined) {
    throw new BerthError('SSH_KEY_PERMISSIONS', problem, { hint: `Run \`chmod 600 '${path}'\`.` });
  }
}

/** Finding `berth-driver-<name>` executables on PATH, and the small file checks resolution needs. */
import { constants } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import { delimiter, join, resolve } from 'node:path';
import { isErrnoException } from '../errors.js';
import type { Env } from '../paths.js';
import { DRIVER_NAME_PATTERN, DRIVER_PACKAGE_PREFIX } from './driver-package-name.js';

const WINDOWS_EXTENSIONS = ['.exe', '.com'];

/** The first executable file named `executable` in PATH's directories, or undefined. */
export async function findOnPath(executable: string, env: Env): Promise<string | undefined> {
  const names = process.platform === 'win32' ? WINDOWS_EXTENSIONS.map((ext) => `${executable}${ext}`) : [executable];
  for (const dir of pathDirs(env)) {
    for (const fileName of names) {
      const candidate = join(dir, fileName);
      if ((await isFile(candidate)) && (await isExecutable(candidate))) return resolve(candidate);
    }
  }
  return undefined;
}

/** Every `berth-driver-<name>` executable on PATH, first one per name (for `berth driver ls`). */
export async function listPathDrivers(env: Env): Promise<Array<{ name: string; path: string }>> {
  const found = new Map<string, string>();
  for (const dir of pathDirs(env)) {
    let entries: string[];
    try {
      entries = await readdir(dir);
    } catch (err) {
      if (isErrnoException(err, 'ENOENT') || isErrnoException(err, 'ENOTDIR') || isErrnoException(err, 'EACCES')) continue;
      throw err;
    }
    for (const entry of entries.sort()) {
      const name = driverNameOfExecutable(entry);
      if (name === undefined || found.has(name)) continue;
      const path = join(dir, entry);
      if ((await isFile(path)) && (await isExecutable(path))) found.set(name, resolve(path));
    }
  }
  return [...found].map(([name, path]) => ({ name, path }));
}

/** `berth-driver-foo` (or `berth-driver-foo.exe` on Windows) → `foo`. */
function driverNameOfExecutable(fileName: string): string | undefined {
  if (!fileName.startsWith(DRIVER_PACKAGE_PREFIX)) return undefined;
  let name = fileName.slice(DRIVER_PACKAGE_PREFIX.length);
  if (process.platform === 'win32') {
    const ext = WINDOWS_EXTENSIONS.find((e) => name.toLowerCase().endsWith(e));
    if (ext === undefined) return undefined;
    name = name.slice(0, -ext.length);
  }
  return DRIVER_NAME_PATTERN.test(name) ? name : undefined;
}

function pathDirs(env: Env): string[] {
  return (env.PATH ?? env.Path ?? '').split(delimiter).filter((dir) => dir !== '');
}

export async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (err) {
    if (isErrnoException(err, 'ENOENT') || isErrnoException(err, 'ENOTDIR') || isErrnoException(err, 'EACCES')) return false;
    throw err;
  }
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch (err) {
    if (isErrnoException(err, 'EACCES') || isErrnoException(err, 'ENOENT')) return false;
    throw err;
  }
}

/**
 * Finds the executable for a driver name (ARCHITECTURE "Finding drivers"): the override variable, then
 * the built-in drivers, then `berth-driver-<name>` on PATH. First hit wins; nothing is scanned or installed.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, extname, join, resolve } from 'node:path';
import { BerthError, isErrnoException } from '../errors.js';
import type { Env } from '../paths.js';

export type DriverSource = 'override' | 'builtin' | 'path';

/** How to launch one driver: `command args...`, no shell. */
export interface ResolvedDriver {
  name: string;
  command: string;
  args: string[];
  source: DriverSource;
}

export interface ResolveDriverOptions {
  /** Driver name → absolute entry path (a .js/.mjs/.cjs file runs under node; anything else is executed). */
  builtins?: Record<string, string>;
  /** Read for BERTH_DRIVER_<NAME>_PATH and PATH. */
  env: Env;
}

const DRIVER_NAME_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const JS_EXTENSIONS = new Set(['.js', '.mjs', '.cjs']);

/** `virtual-box` → `BERTH_DRIVER_VIRTUAL_BOX_PATH`. */
export function driverOverrideEnvName(name: string): string {
  return `BERTH_DRIVER_${name.toUpperCase().replaceAll('-', '_')}_PATH`;
}

/** The executable looked for on PATH: `berth-driver-<name>`. */
export function driverExecutableName(name: string): string {
  return `berth-driver-${name}`;
}

/** A JS entry runs as `process.execPath entry` (no shell, no .cmd shim); anything else is spawned directly. */
export function launchCommandFor(entry: string): { command: string; args: string[] } {
  return JS_EXTENSIONS.has(extname(entry).toLowerCase())
    ? { command: process.execPath, args: [entry] }
    : { command: entry, args: [] };
}

export async function resolveDriver(name: string, options: ResolveDriverOptions): Promise<ResolvedDriver> {
  if (!DRIVER_NAME_PATTERN.test(name)) {
    throw new BerthError('INVALID_DRIVER_NAME', `"${name}" is not a valid driver name`, {
      hint: 'Driver names use lowercase letters, digits and single dashes, e.g. `virtualbox` or `my-cloud`.',
    });
  }
  const envName = driverOverrideEnvName(name);
  const override = options.env[envName];
  if (override !== undefined && override !== '') {
    const entry = resolve(override);
    if (!(await isFile(entry))) {
      throw new BerthError('DRIVER_NOT_FOUND', `Driver "${name}" not found: ${envName} is set to "${override}", which is not a file`, {
        hint: `Point ${envName} at the driver's entry file or executable, or unset it.`,
      });
    }
    return { name, ...launchCommandFor(entry), source: 'override' };
  }
  const builtin = options.builtins?.[name];
  if (builtin !== undefined) return { name, ...launchCommandFor(builtin), source: 'builtin' };

  const onPath = await findOnPath(driverExecutableName(name), options.env);
  if (onPath !== undefined) return { name, command: onPath, args: [], source: 'path' };

  throw new BerthError(
    'DRIVER_NOT_FOUND',
    `Driver "${name}" not found: looked in ${envName}, the built-in drivers and PATH (${driverExecutableName(name)})`,
    { hint: `Install it with \`berth driver install ${name}\`, or put an executable named ${driverExecutableName(name)} on PATH.` },
  );
}

async function findOnPath(executable: string, env: Env): Promise<string | undefined> {
  const pathValue = env.PATH ?? env.Path ?? '';
  const names = process.platform === 'win32' ? [`${executable}.exe`, `${executable}.com`] : [executable];
  for (const dir of pathValue.split(delimiter)) {
    if (dir === '') continue;
    for (const fileName of names) {
      const candidate = join(dir, fileName);
      if ((await isFile(candidate)) && (await isExecutable(candidate))) return resolve(candidate);
    }
  }
  return undefined;
}

async function isFile(path: string): Promise<boolean> {
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

/**
 * Finds the executable for a driver name (ARCHITECTURE "Finding drivers"), first hit wins: the override
 * variable, linked drivers, built-in drivers, installed driver packages, then `berth-driver-<name>` on
 * PATH. Only files named by configuration are read; nothing is scanned, run or installed.
 */
import { extname, resolve } from 'node:path';
import { BerthError } from '../errors.js';
import type { Env } from '../paths.js';
import { DRIVER_NAME_PATTERN, driverExecutableName } from './driver-package-name.js';
import { driverNotFoundError } from './driver-not-found.js';
import { readDriversProject } from './drivers-project.js';
import { findInstalledDriver, findLinkedDriver, type PackagedDriver } from './find-packaged-driver.js';
import { findOnPath, isFile } from './path-lookup.js';

export { driverExecutableName } from './driver-package-name.js';

/** Where a driver was found, in the order resolution looks. */
export const DRIVER_SOURCES = ['override', 'linked', 'builtin', 'installed', 'path'] as const;
export type DriverSource = (typeof DRIVER_SOURCES)[number];

/** How to launch one driver: `command args...`, no shell. */
export interface ResolvedDriver {
  name: string;
  command: string;
  args: string[];
  source: DriverSource;
  /** The file that runs: a JS entry (run under node) or an executable. */
  entry: string;
  /** The npm package, for linked and installed drivers. */
  packageName?: string;
  /** The package's version, for linked and installed drivers. */
  version?: string;
}

export interface ResolveDriverOptions {
  /** Driver name → absolute entry path (a .js/.mjs/.cjs file runs under node; anything else is executed). */
  builtins?: Record<string, string>;
  /** Read for BERTH_DRIVER_<NAME>_PATH and PATH. */
  env: Env;
  /** The store, for linked drivers and installed packages (`<store>/drivers`); without it those are not looked at. */
  storePath?: string;
}

const JS_EXTENSIONS = new Set(['.js', '.mjs', '.cjs']);

/** `virtual-box` → `BERTH_DRIVER_VIRTUAL_BOX_PATH`. */
export function driverOverrideEnvName(name: string): string {
  return `BERTH_DRIVER_${name.toUpperCase().replaceAll('-', '_')}_PATH`;
}

/** A JS entry runs as `process.execPath entry` (no shell, no .cmd shim); anything else is spawned directly. */
export function launchCommandFor(entry: string): { command: string; args: string[] } {
  return JS_EXTENSIONS.has(extname(entry).toLowerCase())
    ? { command: process.execPath, args: [entry] }
    : { command: entry, args: [] };
}

export function checkDriverName(name: string): void {
  if (!DRIVER_NAME_PATTERN.test(name)) {
    throw new BerthError('INVALID_DRIVER_NAME', `"${name}" is not a valid driver name`, {
      hint: 'Driver names use lowercase letters, digits and single dashes, e.g. `virtualbox` or `my-cloud`.',
    });
  }
}

export async function resolveDriver(name: string, options: ResolveDriverOptions): Promise<ResolvedDriver> {
  checkDriverName(name);
  const envName = driverOverrideEnvName(name);
  const override = options.env[envName];
  if (override !== undefined && override !== '') {
    const entry = resolve(override);
    if (!(await isFile(entry))) {
      throw new BerthError('DRIVER_NOT_FOUND', `Driver "${name}" not found: ${envName} is set to "${override}", which is not a file`, {
        hint: `Point ${envName} at the driver's entry file or executable, or unset it.`,
      });
    }
    return resolvedFromEntry(name, entry, 'override');
  }
  const project = options.storePath === undefined ? undefined : await readDriversProject(options.storePath);
  const linked = project === undefined ? undefined : await findLinkedDriver(name, project);
  if (linked !== undefined) return resolvedFromPackage(name, linked, 'linked');

  const builtin = options.builtins?.[name];
  if (builtin !== undefined) return resolvedFromEntry(name, builtin, 'builtin');

  const installed = project === undefined ? undefined : await findInstalledDriver(name, project);
  if (installed !== undefined) return resolvedFromPackage(name, installed, 'installed');

  const onPath = await findOnPath(driverExecutableName(name), options.env);
  if (onPath !== undefined) return { name, command: onPath, args: [], source: 'path', entry: onPath };

  throw driverNotFoundError(name, { envName, ...(project === undefined ? {} : { driversDir: project.dir }) });
}

function resolvedFromEntry(name: string, entry: string, source: DriverSource): ResolvedDriver {
  return { name, ...launchCommandFor(entry), source, entry };
}

/** How a driver from a package's manifest runs (install and link validate packages with it too). */
export function resolvedFromPackage(name: string, found: PackagedDriver, source: 'linked' | 'installed'): ResolvedDriver {
  const { manifest, entry } = found;
  return { ...resolvedFromEntry(name, entry, source), packageName: manifest.packageName, version: manifest.version };
}

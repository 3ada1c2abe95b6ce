/**
 * `berth driver rm NAME`: uninstalls an installed driver package, found by driver name or package name.
 * Drivers from anywhere else are refused with what to do instead (unlink, unset the variable, ...).
 */
import { rm } from 'node:fs/promises';
import { BerthError, isBerthError } from '../errors.js';
import type { Env } from '../paths.js';
import { readDriverManifest, type DriverManifest } from './driver-manifest.js';
import { DRIVER_NAME_PATTERN, driverExecutableName, parseDriverPackageSpec } from './driver-package-name.js';
import { lockDrivers } from './drivers-lock.js';
import { readDriversProject, type DriversProject } from './drivers-project.js';
import { findInstalledDriver, installedPackageDir } from './find-packaged-driver.js';
import { NPM_QUIET_FLAGS, runNpm } from './npm-runner.js';
import { findOnPath } from './path-lookup.js';
import { driverOverrideEnvName } from './resolve-driver.js';

export interface RemoveDriverOptions {
  storePath: string;
  /** npm's environment, and for telling where a driver that is not installed comes from. */
  env: Env;
  builtins?: Record<string, string>;
  signal?: AbortSignal;
}

export interface RemovedDriverPackage {
  packageName: string;
  /** '' when the package's manifest could not be read. */
  version: string;
  /** The drivers the package declared. */
  drivers: string[];
}

export async function removeDriver(nameOrPackage: string, options: RemoveDriverOptions): Promise<RemovedDriverPackage> {
  const lock = await lockDrivers(options.storePath, options.signal === undefined ? {} : { signal: options.signal });
  try {
    const project = await readDriversProject(options.storePath);
    const packageName = await findInstalledPackage(nameOrPackage, project);
    if (packageName === undefined) throw await notInstalledError(nameOrPackage, project, options);
    const dir = installedPackageDir(project, packageName);
    const manifest = await readDriverManifest(dir).catch((err: unknown): DriverManifest | undefined => {
      if (isBerthError(err, 'DRIVER_MANIFEST_NOT_FOUND') || isBerthError(err, 'DRIVER_MANIFEST_INVALID')) return undefined;
      throw err;
    });
    await runNpm(['uninstall', ...NPM_QUIET_FLAGS, '--save', packageName], {
      cwd: project.dir,
      env: options.env,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    await rm(dir, { recursive: true, force: true });
    return { packageName, version: manifest?.version ?? '', drivers: Object.keys(manifest?.drivers ?? {}) };
  } finally {
    await lock.release();
  }
}

/** A dependency named NAME (or what the naming rule makes of it), else the installed package serving driver NAME. */
async function findInstalledPackage(nameOrPackage: string, project: DriversProject): Promise<string | undefined> {
  const dependencies = Object.keys(project.dependencies);
  if (dependencies.includes(nameOrPackage)) return nameOrPackage;
  let mapped: string | undefined;
  try {
    mapped = parseDriverPackageSpec(nameOrPackage).packageName;
  } catch (err) {
    if (!isBerthError(err, 'INVALID_DRIVER_NAME')) throw err;
  }
  if (mapped !== undefined && dependencies.includes(mapped)) return mapped;
  if (!DRIVER_NAME_PATTERN.test(nameOrPackage)) return undefined;
  return (await findInstalledDriver(nameOrPackage, project))?.manifest.packageName;
}

/** Says where driver NAME comes from instead, and what removes it from there. */
async function notInstalledError(name: string, project: DriversProject, options: RemoveDriverOptions): Promise<BerthError> {
  const refuse = (message: string, hint: string) => new BerthError('DRIVER_NOT_REMOVABLE', message, { hint });
  const isDriverName = DRIVER_NAME_PATTERN.test(name);
  const envName = isDriverName ? driverOverrideEnvName(name) : undefined;
  if (envName !== undefined && options.env[envName]) {
    return refuse(`Driver "${name}" is not installed: it comes from ${envName}`, `Unset ${envName} to stop using it.`);
  }
  const linkedDir = project.linked[name];
  if (linkedDir !== undefined) {
    return refuse(`Driver "${name}" is linked to ${linkedDir}, not installed`, `Use \`berth driver unlink ${name}\` to remove the link.`);
  }
  if (options.builtins?.[name] !== undefined) {
    return refuse(`Driver "${name}" is built into berth and cannot be removed`, 'Built-in drivers come with berth itself.');
  }
  const onPath = isDriverName ? await findOnPath(driverExecutableName(name), options.env) : undefined;
  if (onPath !== undefined) {
    return refuse(`Driver "${name}" is the executable ${onPath} on PATH, not an installed package`, `Delete ${onPath} yourself to remove it.`);
  }
  return new BerthError('DRIVER_NOT_FOUND', `Driver "${name}" is not installed in ${project.dir}`, {
    hint: 'Run `berth driver ls` to see the installed drivers.',
  });
}

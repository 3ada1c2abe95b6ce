/**
 * `berth driver link DIR` / `unlink NAME`: use a driver package straight from a directory (for driver
 * development). Linked drivers are recorded in `<store>/drivers/package.json` under `berth.linked` and
 * come before built-in and installed ones.
 */
import { resolve } from 'node:path';
import { BerthError, isBerthError } from '../errors.js';
import { silentLogger } from '../logger.js';
import { checkManifestProtocol, readDriverManifest, type DriverManifest } from './driver-manifest.js';
import { lockDrivers } from './drivers-lock.js';
import { readDriversProject, writeLinkedDrivers } from './drivers-project.js';
import { describePackageStartFailure, validateDriverPackage, type ValidateDriverOptions } from './validate-driver.js';

export interface LinkDriverOptions extends ValidateDriverOptions {
  storePath: string;
  /** DIR is resolved against this. */
  cwd: string;
}

export interface LinkedDriver {
  name: string;
  version: string;
  packageName: string;
  protocol: number[];
  /** The package directory (absolute). */
  dir: string;
  /** The driver's entry file. */
  path: string;
}

/** Checks the package at DIR (manifest, protocol, each driver answers initialize), then records its drivers. */
export async function linkDriver(dir: string, options: LinkDriverOptions): Promise<LinkedDriver[]> {
  const packageDir = resolve(options.cwd, dir);
  const manifest = await checkLinkable(packageDir, options);
  const lock = await lockDrivers(options.storePath);
  try {
    const { linked } = await readDriversProject(options.storePath);
    for (const name of Object.keys(manifest.drivers)) linked[name] = packageDir;
    await writeLinkedDrivers(options.storePath, linked);
  } finally {
    await lock.release();
  }
  return Object.entries(manifest.drivers).map(([name, path]) => ({
    name,
    version: manifest.version,
    packageName: manifest.packageName,
    protocol: manifest.protocol,
    dir: packageDir,
    path,
  }));
}

/** Removes the link of driver NAME; the package directory is left alone. */
export async function unlinkDriver(name: string, options: { storePath: string }): Promise<{ name: string; dir: string }> {
  const lock = await lockDrivers(options.storePath);
  try {
    const { linked } = await readDriversProject(options.storePath);
    const dir = linked[name];
    if (dir === undefined) {
      throw new BerthError('DRIVER_NOT_LINKED', `Driver "${name}" is not linked`, {
        hint: 'Run `berth driver ls` to see which drivers are linked (SOURCE linked).',
      });
    }
    delete linked[name];
    await writeLinkedDrivers(options.storePath, linked);
    return { name, dir };
  } finally {
    await lock.release();
  }
}

const LINK_WHAT_HINT =
  'Give the folder of a driver package: the one whose package.json has a "berth" field (docs/WRITING-A-DRIVER.md shows one).';

async function checkLinkable(packageDir: string, options: LinkDriverOptions): Promise<DriverManifest> {
  const fail = (why: string, cause: unknown, hint?: string) =>
    new BerthError('DRIVER_LINK_FAILED', `${packageDir} was not linked: ${why}`, { cause, ...(hint === undefined ? {} : { hint }) });
  let manifest: DriverManifest;
  try {
    manifest = await readDriverManifest(packageDir);
    checkManifestProtocol(manifest);
  } catch (err) {
    if (!isBerthError(err)) throw err;
    const hint = err.hint ?? (err.code === 'DRIVER_MANIFEST_NOT_FOUND' ? LINK_WHAT_HINT : undefined);
    throw fail(err.message, err, hint);
  }
  try {
    await validateDriverPackage(manifest, 'linked', { ...options, logger: options.logger ?? silentLogger });
  } catch (err) {
    throw fail(describePackageStartFailure(manifest, err), err);
  }
  return manifest;
}

/**
 * Drivers that come from a package's berth manifest: linked ones (`berth driver link DIR`, recorded in
 * `<store>/drivers/package.json`'s `berth.linked`) and installed ones (the project's `dependencies`,
 * in `<store>/drivers/node_modules`). Only manifests named by that file are read; no directory is scanned.
 */
import { join } from 'node:path';
import { BerthError, isBerthError } from '../errors.js';
import { checkManifestProtocol, readDriverManifest, type DriverManifest } from './driver-manifest.js';
import { driverExecutableName, isScopedPackageFor } from './driver-package-name.js';
import type { DriversProject } from './drivers-project.js';

/** A driver found in a package: the package's manifest and the driver's entry file. */
export interface PackagedDriver {
  manifest: DriverManifest;
  entry: string;
}

/** The directory npm installed `packageName` in: `<drivers>/node_modules/@scope/name`. */
export function installedPackageDir(project: Pick<DriversProject, 'dir'>, packageName: string): string {
  return join(project.dir, 'node_modules', ...packageName.split('/'));
}

/** The linked package that declares `name`; a link to a directory that went away fails instead of falling through. */
export async function findLinkedDriver(name: string, project: DriversProject): Promise<PackagedDriver | undefined> {
  const dir = project.linked[name];
  if (dir === undefined) return undefined;
  const unlinkHint = `Run \`berth driver unlink ${name}\`, or link the package again with \`berth driver link DIR\`.`;
  let manifest: DriverManifest;
  try {
    manifest = await readDriverManifest(dir);
  } catch (err) {
    if (!isBerthError(err)) throw err;
    throw new BerthError('DRIVER_NOT_FOUND', `Driver "${name}" is linked to ${dir}, but its package cannot be read: ${err.message}`, {
      hint: unlinkHint,
      cause: err,
    });
  }
  const entry = manifest.drivers[name];
  if (entry === undefined) {
    throw new BerthError('DRIVER_NOT_FOUND', `Driver "${name}" is linked to ${dir}, but ${manifest.packageName} there no longer declares it`, {
      hint: unlinkHint,
    });
  }
  checkManifestProtocol(manifest);
  return { manifest, entry };
}

/**
 * The installed package that serves `name`: `berth-driver-<name>`, then `@<scope>/berth-driver-<name>`,
 * then any other installed package whose manifest declares `name` (a package may serve several drivers).
 */
export async function findInstalledDriver(name: string, project: DriversProject): Promise<PackagedDriver | undefined> {
  const { named, others } = installedCandidates(name, Object.keys(project.dependencies));
  for (const packageName of named) {
    const manifest = await readInstalledManifest(project, packageName);
    const entry = manifest.drivers[name];
    if (entry === undefined) continue;
    checkManifestProtocol(manifest);
    return { manifest, entry };
  }
  for (const packageName of others) {
    let manifest: DriverManifest;
    try {
      manifest = await readDriverManifest(installedPackageDir(project, packageName));
    } catch (err) {
      if (isBerthError(err, 'DRIVER_MANIFEST_NOT_FOUND') || isBerthError(err, 'DRIVER_MANIFEST_INVALID')) continue;
      throw err;
    }
    const entry = manifest.drivers[name];
    if (entry === undefined) continue;
    checkManifestProtocol(manifest);
    return { manifest, entry };
  }
  return undefined;
}

/** The dependencies to look at for driver `name`, in order: the ones its name maps to, then the rest. */
export function installedCandidates(name: string, dependencies: readonly string[]): { named: string[]; others: string[] } {
  const sorted = [...dependencies].sort();
  const exact = sorted.filter((dep) => dep === driverExecutableName(name));
  const scoped = sorted.filter((dep) => isScopedPackageFor(dep, name));
  const named = [...exact, ...scoped];
  return { named, others: sorted.filter((dep) => !named.includes(dep)) };
}

/** A package listed in the project must be there: a missing one is reported, not skipped. */
async function readInstalledManifest(project: DriversProject, packageName: string): Promise<DriverManifest> {
  try {
    return await readDriverManifest(installedPackageDir(project, packageName));
  } catch (err) {
    if (!isBerthError(err, 'DRIVER_MANIFEST_NOT_FOUND')) throw err;
    throw new BerthError('DRIVER_NOT_FOUND', `${packageName} is listed in ${project.file} but is not installed in ${join(project.dir, 'node_modules')}`, {
      hint: `Install it again with \`berth driver install ${packageName}\`, or remove it with \`berth driver rm ${packageName}\`.`,
      cause: err,
    });
  }
}

/**
 * `berth driver ls`: every driver berth can see, from every source, without starting any of them.
 * Rows are sorted by name, and for one name in resolution order, so the first row of a name is the
 * driver `-d NAME` uses. Versions and protocols come from manifests (unknown for overrides and PATH).
 */
import { resolve } from 'node:path';
import { isBerthError } from '../errors.js';
import type { Env } from '../paths.js';
import { readDriverManifest, type DriverManifest } from './driver-manifest.js';
import { DRIVER_NAME_PATTERN } from './driver-package-name.js';
import { readDriversProject } from './drivers-project.js';
import { installedPackageDir } from './find-packaged-driver.js';
import { listPathDrivers } from './path-lookup.js';
import { DRIVER_SOURCES, type DriverSource } from './resolve-driver.js';

export interface ListedDriver {
  name: string;
  /** '' when unknown (override, PATH, unreadable package). */
  version: string;
  source: DriverSource;
  /** Protocol versions from the manifest; empty when unknown. */
  protocol: number[];
  /** The npm package; '' for overrides and PATH executables. */
  package: string;
  /** The file that runs (for a linked package that cannot be read: its directory). */
  path: string;
}

/** What the CLI knows about a built-in driver's package. */
export interface BuiltinDriverPackage {
  packageName: string;
  version: string;
  protocol: number[];
}

export interface ListDriversOptions {
  storePath: string;
  env: Env;
  /** Built-in driver name → entry path. */
  builtins?: Record<string, string>;
  /** Built-in driver name → its package (for the VERSION, PROTOCOL and PACKAGE columns). */
  builtinPackages?: Record<string, BuiltinDriverPackage>;
}

const OVERRIDE_PATTERN = /^BERTH_DRIVER_([A-Z0-9_]+)_PATH$/;

export async function listDrivers(options: ListDriversOptions): Promise<ListedDriver[]> {
  const project = await readDriversProject(options.storePath);
  const rows: ListedDriver[] = [...overrideRows(options.env)];
  for (const [name, dir] of Object.entries(project.linked)) {
    const manifest = await readManifestIfValid(dir);
    rows.push(manifest?.drivers[name] === undefined ? unreadable(name, 'linked', dir) : fromManifest(name, 'linked', manifest));
  }
  for (const [name, entry] of Object.entries(options.builtins ?? {})) {
    const pkg = options.builtinPackages?.[name];
    rows.push({ name, version: pkg?.version ?? '', source: 'builtin', protocol: pkg?.protocol ?? [], package: pkg?.packageName ?? '', path: entry });
  }
  for (const packageName of Object.keys(project.dependencies).sort()) {
    const manifest = await readManifestIfValid(installedPackageDir(project, packageName));
    for (const name of Object.keys(manifest?.drivers ?? {})) rows.push(fromManifest(name, 'installed', manifest as DriverManifest));
  }
  for (const { name, path } of await listPathDrivers(options.env)) {
    rows.push({ name, version: '', source: 'path', protocol: [], package: '', path });
  }
  return rows.sort(compareRows);
}

/** `BERTH_DRIVER_MY_CLOUD_PATH=...` → driver `my-cloud`. */
function overrideRows(env: Env): ListedDriver[] {
  const rows: ListedDriver[] = [];
  for (const [key, value] of Object.entries(env)) {
    const match = OVERRIDE_PATTERN.exec(key);
    const name = match?.[1]?.toLowerCase().replaceAll('_', '-');
    if (name === undefined || value === undefined || value === '' || !DRIVER_NAME_PATTERN.test(name)) continue;
    rows.push({ name, version: '', source: 'override', protocol: [], package: '', path: resolve(value) });
  }
  return rows;
}

function fromManifest(name: string, source: DriverSource, manifest: DriverManifest): ListedDriver {
  const path = manifest.drivers[name] ?? manifest.dir;
  return { name, version: manifest.version, source, protocol: manifest.protocol, package: manifest.packageName, path };
}

function unreadable(name: string, source: DriverSource, dir: string): ListedDriver {
  return { name, version: '', source, protocol: [], package: '', path: dir };
}

/** A package whose manifest is missing or broken is listed without details (`driver inspect` tells why). */
async function readManifestIfValid(dir: string): Promise<DriverManifest | undefined> {
  try {
    return await readDriverManifest(dir);
  } catch (err) {
    if (isBerthError(err, 'DRIVER_MANIFEST_NOT_FOUND') || isBerthError(err, 'DRIVER_MANIFEST_INVALID')) return undefined;
    throw err;
  }
}

function compareRows(a: ListedDriver, b: ListedDriver): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return DRIVER_SOURCES.indexOf(a.source) - DRIVER_SOURCES.indexOf(b.source);
}

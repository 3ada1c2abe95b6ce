import { readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuiltinDriverPackage } from '@berth/core';

/** The built-in driver packages; the CLI only *locates* them (reads their manifest), it never imports driver code. */
export const BUILTIN_DRIVER_PACKAGES = [
  '@berth/driver-generic',
  '@berth/driver-virtualbox',
  '@berth/driver-amazonec2',
  '@berth/driver-hyperv',
] as const;

interface DriverManifest {
  name?: string;
  version?: string;
  berth?: { protocol?: number[]; drivers?: Record<string, string> };
}

export interface BuiltinDrivers {
  /** Driver name → absolute entry path. */
  entries: Record<string, string>;
  /** Driver name → its package, for `berth driver ls`. */
  packages: Record<string, BuiltinDriverPackage>;
}

/** Driver name → absolute entry path, read from each package's `berth.drivers` without running any of its code. */
export function locateBuiltinDrivers(): Record<string, string> {
  return readBuiltinDrivers().entries;
}

/** The built-in drivers with their packages' names, versions and protocols. */
export function readBuiltinDrivers(): BuiltinDrivers {
  const found: BuiltinDrivers = { entries: {}, packages: {} };
  for (const pkg of BUILTIN_DRIVER_PACKAGES) {
    const { manifestPath, text } = readManifest(pkg);
    const manifest = JSON.parse(text) as DriverManifest;
    for (const [name, entry] of Object.entries(manifest.berth?.drivers ?? {})) {
      found.entries[name] = resolve(dirname(manifestPath), entry);
      found.packages[name] = { packageName: manifest.name ?? pkg, version: manifest.version ?? '', protocol: manifest.berth?.protocol ?? [] };
    }
  }
  return found;
}

/**
 * A dependency's package.json, looked up the way Node looks up packages: `node_modules/<pkg>` in this
 * file's folder and each one above it. That costs ~0.1 ms a package where require.resolve costs ~1 ms
 * (it also applies exports maps, which a manifest path does not need), and `ls` and `status` wait for
 * it before they can start their driver. Anything unusual (Yarn PnP, NODE_PATH) is left to
 * require.resolve.
 */
function readManifest(pkg: string): { manifestPath: string; text: string } {
  const here = fileURLToPath(import.meta.url);
  for (let dir = dirname(here); ; dir = dirname(dir)) {
    const manifestPath = join(dir, 'node_modules', pkg, 'package.json');
    try {
      // The real path, as require.resolve gives: `berth driver ls` shows where the driver really is.
      return { text: readFileSync(manifestPath, 'utf8'), manifestPath: realpathSync.native(manifestPath) };
    } catch {
      if (dirname(dir) === dir) break;
    }
  }
  const manifestPath = createRequire(here).resolve(`${pkg}/package.json`);
  return { manifestPath, text: readFileSync(manifestPath, 'utf8') };
}

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
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
  const require = createRequire(import.meta.url);
  const found: BuiltinDrivers = { entries: {}, packages: {} };
  for (const pkg of BUILTIN_DRIVER_PACKAGES) {
    const manifestPath = require.resolve(`${pkg}/package.json`);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as DriverManifest;
    for (const [name, entry] of Object.entries(manifest.berth?.drivers ?? {})) {
      found.entries[name] = resolve(dirname(manifestPath), entry);
      found.packages[name] = { packageName: manifest.name ?? pkg, version: manifest.version ?? '', protocol: manifest.berth?.protocol ?? [] };
    }
  }
  return found;
}

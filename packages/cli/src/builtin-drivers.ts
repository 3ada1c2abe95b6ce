import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';

/** The built-in driver packages; the CLI only *locates* them (reads their manifest), it never imports driver code. */
export const BUILTIN_DRIVER_PACKAGES = [
  '@berth/driver-generic',
  '@berth/driver-virtualbox',
  '@berth/driver-amazonec2',
  '@berth/driver-hyperv',
] as const;

interface DriverManifest {
  berth?: { protocol?: number[]; drivers?: Record<string, string> };
}

/** Driver name → absolute entry path, read from each package's `berth.drivers` without running any of its code. */
export function locateBuiltinDrivers(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const found: Record<string, string> = {};
  for (const pkg of BUILTIN_DRIVER_PACKAGES) {
    const manifestPath = require.resolve(`${pkg}/package.json`);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as DriverManifest;
    for (const [name, entry] of Object.entries(manifest.berth?.drivers ?? {})) {
      found[name] = resolve(dirname(manifestPath), entry);
    }
  }
  return found;
}

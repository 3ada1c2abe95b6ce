import { readFileSync } from 'node:fs';

/** This package's version, from its package.json found upwards from this file (bundled or not). */
export const DRIVER_VERSION: string = findVersion();

function findVersion(): string {
  for (let url = new URL('./', import.meta.url); url.pathname !== '/'; url = new URL('../', url)) {
    try {
      const manifest = JSON.parse(readFileSync(new URL('package.json', url), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === '@berth/driver-generic' && manifest.version) return manifest.version;
    } catch {
      // not here: keep going up
    }
  }
  return '0.0.0';
}

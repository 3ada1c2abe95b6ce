import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** The CLI package's version, read once from its package.json (found upwards from this file, bundled or not). */
export function cliVersion(): string {
  if (cached !== undefined) return cached;
  for (let url = new URL('./', import.meta.url); url.pathname !== '/'; url = new URL('../', url)) {
    try {
      const manifest = JSON.parse(readFileSync(new URL('package.json', url), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === '@berth/cli' && manifest.version) return (cached = manifest.version);
    } catch {
      // not here: keep going up
    }
  }
  return (cached = '0.0.0');
}

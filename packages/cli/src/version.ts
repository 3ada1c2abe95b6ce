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

/**
 * The short git commit the bundle was built from: scripts/cli-rollup-options.mjs writes it over this
 * placeholder at build time (no git at run time). `unknown` when not built from a git checkout, or
 * when running the unbundled modules.
 */
const BUILD_COMMIT: string = '@BERTH_BUILD_COMMIT@';

export function buildCommit(): string {
  return BUILD_COMMIT.startsWith('@') ? 'unknown' : BUILD_COMMIT;
}

/** docker-machine's version string: `<Version>, build <GitCommit>` (reference §1.1.3). */
export function fullVersion(): string {
  return `${cliVersion()}, build ${buildCommit()}`;
}

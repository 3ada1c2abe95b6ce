#!/usr/bin/env node
// After `tsc -b`: bundles the CLI and the built-in driver executables into a few files each, so that
// starting them reads a handful of files instead of hundreds (start-up time is a feature: `env` and
// `ls` run at every shell prompt). Lazy command modules stay separate chunks (code splitting).
import { build } from 'esbuild';
import { renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// A bundled ESM file has no `require`; CommonJS dependencies (vscode-jsonrpc) need one.
const banner = { js: "import { createRequire as __berthRequire } from 'node:module'; const require = __berthRequire(import.meta.url);" };
const targets = [
  { entry: 'packages/cli/dist/main.js', outdir: 'packages/cli/dist/bundle' },
  { entry: 'packages/driver-generic/dist/main.js', outdir: 'packages/driver-generic/dist/bundle' },
];
for (const { entry, outdir } of targets) {
  // Build beside the old bundle and swap, so a failed build never leaves a broken `berth`.
  const staging = `${root}${outdir}.new`;
  rmSync(staging, { recursive: true, force: true });
  await build({
    entryPoints: [`${root}${entry}`],
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    banner,
    // ssh2 carries an optional native addon; it is loaded only when an SSH connection is made.
    external: ['ssh2', 'cpu-features'],
    logLevel: 'warning',
    sourcemap: 'linked',
  });
  rmSync(`${root}${outdir}`, { recursive: true, force: true });
  renameSync(staging, `${root}${outdir}`);
}
console.log('bundle: cli and driver-generic bundled');

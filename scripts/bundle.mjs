#!/usr/bin/env node
// After `tsc -b`: bundles the CLI and the built-in driver executables into a few files each, so that
// starting them reads a handful of files instead of hundreds (start-up time is a feature: `env` and
// `ls` run at every shell prompt).
//
// The CLI is bundled with Rollup: its lazy command modules are split into chunks, and Rollup tree-shakes
// per chunk, so `env` loads only the core modules `env` uses. (esbuild's code splitting follows every
// import of a re-exporting index file, which made each command load all of core and vscode-jsonrpc.)
// The driver executable has one entry and no lazy parts, so esbuild's single-file bundle is enough.
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { build } from 'esbuild';
import { renameSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';

const root = fileURLToPath(new URL('..', import.meta.url));
// ssh2 carries an optional native addon; it is loaded only when an SSH connection is made.
const EXTERNAL = new Set(['ssh2', 'cpu-features', ...builtinModules]);
const isExternal = (id) => id.startsWith('node:') || EXTERNAL.has(id);

/** Builds into `<outdir>.new` and swaps, so a failed build never leaves a broken `berth`. */
async function swapInto(outdir, buildInto) {
  const staging = `${root}${outdir}.new`;
  rmSync(staging, { recursive: true, force: true });
  await buildInto(staging);
  rmSync(`${root}${outdir}`, { recursive: true, force: true });
  renameSync(staging, `${root}${outdir}`);
}

await swapInto('packages/cli/dist/bundle', async (dir) => {
  const bundle = await rollup({
    input: `${root}packages/cli/dist/main.js`,
    external: isExternal,
    plugins: [nodeResolve({ exportConditions: ['node'], preferBuiltins: true }), commonjs({ ignoreDynamicRequires: true })],
    onwarn(warning, warn) {
      // Dependencies (node-forge, vscode-jsonrpc, commander) have import cycles and top-level `this`; both are harmless.
      if (warning.code === 'CIRCULAR_DEPENDENCY' || warning.code === 'THIS_IS_UNDEFINED') return;
      warn(warning);
    },
  });
  await bundle.write({ dir, format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js', sourcemap: true });
  await bundle.close();
});

await swapInto('packages/driver-generic/dist/bundle', async (dir) => {
  await build({
    entryPoints: [`${root}packages/driver-generic/dist/main.js`],
    outdir: dir,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // A bundled ESM file has no `require`; CommonJS dependencies (vscode-jsonrpc) need one.
    banner: { js: "import { createRequire as __berthRequire } from 'node:module'; const require = __berthRequire(import.meta.url);" },
    external: ['ssh2', 'cpu-features'],
    logLevel: 'warning',
    sourcemap: 'linked',
  });
});
console.log('bundle: cli (rollup) and driver-generic (esbuild) bundled');

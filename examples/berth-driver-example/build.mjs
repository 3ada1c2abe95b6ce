#!/usr/bin/env node
// Bundles src/main.ts and everything it imports (@berth/driver-sdk and its vscode-jsonrpc) into one
// file, dist/main.js. The packed package then has no runtime dependencies: `berth driver install`
// needs no registry to install it, and the driver starts by reading a single file.
import { build } from 'esbuild';
import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('.', import.meta.url));

const { outputFiles } = await build({
  absWorkingDir: packageDir,
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // vscode-jsonrpc is CommonJS and calls require('util') and friends; an ES module has no `require`.
  banner: { js: "import { createRequire as __exampleRequire } from 'node:module'; const require = __exampleRequire(import.meta.url);" },
  write: false,
  logLevel: 'warning',
});

// Write each file beside its final name and rename it into place, so that a driver being started
// while a build runs (tests build in parallel) never reads a half-written file.
for (const file of outputFiles) {
  mkdirSync(dirname(file.path), { recursive: true });
  const staging = `${file.path}.${process.pid}.tmp`;
  writeFileSync(staging, file.contents);
  chmodSync(staging, 0o755);
  renameSync(staging, file.path);
}

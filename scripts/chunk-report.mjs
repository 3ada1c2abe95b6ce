#!/usr/bin/env node
// Prints which modules each CLI chunk holds and which chunks a command loads (its static import
// closure): `node scripts/chunk-report.mjs env`. For start-up work on the shell-prompt commands.
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import { cliInputOptions, cliOutputOptions } from './cli-rollup-options.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = await rollup({ ...cliInputOptions, onwarn() {} });
// Chunk names without their hashes, for reading.
const { output } = await bundle.generate({ ...cliOutputOptions, chunkFileNames: '[name].cjs' });
const chunks = new Map(output.filter((o) => o.type === 'chunk').map((c) => [c.fileName, c]));
const command = process.argv[2];
const start = command ? [...chunks.values()].find((c) => c.facadeModuleId?.endsWith(`/commands/${command}.js`))?.fileName : 'main.cjs';
const seen = new Set();
const visit = (name) => {
  if (seen.has(name) || !chunks.has(name)) return;
  seen.add(name);
  chunks.get(name).imports.forEach(visit);
};
visit('main.cjs');
if (start) visit(start);
let total = 0;
for (const name of seen) {
  const c = chunks.get(name);
  total += c.code.length;
  console.log(`${name}  ${(c.code.length / 1024).toFixed(1)} KiB  builtins: ${c.imports.filter((i) => !chunks.has(i)).join(' ')}`);
  for (const [id, m] of Object.entries(c.modules)) if (m.renderedLength > 0) console.log(`    ${(m.renderedLength / 1024).toFixed(1).padStart(6)}  ${relative(root, id.replace(/^\0/, ''))}`);
}
console.log(`total ${(total / 1024).toFixed(1)} KiB in ${seen.size} chunks`);

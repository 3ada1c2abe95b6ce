#!/usr/bin/env node
// Runs the whole vitest suite and ends with the plain summary line CI reads: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const results = `${root}.vitest-results.json`;
rmSync(results, { force: true });
const vitest = `${root}node_modules/vitest/vitest.mjs`;
const run = spawnSync(
  process.execPath,
  [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}`, ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
let summary = { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTotalTests: 0 };
try {
  summary = JSON.parse(readFileSync(results, 'utf8'));
} catch {
  console.error('run-tests: vitest wrote no results file');
}
const skipped = summary.numPendingTests + (summary.numTodoTests ?? 0);
console.log(`tests: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed, ${skipped} skipped`);
const failed = run.status !== 0 || summary.numFailedTests > 0 || summary.numTotalTests === 0;
process.exit(failed ? 1 : 0);

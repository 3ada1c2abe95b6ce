#!/usr/bin/env node
// Runs every vitest suite and ends with the plain summary line CI reads: "N passed, N failed".
// The package and example-driver suites run in parallel; the end-to-end suite (real Debian test hosts, test/e2e) runs
// after them, one file at a time, so machine start-ups don't compete with unit tests for 2 cores.
// Extra arguments (file filters) are passed to both runs.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const vitest = `${root}node_modules/vitest/vitest.mjs`;
const extra = process.argv.slice(2);
const runs = [
  { name: 'packages', args: ['packages', 'examples', ...extra] },
  { name: 'e2e', args: ['test/e2e', '--no-file-parallelism', ...extra] },
];
const total = { passed: 0, failed: 0, skipped: 0, tests: 0 };
let failed = false;
for (const run of runs) {
  const results = `${root}.vitest-results-${run.name}.json`;
  rmSync(results, { force: true });
  const child = spawnSync(
    process.execPath,
    [vitest, 'run', '--passWithNoTests', '--reporter=default', '--reporter=json', `--outputFile.json=${results}`, ...run.args],
    { cwd: root, stdio: 'inherit' },
  );
  let summary;
  try {
    summary = JSON.parse(readFileSync(results, 'utf8'));
  } catch {
    console.error(`run-tests: the ${run.name} run wrote no results`);
    failed = true;
    continue;
  }
  total.passed += summary.numPassedTests;
  total.failed += summary.numFailedTests;
  total.skipped += summary.numPendingTests + (summary.numTodoTests ?? 0);
  total.tests += summary.numTotalTests;
  if (child.status !== 0 || summary.numFailedTests > 0) failed = true;
}
console.log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(failed || total.tests === 0 ? 1 : 0);

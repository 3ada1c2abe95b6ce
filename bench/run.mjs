#!/usr/bin/env node
// pnpm bench: times the shell-prompt commands against stores of 1, 10, 50 and 100 `none` machines,
// and prints medians, peak process-tree memory and process counts. It asserts nothing.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchCreate } from './create.mjs';
import { sampleTree } from './process-tree.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const berth = join(root, 'packages/cli/bin/berth.cjs');
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const SIZES = (process.env.BENCH_SIZES ?? '1,10,50,100').split(',').map(Number);
const children = new Set();
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));

/** One run, timed; with `sample`, its process tree is also sampled for peak memory and process count. */
function run(cmd, args, env = {}, { sample = false } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const sampler = sample ? sampleTree(child.pid) : undefined;
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({ code, ms, out, err, ...sampler?.stop() });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs with the process-tree sampler, for the memory and process columns only. */
const SAMPLED_RUNS = 3;

/**
 * Runs the command RUNS times, each run right after one of `node -e 0`, so the ratio compares the two
 * under the same load: on a shared machine the baseline drifts by half within minutes, and a baseline
 * measured once at the start made the same build's `ls` read anywhere from 3.3x to 4.8x. The ratio is
 * the median of each run's own ratio to the `node -e 0` run just before it, so a burst of load that
 * hits one run of a pair is one outlier, not a shift of one of two medians. The timed
 * runs are not sampled: reading /proc every 2 ms takes CPU from the command on a 2-core machine
 * (`ls` of 100 read 7% slower sampled). SAMPLED_RUNS more runs give the peak memory and processes.
 */
async function measure(label, cmd, args, env, before = () => {}) {
  await run(process.execPath, ['-e', '0']);
  before();
  await run(cmd, args, env); // warm the page cache
  const samples = [];
  const baselines = [];
  for (let i = 0; i < RUNS; i++) {
    baselines.push((await run(process.execPath, ['-e', '0'])).ms);
    before();
    const r = await run(cmd, args, env);
    if (r.code !== 0) throw new Error(`${label} failed (${r.code}): ${r.err.trim()}`);
    samples.push(r);
  }
  const sampled = [];
  for (let i = 0; i < SAMPLED_RUNS; i++) {
    before();
    const r = await run(cmd, args, env, { sample: true });
    if (r.code !== 0) throw new Error(`${label} failed (${r.code}): ${r.err.trim()}`);
    sampled.push(r);
  }
  return {
    label,
    ms: median(samples.map((s) => s.ms)),
    baselineMs: median(baselines),
    ratio: median(samples.map((s, i) => s.ms / baselines[i])),
    peakMiB: Math.max(...sampled.map((s) => s.peakKiB)) / 1024,
    processes: Math.max(...sampled.map((s) => s.processes)),
    out: samples[0].out,
  };
}

function freePort() {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function startEngine(certsDir, port) {
  const child = spawn(process.execPath, [join(root, 'bench/engine-server.mjs'), certsDir, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.add(child);
  await new Promise((resolve, reject) => {
    child.stdout.once('data', resolve);
    child.once('exit', (code) => reject(new Error(`fake engine exited ${code}`)));
  });
  return child;
}

async function createMachines(store, count, port) {
  const make = async (i) => {
    const r = await run(process.execPath, [berth, '-s', store, 'create', '-d', 'none', '--url', `tcp://127.0.0.1:${port}`, `m${i}`]);
    if (r.code !== 0) throw new Error(`create m${i} failed: ${r.err}`);
  };
  await make(1);
  for (let i = 2; i <= count; i += 4) {
    await Promise.all([i, i + 1, i + 2, i + 3].filter((n) => n <= count).map(make));
  }
}

const report = (n, label, r) =>
  console.log(
    `${String(n).padStart(8)}  ${label.padEnd(17)} ${r.ms.toFixed(1).padStart(9)}  ${r.baselineMs.toFixed(1).padStart(9)}  ${r.ratio.toFixed(2).padStart(6)}  ${r.peakMiB.toFixed(1).padStart(8)}  ${String(r.processes).padStart(9)}`,
  );
console.log(`each row: median of ${RUNS} runs, each run right after one of \`node -e 0\` (the "node -e 0" column: their median; "x node": the median of each run's ratio to its own node run)`);
if (process.env.NODE_EXTRA_CA_CERTS) {
  // Node 20 reads this file when every process starts: the baseline, berth and each driver all pay it.
  console.log(`note: NODE_EXTRA_CA_CERTS is set (${process.env.NODE_EXTRA_CA_CERTS}); every node process loads it at start-up`);
}
console.log('machines  command            median ms  node -e 0  x node   peak MiB  processes');
console.log('("node: N TLS GET" is Node alone making the N resumed TLS requests ls makes, with no berth code: the floor)');
const env = { DOCKER_HOST: '', SHELL: '/bin/bash' };
for (const n of SIZES) {
  const store = mkdtempSync(join(tmpdir(), `berth-bench-${n}-`));
  const port = await freePort();
  let engine;
  try {
    await createMachines(store, n, port);
    engine = await startEngine(join(store, 'certs'), port);
    // `ls` takes the URL each driver gave last time while the engine there proves to be the machine's
    // (url-cache.ts); without those entries (a first ls, or machines that were down) it asks the drivers.
    const forgetURLs = () => readdirSync(join(store, 'machines')).forEach((m) => rmSync(join(store, 'machines', m, '.berth-url.json'), { force: true }));
    const cases = [
      ['ls', ['ls']],
      ['ls, drivers asked', ['ls'], forgetURLs],
      ['ls -q', ['ls', '-q']],
      ['env m1', ['env', 'm1']],
      ['status m1', ['status', 'm1']],
    ];
    await run(process.execPath, [berth, '-s', store, 'ls'], env); // stores the TLS sessions the floor resumes
    const floor = await measure('tls floor', process.execPath, [join(root, 'bench/tls-floor.cjs'), join(store, 'machines', 'm1'), String(port), String(n)]);
    report(n, `node: ${n} TLS GET`, floor);
    for (const [label, args, before] of cases) {
      const r = await measure(label, process.execPath, [berth, '-s', store, ...args], env, before);
      if (label === 'ls' && !r.out.includes('v24.0.7')) throw new Error(`ls did not reach the engine:\n${r.out}`);
      report(n, label, r);
    }
  } finally {
    engine?.kill('SIGKILL');
    children.delete(engine);
    rmSync(store, { recursive: true, force: true });
  }
}

if (process.env.BENCH_SKIP_CREATE !== '1') await benchCreate();

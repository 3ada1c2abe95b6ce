// `create -d generic` timings on fresh throw-away Debian hosts where docker is installed: one create,
// then 5 creates in parallel (wall time of the batch). Needs root (test hosts); skipped otherwise.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestKey, ensureHostPackages, ensureTemplate, isSupported, startMachine } from '../testhosts/index.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const berth = join(root, 'packages/cli/bin/berth.cjs');
const RUNS = Number(process.env.BENCH_CREATE_RUNS ?? 3);

function create(store, name, ip, key) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [berth, '-s', store, 'create', '-d', 'generic', '--generic-ip-address', ip, '--generic-ssh-key', key, name], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => (code === 0 ? resolve(Number(process.hrtime.bigint() - started) / 1e6) : reject(new Error(`create ${name}: ${err}`))));
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchCreate() {
  const support = await isSupported();
  if (!support.ok) {
    console.log(`create -d generic: skipped (${support.reason})`);
    return;
  }
  await ensureHostPackages();
  await ensureTemplate();
  const work = mkdtempSync(join(tmpdir(), 'berth-bench-create-'));
  const key = await createTestKey(work);
  const singles = [];
  const batches = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const store = join(work, `single-${run}`);
      const machine = await startMachine({ authorizedKey: key.publicKey });
      try {
        singles.push(await create(store, 'one', machine.ip, key.privateKeyPath));
      } finally {
        await machine.stop();
      }
      const machines = await Promise.all([1, 2, 3, 4, 5].map(() => startMachine({ authorizedKey: key.publicKey })));
      try {
        const store5 = join(work, `batch-${run}`);
        const t0 = process.hrtime.bigint();
        await Promise.all(machines.map((m, i) => create(store5, `p${i}`, m.ip, key.privateKeyPath)));
        batches.push(Number(process.hrtime.bigint() - t0) / 1e6);
      } finally {
        await Promise.all(machines.map((m) => m.stop()));
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log(`create -d generic (docker already installed): median ${median(singles).toFixed(0)} ms over ${RUNS} runs [${singles.map((x) => x.toFixed(0)).join(', ')}]`);
  console.log(`5 parallel creates (one store):               median ${median(batches).toFixed(0)} ms over ${RUNS} runs [${batches.map((x) => x.toFixed(0)).join(', ')}] = ${(median(batches) / median(singles)).toFixed(2)}x one create`);
}

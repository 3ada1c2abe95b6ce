// No driver process outlives the berth command that started it (ARCHITECTURE "Driver protocol":
// shutdown, then end stdin, SIGTERM, SIGKILL; a driver exits when its stdin closes).
//
// Other test files run in parallel and start drivers of their own, so a global `pgrep` count is
// not stable. Every run here carries a unique BERTH_E2E_MARKER variable instead; berth hands its
// environment to the drivers, so a driver of this file is a `driver-generic/dist` process whose
// /proc/PID/environ holds the marker. Tests in this file run one after another.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deadPort, startHangingServer, storeWithEngine } from './helpers/fake-engine.js';
import { cleanup, cleanupSuite, newStore, runBerth, spawnBerth, suiteScope } from './helpers/run-berth.js';

afterEach(cleanup);

const MARKER = `BERTH_E2E_MARKER=${randomUUID()}`;
const env = { BERTH_E2E_MARKER: MARKER.slice('BERTH_E2E_MARKER='.length) };
const DRIVER_PATTERN = 'driver-generic/dist';

/** PIDs of running driver-generic processes started by this file's berth runs. */
async function ourDrivers(): Promise<number[]> {
  const { stdout } = await promisify(execFile)('ps', ['-eo', 'pid,args']);
  const pids = stdout
    .split('\n')
    .filter((line) => line.includes(DRIVER_PATTERN))
    .map((line) => Number.parseInt(line.trim(), 10))
    .filter((pid) => Number.isInteger(pid) && pid !== process.pid);
  const ours: number[] = [];
  for (const pid of pids) {
    const environ = await readFile(`/proc/${pid}/environ`, 'latin1').catch(() => '');
    if (environ.split('\0').includes(MARKER)) ours.push(pid);
  }
  return ours;
}

async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms: number): Promise<T> {
  const end = Date.now() + ms;
  let value = await fn();
  while (!ok(value) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    value = await fn();
  }
  return value;
}

/** Global count, as `pgrep -f` sees it (informational: other files' drivers come and go). */
async function pgrepCount(): Promise<number> {
  const r = await promisify(execFile)('pgrep', ['-f', DRIVER_PATTERN]).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
  return r.stdout.split('\n').filter(Boolean).length;
}

let store: string;

describe('driver processes', () => {
  beforeAll(async () => {
    expect(await ourDrivers()).toEqual([]);
    // m1 has a running engine, down has none; m0 is created and removed by the tests below.
    ({ store } = await storeWithEngine('m1', suiteScope));
    expect((await runBerth(['create', '-d', 'none', '--url', `tcp://127.0.0.1:${await deadPort()}`, 'down'], { store })).code).toBe(0);
  });
  afterAll(cleanupSuite);

  it('the marker reaches the driver (otherwise the checks below prove nothing)', async () => {
    const hung = await startHangingServer();
    const s = await newStore();
    expect((await runBerth(['create', '-d', 'none', '--url', hung.url, 'h'], { store: s, env })).code).toBe(0);
    const running = spawnBerth(['ls', '-t', '20'], { store: s, env });
    const seen = await waitFor(ourDrivers, (p) => p.length > 0, 15_000);
    expect(seen.length).toBeGreaterThan(0);
    running.child.kill('SIGKILL');
    await running.done;
  });

  it.each([
    ['create', () => ['create', '-d', 'none', '--url', 'tcp://127.0.0.1:1', 'm0']],
    ['create (fails: no --url)', () => ['create', '-d', 'none', 'nourl']],
    ['create (fails: bad name)', () => ['create', '-d', 'none', '--url', 'tcp://127.0.0.1:1', 'bad_name']],
    ['create (fails: exists)', () => ['create', '-d', 'none', '--url', 'tcp://127.0.0.1:1', 'm1']],
    ['ls', () => ['ls']],
    ['ls -q --filter state=Running', () => ['ls', '-q', '--filter', 'state=Running']],
    ['ls --format json', () => ['ls', '--format', 'json']],
    ['env', () => ['env', 'm1']],
    ['env (engine down)', () => ['env', 'down']],
    ['config', () => ['config', 'm1']],
    ['url', () => ['url', 'm1']],
    ['ip', () => ['ip', 'm1', 'down']],
    ['status', () => ['status', 'm1']],
    ['inspect', () => ['inspect', 'm1']],
    ['version NAME', () => ['version', 'm1']],
    ['active', () => ['active']],
    ['stop (fails)', () => ['stop', 'm1']],
    ['kill (fails)', () => ['kill', 'm1']],
    ['rm -y', () => ['rm', '-y', 'm0']],
  ])('%s leaves no driver running', async (_label, args) => {
    const globalBefore = await pgrepCount();
    expect(await ourDrivers()).toEqual([]);
    const r = await runBerth(args(), { store, env });
    expect(r.stderr).not.toMatch(/^\s+at /m);
    // Checked the moment berth has exited: it waits for its drivers before exiting.
    expect(await ourDrivers(), `after berth ${args().join(' ')}: ${r.stdout}${r.stderr}`).toEqual([]);
    // pgrep's global count is informational only; log a difference, do not fail on it.
    const globalAfter = await pgrepCount();
    if (globalAfter > globalBefore) console.info(`pgrep -f ${DRIVER_PATTERN}: ${globalBefore} → ${globalAfter} (other files run drivers too)`);
  });

  it('berth killed with SIGKILL mid-command: its driver exits on its own (stdin closes)', async () => {
    const hung = await startHangingServer();
    const s = await newStore();
    expect((await runBerth(['create', '-d', 'none', '--url', hung.url, 'h'], { store: s, env })).code).toBe(0);
    const running = spawnBerth(['ls', '-t', '30'], { store: s, env });
    expect((await waitFor(ourDrivers, (p) => p.length > 0, 15_000)).length).toBeGreaterThan(0);
    running.child.kill('SIGKILL');
    await running.done;
    expect(await waitFor(ourDrivers, (p) => p.length === 0, 5_000)).toEqual([]);
  });

  it('Ctrl-C (SIGINT) mid-command: berth exits 130 and kills its driver', async () => {
    const hung = await startHangingServer();
    const s = await newStore();
    expect((await runBerth(['create', '-d', 'none', '--url', hung.url, 'h'], { store: s, env })).code).toBe(0);
    const running = spawnBerth(['ls', '-t', '30'], { store: s, env });
    expect((await waitFor(ourDrivers, (p) => p.length > 0, 15_000)).length).toBeGreaterThan(0);
    running.child.kill('SIGINT');
    const r = await running.done;
    expect(r.code).toBe(130);
    expect(await waitFor(ourDrivers, (p) => p.length === 0, 1_000)).toEqual([]);
  });
});

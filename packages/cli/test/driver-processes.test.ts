// No driver process outlives the berth command that started it (ARCHITECTURE "Driver protocol":
// shutdown, then end stdin, SIGTERM, SIGKILL; a driver exits when its stdin closes).
//
// Other test files run in parallel and start drivers of their own, so a global `pgrep` count is
// not stable. Every test here gives its berth runs a unique BERTH_E2E_MARKER variable instead;
// berth hands its environment to the drivers, so a driver of that test is a `driver-generic/dist`
// process whose /proc/PID/environ holds the marker. Tests in this file run one after another.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deadPort, startHangingServer, storeWithEngine } from './helpers/fake-engine.js';
import { cleanup, cleanupSuite, newStore, runBerth, spawnBerth, suiteScope } from './helpers/run-berth.js';

const DRIVER_PATTERN = 'driver-generic/dist';
let marker = '';
let env: Record<string, string> = {};

beforeEach(() => {
  marker = randomUUID();
  env = { BERTH_E2E_MARKER: marker };
});

afterEach(async () => {
  // Drivers this test's berth runs left behind are this test's processes: end them by PID.
  for (const pid of await driversWithMarker(marker)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await cleanup();
});

/** PIDs of running driver-generic processes whose environment holds BERTH_E2E_MARKER=`mark`. */
async function driversWithMarker(mark: string): Promise<number[]> {
  const { stdout } = await promisify(execFile)('ps', ['-eo', 'pid,args']);
  const pids = stdout
    .split('\n')
    .filter((line) => line.includes(DRIVER_PATTERN))
    .map((line) => Number.parseInt(line.trim(), 10))
    .filter((pid) => Number.isInteger(pid) && pid !== process.pid);
  const ours: number[] = [];
  for (const pid of pids) {
    const environ = await readFile(`/proc/${pid}/environ`, 'latin1').catch(() => '');
    if (environ.split('\0').includes(`BERTH_E2E_MARKER=${mark}`)) ours.push(pid);
  }
  return ours;
}
const ourDrivers = () => driversWithMarker(marker);

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

/** A store with one machine whose engine accepts connections and never answers, and `ls` running on it. */
async function berthStuckInLs(timeoutSeconds: number) {
  const hung = await startHangingServer();
  const s = await newStore();
  expect((await runBerth(['create', '-d', 'none', '--url', hung.url, 'h'], { store: s, env })).code).toBe(0);
  const running = spawnBerth(['ls', '-t', String(timeoutSeconds)], { store: s, env, timeoutMs: 60_000 });
  const drivers = await waitFor(ourDrivers, (p) => p.length > 0, 15_000);
  return { running, drivers };
}

let store: string;

describe('driver processes', () => {
  beforeAll(async () => {
    // m1 has a running engine, down has none; m0 is created and removed by the tests below.
    ({ store } = await storeWithEngine('m1', suiteScope));
    expect((await runBerth(['create', '-d', 'none', '--url', `tcp://127.0.0.1:${await deadPort()}`, 'down'], { store })).code).toBe(0);
  });
  afterAll(cleanupSuite);

  it('the marker reaches the driver while berth runs, and the driver is gone when berth is done', async () => {
    const { running, drivers } = await berthStuckInLs(2);
    expect(drivers).toHaveLength(1);
    const r = await running.done;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Timeout');
    expect(await ourDrivers()).toEqual([]);
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
    // Commands that fail (bad flag, bad filter, unknown machine, too many names):
    ['ls (fails: unknown flag)', () => ['ls', '--bogus']],
    ['ls (fails: bad filter)', () => ['ls', '--filter', 'nope=1']],
    ['status (fails: unknown machine beside a known one)', () => ['status', 'm1', 'nosuch']],
    ['url (fails: too many names)', () => ['url', 'm1', 'down']],
  ])('%s leaves no driver running', async (_label, args) => {
    const globalBefore = await pgrepCount();
    const r = await runBerth(args(), { store, env });
    expect(r.stderr).not.toMatch(/^\s+at /m);
    // Checked the moment berth has exited: it waits for its drivers before exiting.
    expect(await ourDrivers(), `after berth ${args().join(' ')}: ${r.stdout}${r.stderr}`).toEqual([]);
    const globalAfter = await pgrepCount();
    if (globalAfter > globalBefore) console.info(`pgrep -f ${DRIVER_PATTERN}: ${globalBefore} -> ${globalAfter} (other files run drivers too)`);
  });

  it('Ctrl-C (SIGINT) mid-command: berth exits 130 and its driver is gone', async () => {
    const { running } = await berthStuckInLs(30);
    running.child.kill('SIGINT');
    const r = await running.done;
    expect(r.code).toBe(130);
    expect(await waitFor(ourDrivers, (p) => p.length === 0, 1_000)).toEqual([]);
  });

  // Regression: when berth dies without its clean-up (SIGKILL, OOM kill, a crash), the driver's stdio
  // sockets close; the driver used to write a log line to stderr, get EPIPE, which is an
  // uncaughtException, whose handler logs to stderr again (EPIPE again, ...): the orphan never
  // exits and spins at 25-40 % CPU (strace: endless write(2, "{\"level\":\"error\",\"msg\":\"uncaught..."
  // = -1 EPIPE). ARCHITECTURE: "A driver exits when its stdin closes."
  it('berth killed with SIGKILL mid-command: its driver exits on its own (stdin closes)', async () => {
    const { running } = await berthStuckInLs(30);
    running.child.kill('SIGKILL');
    await running.done;
    expect(await waitFor(ourDrivers, (p) => p.length === 0, 5_000)).toEqual([]);
  });
});

import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MachineRef } from '@berth/driver-sdk';
import { createDriverHost, type DriverHost, type DriverHostOptions } from '../src/drivers/driver-host.js';
import { launchDriver, type DriverProcess, type DriverProgress } from '../src/drivers/driver-process.js';
import { resolveDriver } from '../src/drivers/resolve-driver.js';
import type { Logger } from '../src/logger.js';

const fakeDriverPath = fileURLToPath(new URL('./fixtures/fake-driver.mjs', import.meta.url));

let tempDir: string;
let pidFile: string;
let logLines: string[];
const hosts: DriverHost[] = [];
const processes: DriverProcess[] = [];

const logger: Logger = {
  error: (m) => logLines.push(`error ${m}`),
  warn: (m) => logLines.push(`warn ${m}`),
  info: (m) => logLines.push(`info ${m}`),
  debug: (m) => logLines.push(`debug ${m}`),
};

function fakeEnv(extra: Record<string, string> = {}) {
  return { BERTH_DRIVER_FAKE_PATH: fakeDriverPath, FAKE_PID_FILE: pidFile, PATH: tempDir, ...extra };
}

function makeHost(extra: Record<string, string> = {}, options: Partial<DriverHostOptions> = {}): DriverHost {
  const host = createDriverHost({
    hostInfo: { name: 'berth-test', version: '0.0.0' },
    env: fakeEnv(extra),
    logger,
    startTimeoutMs: 10_000,
    readTimeoutMs: 10_000,
    shutdownStepMs: 300,
    ...options,
  });
  hosts.push(host);
  return host;
}

function ref(name: string, config: Record<string, unknown> = { URL: 'tcp://10.0.0.5:2376' }): MachineRef {
  return { name, dir: join(tempDir, 'machines', name), storePath: tempDir, config };
}

function driverPids(): number[] {
  try {
    return readFileSync(pidFile, 'utf8').split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

beforeEach(() => {
  tempDir = mkdtempSync(join(tmpdir(), 'berth-driver-host-'));
  mkdirSync(join(tempDir, 'machines'));
  pidFile = join(tempDir, 'pids');
  logLines = [];
});

afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.dispose()));
  await Promise.all(processes.splice(0).map((driver) => driver.dispose()));
  for (const pid of driverPids()) expect(isRunning(pid), `driver pid ${pid} left running`).toBe(false);
  rmSync(tempDir, { recursive: true, force: true });
});

describe('DriverHost against the fake driver', () => {
  it('runs a machine through its lifecycle', async () => {
    const progress: DriverProgress[] = [];
    const host = makeHost({}, { onProgress: (p) => progress.push(p) });
    const driver = await host.get('fake');
    expect(driver.info).toMatchObject({ protocolVersion: 1, driver: { name: 'fake' }, capabilities: { provision: false } });
    expect(driver.info.createFlags).toEqual([{ name: 'fake-url', type: 'string', usage: 'URL of the machine', envVar: 'FAKE_URL' }]);

    const config = await driver.configFromFlags(ref('m1', {}), { 'fake-url': 'tcp://10.0.0.5:2376' });
    expect(config).toMatchObject({ MachineName: 'm1', URL: 'tcp://10.0.0.5:2376' });
    await driver.preCreateCheck(ref('m1', config));
    const created = await driver.create(ref('m1', config));
    expect(created).toMatchObject({ URL: 'tcp://10.0.0.5:2376' });
    expect(progress).toEqual([{ driver: 'fake', machine: 'm1', message: 'Creating machine', percent: 50 }]);
    expect(logLines).toContain('info (m1) creating');

    expect(await driver.getState(ref('m1'))).toBe('Running');
    expect(await driver.getURL(ref('m1'))).toBe('tcp://10.0.0.5:2376');
    expect(await driver.getIP(ref('m1'))).toBe('10.0.0.5');
    expect(await driver.getSSHInfo(ref('m1'))).toEqual({ host: '10.0.0.5', port: 22, user: 'docker', keyPath: join(tempDir, 'machines', 'm1', 'id_rsa') });
    await driver.stop(ref('m1'));
    expect(await driver.getState(ref('m1'))).toBe('Stopped');
    await expect(driver.getURL(ref('m1'))).rejects.toMatchObject({ code: 'HOST_NOT_RUNNING', hint: 'Run `berth start m1`.' });
    await driver.start(ref('m1'));
    await driver.restart(ref('m1'));
    await driver.kill(ref('m1'));
    expect(await driver.remove(ref('m1'))).toEqual({ URL: 'tcp://10.0.0.5:2376' });
  });

  it('turns a driver error into a BerthError with its code and hint', async () => {
    const driver = await makeHost().get('fake');
    await expect(driver.configFromFlags(ref('m1', {}), {})).rejects.toMatchObject({
      name: 'BerthError',
      code: 'INVALID_FLAG',
      message: '--fake-url is required',
      hint: 'Pass --fake-url tcp://IP:2376.',
    });
  });

  it('serves concurrent callers and machines from one process', async () => {
    const host = makeHost({ FAKE_DELAY_MS: '100' });
    const [a, b] = await Promise.all([host.get('fake'), host.get('fake')]);
    expect(a).toBe(b);
    const [one, two, state] = await Promise.all([a.create(ref('m1')), b.create(ref('m2')), a.getState(ref('m3'))]);
    expect(one.DriverPid).toBe(two.DriverPid);
    expect(state).toBe('Running');
    expect(driverPids()).toEqual([a.pid]);
    expect(one.DriverPid).toBe(a.pid);
  });

  it('carries a 5 MB result intact', async () => {
    const driver = await makeHost({ FAKE_HUGE: '1' }).get('fake');
    const config = await driver.configFromFlags(ref('m1', {}), { 'fake-url': 'tcp://10.0.0.5:2376' });
    expect(typeof config.Huge === 'string' && config.Huge.length).toBe(5 * 1024 * 1024);
  });

  it('launch() resolves once the process is spawned, before the driver answers initialize', async () => {
    const host = makeHost({ FAKE_SLOW_START_MS: '1500' });
    let ready = false;
    const driver = host.get('fake').then((d) => ((ready = true), d));
    await host.launch('fake');
    expect(ready).toBe(false);
    expect((await driver).pid).toBeGreaterThan(0);
  });

  it('launch() of a driver that cannot be found resolves, and get() reports why', async () => {
    const host = makeHost();
    await expect(host.launch('nosuch')).resolves.toBeUndefined();
    await expect(host.get('nosuch')).rejects.toMatchObject({ code: 'DRIVER_NOT_FOUND' });
  });

  it('reports DRIVER_NOT_FOUND naming every place it looked', async () => {
    await expect(makeHost().get('nope')).rejects.toMatchObject({
      code: 'DRIVER_NOT_FOUND',
      message: 'Driver "nope" not found: looked in BERTH_DRIVER_NOPE_PATH, the built-in drivers, PATH (berth-driver-nope)',
      hint: expect.stringContaining('berth driver install nope'),
    });
  });
});

describe('shutting drivers down', () => {
  it('dispose() ends the driver gracefully', async () => {
    const host = makeHost();
    const driver = await host.get('fake');
    await host.dispose();
    expect(isRunning(driver.pid!)).toBe(false);
    expect(logLines.filter((l) => l.includes('SIGTERM') || l.includes('SIGKILL'))).toEqual([]);
    await expect(host.get('fake')).rejects.toMatchObject({ code: 'DRIVER_CANCELLED' });
  });

  it('escalates to SIGKILL for a driver that ignores shutdown and SIGTERM', async () => {
    const resolved = await resolveDriver('fake', { env: fakeEnv() });
    const env = fakeEnv({ FAKE_IGNORE_SHUTDOWN: '1', FAKE_IGNORE_SIGTERM: '1' });
    const driver = await launchDriver(resolved, { hostInfo: { name: 'berth-test', version: '0' }, env, logger, shutdownStepMs: 300 });
    processes.push(driver);
    await driver.dispose();
    expect(driver.exit).toEqual({ signal: 'SIGKILL' });
    expect(isRunning(driver.pid!)).toBe(false);
    expect(logLines).toContain('debug (fake) ignored SIGTERM; sending SIGKILL');
    await driver.dispose(); // idempotent
  });

  it('host dispose() waits for a stubborn driver to be killed', async () => {
    const host = makeHost({ FAKE_IGNORE_SHUTDOWN: '1', FAKE_IGNORE_SIGTERM: '1' });
    const driver = await host.get('fake');
    await host.dispose();
    expect(isRunning(driver.pid!)).toBe(false);
  });

  it('cancels calls in flight when disposed', async () => {
    const host = makeHost({ FAKE_HANG_ON: 'create' });
    const driver = await host.get('fake');
    const create = expect(driver.create(ref('m1'))).rejects.toMatchObject({ code: 'DRIVER_CANCELLED' });
    await host.dispose();
    await create;
  });

  it('disposeSync() kills every driver at once, for signal handlers', async () => {
    const host = makeHost({ FAKE_IGNORE_SHUTDOWN: '1', FAKE_IGNORE_SIGTERM: '1', FAKE_HANG_ON: 'getState' });
    const driver = await host.get('fake');
    const state = expect(driver.getState(ref('m1'))).rejects.toMatchObject({ code: 'DRIVER_CANCELLED' });
    host.disposeSync();
    await state;
    await vi.waitFor(() => expect(isRunning(driver.pid!)).toBe(false));
    await expect(driver.getIP(ref('m1'))).rejects.toMatchObject({ code: 'DRIVER_CANCELLED' });
  });

  it('dispose() during a slow start kills the starting driver', async () => {
    const host = makeHost({ FAKE_SLOW_START_MS: '5000' });
    const starting = expect(host.get('fake')).rejects.toMatchObject({ code: 'DRIVER_CANCELLED' });
    await vi.waitFor(() => expect(driverPids()).toHaveLength(1));
    await host.dispose();
    await starting;
  });
});

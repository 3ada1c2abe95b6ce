import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MachineRef } from '@berth/driver-sdk';
import { createDriverHost, type DriverHost, type DriverHostOptions } from '../src/drivers/driver-host.js';
import type { Logger } from '../src/logger.js';

const fakeDriverPath = fileURLToPath(new URL('./fixtures/fake-driver.mjs', import.meta.url));

let tempDir: string;
let pidFile: string;
let logLines: string[];
const hosts: DriverHost[] = [];

const logger: Logger = {
  error: (m) => logLines.push(`error ${m}`),
  warn: (m) => logLines.push(`warn ${m}`),
  info: (m) => logLines.push(`info ${m}`),
  debug: (m) => logLines.push(`debug ${m}`),
};

function makeHost(extra: Record<string, string> = {}, options: Partial<DriverHostOptions> = {}): DriverHost {
  const host = createDriverHost({
    hostInfo: { name: 'berth-test', version: '0.0.0' },
    env: { BERTH_DRIVER_FAKE_PATH: fakeDriverPath, FAKE_PID_FILE: pidFile, ...extra },
    logger,
    startTimeoutMs: 10_000,
    readTimeoutMs: 10_000,
    shutdownStepMs: 300,
    ...options,
  });
  hosts.push(host);
  return host;
}

function ref(name: string): MachineRef {
  return { name, dir: join(tempDir, 'machines', name), storePath: tempDir, config: { URL: 'tcp://10.0.0.5:2376' } };
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
  tempDir = mkdtempSync(join(tmpdir(), 'berth-driver-failures-'));
  pidFile = join(tempDir, 'pids');
  logLines = [];
});

afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.dispose()));
  for (const pid of driverPids()) expect(isRunning(pid), `driver pid ${pid} left running`).toBe(false);
  rmSync(tempDir, { recursive: true, force: true });
});

describe('a driver that crashes', () => {
  it('rejects every pending call with DRIVER_CRASHED, its exit code and its stderr', async () => {
    const host = makeHost({ FAKE_CRASH_ON_CALL: '3', FAKE_DELAY_MS: '300' });
    const driver = await host.get('fake');
    const calls = [driver.getState(ref('m1')), driver.create(ref('m2')), driver.getIP(ref('m3'))];
    const results = await Promise.allSettled(calls);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      const error = (result as PromiseRejectedResult).reason;
      expect(error).toMatchObject({ code: 'DRIVER_CRASHED', details: { exitCode: 3, stderrTail: expect.stringContaining('boom') } });
      expect(error.message).toContain('Driver "fake" exited unexpectedly (exit code 3) during machine/');
      expect(error.message).toContain('boom');
      expect(error.hint).toContain('--debug');
    }
    expect((results[0] as PromiseRejectedResult).reason.message).toContain('during machine/getState');
  });

  it('stays crashed for the rest of the run: later calls fail with the crash error', async () => {
    const host = makeHost({ FAKE_CRASH_ON_CALL: '1' });
    const driver = await host.get('fake');
    await expect(driver.getState(ref('m1'))).rejects.toMatchObject({ code: 'DRIVER_CRASHED' });
    await expect(driver.getURL(ref('m1'))).rejects.toMatchObject({ code: 'DRIVER_CRASHED', message: expect.stringContaining('boom') });
    expect(await host.get('fake')).toBe(driver);
    expect(driverPids()).toHaveLength(1);
  });

  it('reports a driver killed from outside with the signal', async () => {
    const driver = await makeHost({ FAKE_HANG_ON: 'getState' }).get('fake');
    const state = expect(driver.getState(ref('m1'))).rejects.toMatchObject({
      code: 'DRIVER_CRASHED',
      message: expect.stringContaining('Driver "fake" exited unexpectedly (signal SIGKILL) during machine/getState'),
      details: { signal: 'SIGKILL' },
    });
    process.kill(driver.pid!, 'SIGKILL');
    await state;
  });

  it('fails to start with the driver\'s own message when it finds no cookie', async () => {
    const host = makeHost({ FAKE_REQUIRED_COOKIE: 'another-cookie' });
    await expect(host.get('fake')).rejects.toMatchObject({
      code: 'DRIVER_START_FAILED',
      message: expect.stringContaining('it is started by berth, not run directly'),
      details: { exitCode: 1 },
    });
  });

  it('fails to start with DRIVER_START_FAILED when the executable does not exist', async () => {
    const host = makeHost({}, { builtins: { ghost: join(tempDir, 'berth-driver-ghost') } });
    await expect(host.get('ghost')).rejects.toMatchObject({ code: 'DRIVER_START_FAILED', message: expect.stringContaining('ENOENT') });
  });
});

describe('a driver that hangs', () => {
  it('times a read-only call out with DRIVER_TIMEOUT and cancels it', async () => {
    const host = makeHost({ FAKE_HANG_ON: 'getState' }, { readTimeoutMs: 300 });
    const driver = await host.get('fake');
    await expect(driver.getState(ref('m1'))).rejects.toMatchObject({
      code: 'DRIVER_TIMEOUT',
      message: 'Driver "fake" did not answer machine/getState within 300 ms',
    });
    await vi.waitFor(() => expect(logLines).toContain('info (fake) cancelled machine/getState'));
    expect(await driver.getIP(ref('m1'))).toBe('10.0.0.5'); // the driver itself is still usable
  });

  it('times a mutating call out only when given a limit', async () => {
    const driver = await makeHost({ FAKE_HANG_ON: 'create' }, { readTimeoutMs: 100 }).get('fake');
    await expect(driver.create(ref('m1'), { timeoutMs: 200 })).rejects.toMatchObject({
      code: 'DRIVER_TIMEOUT',
      message: expect.stringContaining('machine/create within 200 ms'),
    });
  });

  it('cancels a call when its AbortSignal fires', async () => {
    const driver = await makeHost({ FAKE_HANG_ON: 'create' }).get('fake');
    const controller = new AbortController();
    const create = driver.create(ref('m1'), { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(create).rejects.toMatchObject({ code: 'DRIVER_CANCELLED' });
    await vi.waitFor(() => expect(logLines).toContain('info (fake) cancelled machine/create'));
    await expect(driver.create(ref('m2'), { signal: controller.signal })).rejects.toMatchObject({ code: 'DRIVER_CANCELLED' });
  });

  it('times out a slow start with DRIVER_TIMEOUT and kills the driver', async () => {
    const host = makeHost({ FAKE_SLOW_START_MS: '5000' }, { startTimeoutMs: 300 });
    await expect(host.get('fake')).rejects.toMatchObject({
      code: 'DRIVER_TIMEOUT',
      message: 'Driver "fake" did not answer initialize within 300 ms',
    });
    const [pid] = driverPids();
    expect(isRunning(pid!)).toBe(false);
  });
});

describe('a driver that breaks the protocol', () => {
  it('reports junk on stdout at start as DRIVER_PROTOCOL_ERROR', async () => {
    await expect(makeHost({ FAKE_GARBAGE: '1' }).get('fake')).rejects.toMatchObject({
      code: 'DRIVER_PROTOCOL_ERROR',
      message: expect.stringMatching(/^Driver "fake" broke the driver protocol.*hello from a stray console\.log/),
    });
  });

  it('reports junk on stdout mid-stream as DRIVER_PROTOCOL_ERROR and kills the driver', async () => {
    const host = makeHost({ FAKE_GARBAGE: 'call' });
    const driver = await host.get('fake');
    await expect(driver.getState(ref('m1'))).rejects.toMatchObject({
      code: 'DRIVER_PROTOCOL_ERROR',
      message: expect.stringContaining('Driver "fake" broke the driver protocol during machine/getState'),
    });
    await expect(driver.getState(ref('m1'))).rejects.toMatchObject({ code: 'DRIVER_PROTOCOL_ERROR' });
    await vi.waitFor(() => expect(isRunning(driver.pid!)).toBe(false));
  });

  it('rejects a result of the wrong shape', async () => {
    const driver = await makeHost({ FAKE_BAD_RESULT: '1' }).get('fake');
    await expect(driver.getState(ref('m1'))).rejects.toMatchObject({
      code: 'DRIVER_PROTOCOL_ERROR',
      message: expect.stringContaining('invalid result'),
    });
  });

  it('refuses a protocol version it did not offer with PROTOCOL_MISMATCH', async () => {
    await expect(makeHost({ FAKE_PROTOCOL_VERSION: '2' }).get('fake')).rejects.toMatchObject({
      code: 'PROTOCOL_MISMATCH',
      message: 'Driver "fake" answered with driver protocol version 2, but berth speaks 1',
    });
  });
});

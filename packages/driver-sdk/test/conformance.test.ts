/** The conformance suite itself: it passes a correct driver, and fails each kind of broken one. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conformanceChecks, defineConformanceTests, driverCommand, runConformance } from '../src/testing/index.js';
import type { ConformanceCheckResult, ConformanceReport, ConformanceTestApi } from '../src/testing/index.js';
import { writeBrokenDrivers } from './helpers/broken-drivers.js';
import type { BrokenDriver } from './helpers/broken-drivers.js';

const STATEFUL = fileURLToPath(new URL('./fixtures/stateful-driver.mjs', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/berth-driver-conformance.js', import.meta.url));
/** Broken drivers hang where a correct one answers: keep the waits short. */
const BROKEN_TIMEOUT_MS = 2_000;

let broken: Awaited<ReturnType<typeof writeBrokenDrivers>>;
beforeAll(async () => {
  broken = await writeBrokenDrivers();
});
afterAll(() => broken.remove());

function check(report: ConformanceReport, nameStart: string): ConformanceCheckResult {
  const found = report.checks.find((result) => result.name.startsWith(nameStart));
  if (found === undefined) throw new Error(`no check named "${nameStart}..." in ${report.checks.map((c) => c.name).join(', ')}`);
  return found;
}

function runBroken(driver: BrokenDriver, driverName: string = driver): Promise<ConformanceReport> {
  return runConformance({ ...driverCommand(broken.paths[driver]), driverName, timeoutMs: BROKEN_TIMEOUT_MS });
}

/** No process started by the suite outlives it: nothing still has the driver file on its command line. */
function processesRunning(file: string): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return ps.stdout.split('\n').filter((line) => line.includes(file));
}

describe('runConformance against a correct driver', () => {
  it('passes every check, the full lifecycle included', async () => {
    const report = await runConformance({
      ...driverCommand(STATEFUL), driverName: 'stateful', createFlags: { 'stateful-token': 't0ken' }, lifecycle: true,
    });
    expect(report.checks.filter((result) => !result.ok)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.checks.map((result) => result.name)).toHaveLength(13);
    expect(processesRunning(STATEFUL)).toEqual([]);
  });

  it('fails configFromFlags and the checks that need it when createFlags are missing, saying which flags it sent', async () => {
    const report = await runConformance({ ...driverCommand(STATEFUL), driverName: 'stateful', env: { STATEFUL_TOKEN: undefined } });
    expect(report.ok).toBe(false);
    expect(check(report, 'machine/configFromFlags').error).toContain(
      'machine/configFromFlags with flags {"stateful-ip":"127.0.0.1","stateful-token":"","stateful-disk-size":20000} (give createFlags that it accepts) ' +
        'failed: error 1000 "--stateful-token is required"',
    );
    expect(check(report, 'refuses to run without the cookie').ok).toBe(true);
  });

  it('fails the handshake when started under another name', async () => {
    const report = await runConformance({ ...driverCommand(STATEFUL), driverName: 'other', createFlags: { 'stateful-token': 't' } });
    expect(check(report, 'initialize answers').error).toBe(
      'initialize with protocolVersions [1] answered wrongly:\n- driver.name is "stateful", but the driver was started as "other" (BERTH_DRIVER_NAME)',
    );
  });
});

describe.concurrent('runConformance against broken drivers', () => {
  it('fails a driver that writes to stdout outside the protocol', async () => {
    const report = await runBroken('junkOnStdout', 'junk');
    expect(report.ok).toBe(false);
    expect(check(report, 'stdout carries only').error).toMatch(
      /^stdout carries something other than protocol messages .*"DEBUG: asking the provider\\n/,
    );
    expect(check(report, 'refuses to run without the cookie').ok).toBe(true);
    expect(check(report, 'initialize answers').ok).toBe(true);
  });

  it('fails a driver that answers the wrong protocol version, and one that does not check the cookie', async () => {
    const report = await runBroken('wrongProtocolVersion');
    expect(check(report, 'initialize answers').error).toBe(
      'initialize with protocolVersions [1] answered wrongly:\n- protocolVersion is 2, but the host offered [1]',
    );
    expect(check(report, 'initialize with only an unsupported version').error).toMatch(
      /^initialize with protocolVersions \[99\] succeeded with \{"protocolVersion":2,.*must fail with code 1000 and data.code "PROTOCOL_MISMATCH"$/,
    );
    expect(check(report, 'refuses to run without the cookie').error).toBe(
      `still running ${BROKEN_TIMEOUT_MS} ms after being started without BERTH_DRIVER_COOKIE: it must print that it is run through berth and exit 1`,
    );
    expect(check(report, 'exits with status 0').ok).toBe(true);
  });

  it('fails a driver that ignores stdin closing and shutdown, and leaves no process behind', async () => {
    const report = await runBroken('ignoresStdinClose');
    expect(check(report, 'exits with status 0').error)
      .toBe('still running 3000 ms after its stdin closed (the host is done or gone: a driver that stays outlives it)');
    expect(check(report, 'answers shutdown').error)
      .toBe('still running 3000 ms after answering shutdown, its stdin still open (the host sends SIGTERM 2 s after the answer)');
    expect(check(report, 'machine/configFromFlags').ok).toBe(true);
    expect(processesRunning(broken.paths.ignoresStdinClose)).toEqual([]);
  });

  it('fails a driver whose errors carry no data.code, in the errors check and wherever they occur', async () => {
    const report = await runBroken('uncodedErrors');
    const expected = 'error code 1 ("something went wrong") is neither 1000 (a driver error, with data.code) nor a JSON-RPC protocol code (-32768 to -32000)';
    expect(check(report, 'errors are coded').error).toBe([
      'these answers break the error rules:',
      '- machine/getState without params.machine succeeded with {"state":"Running"}: it must fail with -32602 (invalid params)',
      `- machine/configFromFlags with no flags: ${expected}`,
      `- machine/configFromFlags with flags of the wrong types: ${expected}`,
    ].join('\n'));
    expect(check(report, 'machine/configFromFlags').error).toBe('machine/configFromFlags with flags {} (give createFlags that it accepts) failed: error 1 "something went wrong"');
    expect(check(report, 'stdout carries only').error).toBe(`the driver answered errors that are not coded:\n- ${expected}`);
  });
});

describe('defineConformanceTests', () => {
  it('registers one test per check under "<driver> driver conformance", each failing with the check\'s message', async () => {
    const registered: Array<{ suite: string; name: string; body: () => Promise<void>; timeoutMs?: number }> = [];
    let suite = '';
    const api: ConformanceTestApi = {
      describe(name, body) {
        suite = name;
        body();
      },
      it(name, body, timeoutMs) {
        registered.push({ suite, name, body, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
      },
    };
    const options = { ...driverCommand(broken.paths.junkOnStdout), driverName: 'junk', timeoutMs: BROKEN_TIMEOUT_MS };
    await defineConformanceTests(options, api);
    expect(registered.map((test) => test.name)).toEqual(conformanceChecks(options).map((c) => c.name));
    expect(new Set(registered.map((test) => test.suite))).toEqual(new Set(['junk driver conformance']));
    expect(registered.every((test) => (test.timeoutMs ?? 0) >= BROKEN_TIMEOUT_MS)).toBe(true);
    const stdio = registered.find((test) => test.name.startsWith('stdout carries only'));
    await expect(stdio?.body()).rejects.toThrow(/^stdout carries something other than protocol messages/);
    const cookie = registered.find((test) => test.name.startsWith('refuses to run'));
    await expect(cookie?.body()).resolves.toBeUndefined();
  });
});

describe('berth-driver-conformance (bin)', () => {
  const runBin = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

  it('prints PASS lines and exits 0 for a correct driver, with --flag values converted to the flag types', () => {
    const result = runBin(STATEFUL, '--driver', 'stateful', '--flag', 'stateful-token=t', '--flag', 'stateful-disk-size=10', '--lifecycle');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^PASS {2}refuses to run without the cookie/);
    expect(result.stdout).toMatch(/\nPASS {2}lifecycle: /);
    expect(result.stdout).toMatch(/\nstateful: 13 passed, 0 failed\n$/);
  });

  it('prints FAIL with the reason and exits 1 for a driver that cannot even start', () => {
    const result = runBin('/nonexistent/berth-driver-nope');
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^FAIL {2}refuses to run without the cookie.*\n {6}the driver could not be started: spawn \/nonexistent\/berth-driver-nope ENOENT\n/);
    expect(result.stdout).toMatch(/\nnope: 0 passed, 12 failed\n$/);
  });

  it('--json prints the report as JSON', () => {
    const result = runBin(STATEFUL, '--driver', 'stateful', '--json');
    expect(result.status).toBe(1); // no --flag stateful-token: configFromFlags fails
    const report = JSON.parse(result.stdout) as ConformanceReport;
    expect(report).toMatchObject({ driverName: 'stateful', ok: false });
    expect(check(report, 'machine/configFromFlags').ok).toBe(false);
    expect(check(report, 'initialize answers').ok).toBe(true);
  });

  it('exits 2 with the usage for a bad command line', () => {
    const result = runBin('--flag', 'x');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^berth-driver-conformance: --flag takes NAME=VALUE, got "x"\n\nUsage: berth-driver-conformance <executable>/);
  });
});

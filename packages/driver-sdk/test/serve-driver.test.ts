import { fileURLToPath } from 'node:url';
import { CancellationTokenSource, ErrorCodes as JsonRpcErrorCodes, ResponseError } from 'vscode-jsonrpc/node';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ConfigFromFlags, Create, DRIVER_ERROR_CODE, GetSSHInfo, GetState, PreCreateCheck, Progress, Shutdown, Start, Stop,
} from '../src/index.js';
import type { ProgressParams } from '../src/index.js';
import {
  initialize, machineRef, parseFrames, startDriverProcess, stopDriverProcesses, waitForExit,
} from './helpers/driver-process.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/fixture-driver.mjs', import.meta.url));

afterEach(stopDriverProcesses);

async function rejection(promise: Promise<unknown>): Promise<ResponseError<unknown>> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ResponseError) return err;
    throw err;
  }
  throw new Error('expected the request to fail');
}

async function startInitialized(logLevel: 'info' | 'debug' = 'info') {
  const driver = startDriverProcess(FIXTURE, { name: 'fixture' });
  await initialize(driver, { logLevel });
  return driver;
}

describe('initialize', () => {
  it('answers with the shared version, the driver, its capabilities and flags', async () => {
    const driver = startDriverProcess(FIXTURE, { name: 'fixture' });
    const result = await initialize(driver, { protocolVersions: [1, 2, 7] });
    expect(result).toEqual({
      protocolVersion: 1,
      driver: { name: 'fixture', version: '1.2.3' },
      capabilities: { provision: true, start: true, stop: false, restart: false, kill: false },
      createFlags: [{ name: 'fixture-size', type: 'int', usage: 'Size of the thing', envVar: 'FIXTURE_SIZE', default: 1 }],
    });
  });

  it('fails with PROTOCOL_MISMATCH naming both version lists when none is shared', async () => {
    const driver = startDriverProcess(FIXTURE, { name: 'fixture' });
    const err = await rejection(initialize(driver, { protocolVersions: [2, 3] }));
    expect(err.code).toBe(DRIVER_ERROR_CODE);
    expect(err.data).toMatchObject({ code: 'PROTOCOL_MISMATCH' });
    expect(err.message).toContain('[2, 3]');
    expect(err.message).toContain('[1]');
    // still usable: a second, compatible initialize works
    await expect(initialize(driver)).resolves.toMatchObject({ protocolVersion: 1 });
  });

  it('refuses machine calls before initialize, and a second initialize', async () => {
    const driver = startDriverProcess(FIXTURE, { name: 'fixture' });
    const early = await rejection(driver.connection.sendRequest(GetState.type, { machine: machineRef('dev') }));
    expect(early.code).toBe(JsonRpcErrorCodes.ServerNotInitialized);
    await initialize(driver);
    const again = await rejection(initialize(driver));
    expect(again.code).toBe(JsonRpcErrorCodes.InvalidRequest);
  });

  it('answers INVALID_PARAMS for params without protocolVersions', async () => {
    const driver = startDriverProcess(FIXTURE, { name: 'fixture' });
    const err = await rejection(driver.connection.sendRequest('initialize', { host: { name: 'x', version: '1' } }));
    expect(err.code).toBe(JsonRpcErrorCodes.InvalidParams);
  });
});

describe('machine calls', () => {
  it('returns {config}, echoing the given config when the driver returns nothing', async () => {
    const driver = await startInitialized();
    const ref = machineRef('dev', { size: 3 });
    await expect(driver.connection.sendRequest(ConfigFromFlags.type, { machine: machineRef('dev'), flags: { 'fixture-size': 3 } }))
      .resolves.toEqual({ config: { size: 3 } });
    await expect(driver.connection.sendRequest(Create.type, { machine: ref })).resolves.toEqual({ config: { size: 3, created: true } });
    await expect(driver.connection.sendRequest(Start.type, { machine: ref })).resolves.toEqual({ config: { size: 3 } });
    await expect(driver.connection.sendRequest(PreCreateCheck.type, { machine: ref })).resolves.toEqual({});
    await expect(driver.connection.sendRequest(GetSSHInfo.type, { machine: ref }))
      .resolves.toEqual({ host: '10.0.0.1', port: 22, user: 'docker', keyPath: '/keys/id_rsa' });
  });

  it('answers NOT_SUPPORTED for a method the driver leaves out', async () => {
    const driver = await startInitialized();
    const err = await rejection(driver.connection.sendRequest(Stop.type, { machine: machineRef('dev') }));
    expect(err.code).toBe(DRIVER_ERROR_CODE);
    expect(err.message).toBe('the fixture driver does not support stop');
    expect(err.data).toEqual({ code: 'NOT_SUPPORTED' });
  });

  it('keeps a DriverError\'s code and hint', async () => {
    const driver = await startInitialized();
    const err = await rejection(driver.connection.sendRequest(GetState.type, { machine: machineRef('dev', { behaviour: 'driverError' }) }));
    expect(err.code).toBe(DRIVER_ERROR_CODE);
    expect(err.message).toBe('VBoxManage was not found');
    expect(err.data).toEqual({ code: 'VBOX_NOT_INSTALLED', hint: 'Install VirtualBox' });
  });

  it('turns any other throw into DRIVER_INTERNAL with its message, the stack only in the debug log', async () => {
    const driver = await startInitialized('debug');
    const err = await rejection(driver.connection.sendRequest(GetState.type, { machine: machineRef('dev', { behaviour: 'throw' }) }));
    expect(err.code).toBe(DRIVER_ERROR_CODE);
    expect(err.message).toBe('boom: the thing broke');
    expect(err.data).toEqual({ code: 'DRIVER_INTERNAL' });
    const stackLine = driver.logLines().find((line) => line.level === 'debug' && line.msg?.includes('boom: the thing broke'));
    expect(stackLine?.msg).toContain('fixture-driver.mjs');
    expect(stackLine?.machine).toBe('dev');

    const bare = await rejection(driver.connection.sendRequest(GetState.type, { machine: machineRef('dev', { behaviour: 'throwString' }) }));
    expect(bare.data).toEqual({ code: 'DRIVER_INTERNAL' });
    expect(bare.message).toContain('a bare string');
  });

  it('reports a result of the wrong shape as DRIVER_INTERNAL', async () => {
    const driver = await startInitialized();
    const err = await rejection(driver.connection.sendRequest(GetState.type, { machine: machineRef('dev', { behaviour: 'badState' }) }));
    expect(err.data).toEqual({ code: 'DRIVER_INTERNAL' });
    expect(err.message).toContain('"Sleeping"');
  });

  it('answers INVALID_PARAMS when the machine ref is missing or malformed', async () => {
    const driver = await startInitialized();
    const missing = await rejection(driver.connection.sendRequest('machine/getState', {}));
    expect(missing.code).toBe(JsonRpcErrorCodes.InvalidParams);
    const noName = await rejection(driver.connection.sendRequest('machine/getState', { machine: { ...machineRef('x'), name: '' } }));
    expect(noName.code).toBe(JsonRpcErrorCodes.InvalidParams);
    expect(noName.message).toContain('params.machine.name');
    const badFlags = await rejection(driver.connection.sendRequest('machine/configFromFlags', { machine: machineRef('x'), flags: { a: { b: 1 } } }));
    expect(badFlags.code).toBe(JsonRpcErrorCodes.InvalidParams);
  });

  it('answers MethodNotFound for an unknown method', async () => {
    const driver = await startInitialized();
    const err = await rejection(driver.connection.sendRequest('machine/teleport', { machine: machineRef('dev') }));
    expect(err.code).toBe(JsonRpcErrorCodes.MethodNotFound);
  });

  it('serves two machines at once: a slow call does not hold up another', async () => {
    const driver = await startInitialized();
    const order: string[] = [];
    const slow = driver.connection.sendRequest(GetState.type, { machine: machineRef('slow', { delayMs: 500, state: 'Stopped' }) })
      .then((r) => { order.push('slow'); return r; });
    const fast = driver.connection.sendRequest(GetState.type, { machine: machineRef('fast', { state: 'Running' }) })
      .then((r) => { order.push('fast'); return r; });
    await expect(Promise.all([slow, fast])).resolves.toEqual([{ state: 'Stopped' }, { state: 'Running' }]);
    expect(order).toEqual(['fast', 'slow']);
  });

  it('aborts the handler\'s signal on $/cancelRequest and answers DRIVER_CANCELLED', async () => {
    const driver = await startInitialized();
    const source = new CancellationTokenSource();
    const pending = driver.connection.sendRequest(GetState.type, { machine: machineRef('dev', { behaviour: 'hang' }) }, source.token);
    setTimeout(() => source.cancel(), 200);
    const err = await rejection(pending);
    expect(err.code).toBe(DRIVER_ERROR_CODE);
    expect(err.data).toEqual({ code: 'DRIVER_CANCELLED' });
    expect(err.message).toContain('machine/getState for machine "dev" was cancelled');
  });

  it('sends $/progress with the machine name, and log lines carrying it', async () => {
    const driver = await startInitialized();
    const progress: ProgressParams[] = [];
    driver.connection.onNotification(Progress.type, (params: ProgressParams) => {
      progress.push(params);
    });
    await driver.connection.sendRequest(Create.type, { machine: machineRef('dev') });
    expect(progress).toEqual([{ machine: 'dev', message: 'Creating the thing', percent: 50 }]);
    expect(driver.logLines()).toContainEqual({ level: 'info', msg: 'created the thing', machine: 'dev' });
  });
});

describe('stdout and stderr', () => {
  it('keeps console.* and process.stdout.write out of stdout: they become stderr log lines', async () => {
    const driver = await startInitialized();
    await expect(driver.connection.sendRequest(GetState.type, { machine: machineRef('dev', { behaviour: 'console' }) }))
      .resolves.toEqual({ state: 'Running' });
    const frames = parseFrames(driver.stdout());
    expect(frames.length).toBeGreaterThanOrEqual(2);
    for (const frame of frames) expect(frame).toMatchObject({ jsonrpc: '2.0' });
    expect(driver.stdout().toString('utf8')).not.toContain('hello from');
    const lines = driver.logLines();
    expect(lines.filter((line) => line.raw !== undefined)).toEqual([]);
    expect(lines).toContainEqual({ level: 'info', msg: 'hello from console.log 42 { nested: true }' });
    expect(lines).toContainEqual({ level: 'info', msg: 'hello from console.info' });
    expect(lines).toContainEqual({ level: 'error', msg: 'hello from console.error' });
    expect(lines).toContainEqual({ level: 'info', msg: 'hello from process.stdout.write' });
    expect(lines.some((line) => line.level === 'info' && line.msg?.includes('(index)'))).toBe(true);
  });

  it('honours the log level from initialize', async () => {
    const quiet = await startInitialized('info');
    await quiet.connection.sendRequest(GetState.type, { machine: machineRef('dev', { behaviour: 'debugLog' }) });
    expect(quiet.logLines().filter((line) => line.level === 'debug')).toEqual([]);

    const chatty = await startInitialized('debug');
    await chatty.connection.sendRequest(GetState.type, { machine: machineRef('dev', { behaviour: 'debugLog' }) });
    expect(chatty.logLines()).toContainEqual({ level: 'debug', msg: 'debug line, logLevel=debug', machine: 'dev' });
    expect(chatty.logLines()).toContainEqual({ level: 'debug', msg: 'Calling machine/getState', machine: 'dev' });
  });
});

describe('process lifetime', () => {
  it('answers shutdown with {} and then exits 0, aborting calls still running', async () => {
    const driver = await startInitialized();
    const hanging = rejection(driver.connection.sendRequest(GetState.type, { machine: machineRef('dev', { behaviour: 'hang' }) }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(driver.connection.sendRequest(Shutdown.type, {})).resolves.toEqual({});
    const err = await hanging;
    expect(err.data).toEqual({ code: 'DRIVER_CANCELLED' });
    await expect(waitForExit(driver)).resolves.toEqual({ code: 0, signal: null });
  });

  it('accepts shutdown after a failed initialize', async () => {
    const driver = startDriverProcess(FIXTURE, { name: 'fixture' });
    await rejection(initialize(driver, { protocolVersions: [9] }));
    await expect(driver.connection.sendRequest(Shutdown.type, {})).resolves.toEqual({});
    await expect(waitForExit(driver)).resolves.toEqual({ code: 0, signal: null });
  });

  it('exits 0 when its stdin closes', async () => {
    const driver = await startInitialized();
    driver.child.stdin.end();
    await expect(waitForExit(driver)).resolves.toEqual({ code: 0, signal: null });
  });

  it('exits 0 when stdin closes before initialize', async () => {
    const driver = startDriverProcess(FIXTURE, { name: 'fixture' });
    driver.child.stdin.end();
    await expect(waitForExit(driver)).resolves.toEqual({ code: 0, signal: null });
  });

  it('without the cookie prints that it must be run through berth and exits 1', async () => {
    const driver = startDriverProcess(FIXTURE, { name: 'fixture', cookie: false });
    await expect(waitForExit(driver)).resolves.toEqual({ code: 1, signal: null });
    expect(driver.stderr()).toBe(
      'This is a berth driver executable (fixture). It is not meant to be run directly: use it through berth ' +
        '(e.g. berth create -d fixture).\n(protocol versions: 1)\n',
    );
    expect(driver.stdout().length).toBe(0);
  });
});

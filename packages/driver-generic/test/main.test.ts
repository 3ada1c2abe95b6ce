/** The built executable (dist/main.js), spawned as the host does and driven over JSON-RPC. */
import { fileURLToPath } from 'node:url';
import {
  ConfigFromFlags, Create, DRIVER_ERROR_CODE, GetIP, GetSSHInfo, GetState, GetURL, Kill, PreCreateCheck, Remove, Restart,
  Shutdown, Start, Stop,
} from '@berth/driver-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import {
  initialize, machineRef, parseFrames, startDriverProcess, stopDriverProcesses, waitForExit,
} from '../../driver-sdk/test/helpers/driver-process.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/berth-driver-generic.cjs', import.meta.url));
const URL_A = 'tcp://192.168.99.10:2376';

afterEach(stopDriverProcesses);

interface WireError { code: number; message: string; data?: unknown }

async function rejection(promise: Promise<unknown>): Promise<WireError> {
  try {
    await promise;
  } catch (err) {
    return err as WireError;
  }
  throw new Error('expected the request to fail');
}

async function startNone() {
  const driver = startDriverProcess(MAIN, { name: 'none' });
  await initialize(driver);
  return driver;
}

function noneRef(name: string, url: string) {
  return machineRef(name, { IPAddress: '', MachineName: name, URL: url });
}

describe('none', () => {
  it('initializes as the none driver: not provisioned, flag --url', async () => {
    const driver = startDriverProcess(MAIN, { name: 'none' });
    await expect(initialize(driver)).resolves.toEqual({
      protocolVersion: 1,
      driver: { name: 'none', version: expect.any(String) as string },
      capabilities: { provision: false, start: false, stop: false, restart: false, kill: false },
      createFlags: [{ name: 'url', type: 'string', usage: 'URL of host when no driver is selected', default: '' }],
    });
  });

  it('fails initialize with PROTOCOL_MISMATCH when the host speaks only other versions', async () => {
    const driver = startDriverProcess(MAIN, { name: 'none' });
    const err = await rejection(initialize(driver, { protocolVersions: [2] }));
    expect(err.code).toBe(DRIVER_ERROR_CODE);
    expect(err.data).toMatchObject({ code: 'PROTOCOL_MISMATCH' });
    expect(err.message).toMatch(/\[2\].*\[1\]/);
  });

  it('configFromFlags turns --url into the docker-machine blob', async () => {
    const driver = await startNone();
    const { config } = await driver.connection.sendRequest(ConfigFromFlags.type, { machine: machineRef('dev'), flags: { url: URL_A } });
    expect(JSON.stringify(config)).toBe(JSON.stringify({
      IPAddress: '192.168.99.10', MachineName: 'dev', SSHUser: '', SSHPort: 0, SSHKeyPath: '',
      StorePath: '/tmp/berth-test-store', SwarmMaster: false, SwarmHost: '', SwarmDiscovery: '', URL: URL_A,
    }));
    const missing = await rejection(driver.connection.sendRequest(ConfigFromFlags.type, { machine: machineRef('dev'), flags: {} }));
    expect(missing).toMatchObject({
      code: DRIVER_ERROR_CODE, message: '--url option is required when no driver is selected', data: { code: 'INVALID_CONFIG' },
    });
  });

  it('answers getURL, getState and getIP from the stored URL', async () => {
    const driver = await startNone();
    const machine = noneRef('dev', URL_A);
    await expect(driver.connection.sendRequest(GetURL.type, { machine })).resolves.toEqual({ url: URL_A });
    await expect(driver.connection.sendRequest(GetState.type, { machine })).resolves.toEqual({ state: 'Running' });
    await expect(driver.connection.sendRequest(GetIP.type, { machine })).resolves.toEqual({ ip: '192.168.99.10' });
    await expect(driver.connection.sendRequest(GetIP.type, { machine: noneRef('v6', 'tcp://[fd00::5]:2376') }))
      .resolves.toEqual({ ip: 'fd00::5' });
  });

  it('create, preCreateCheck and remove do nothing and hand the config back', async () => {
    const driver = await startNone();
    const machine = noneRef('dev', URL_A);
    await expect(driver.connection.sendRequest(PreCreateCheck.type, { machine })).resolves.toEqual({});
    await expect(driver.connection.sendRequest(Create.type, { machine })).resolves.toEqual({ config: machine.config });
    await expect(driver.connection.sendRequest(Remove.type, { machine })).resolves.toEqual({ config: machine.config });
  });

  it('answers start/stop/restart/kill and getSSHInfo with NOT_SUPPORTED in data.code', async () => {
    const driver = await startNone();
    const machine = noneRef('dev', URL_A);
    const cases = [[Start, 'started'], [Stop, 'stopped'], [Restart, 'restarted'], [Kill, 'killed']] as const;
    for (const [request, verb] of cases) {
      const err = await rejection(driver.connection.sendRequest(request.type, { machine }));
      expect(err).toMatchObject({ code: DRIVER_ERROR_CODE, message: `hosts without a driver cannot be ${verb}`, data: { code: 'NOT_SUPPORTED' } });
    }
    const ssh = await rejection(driver.connection.sendRequest(GetSSHInfo.type, { machine }));
    expect(ssh).toMatchObject({ code: DRIVER_ERROR_CODE, data: { code: 'NOT_SUPPORTED' } });
  });

  it('serves two machines concurrently from one process', async () => {
    const driver = await startNone();
    const calls = await Promise.all([
      driver.connection.sendRequest(GetURL.type, { machine: noneRef('a', 'tcp://10.0.0.1:2376') }),
      driver.connection.sendRequest(GetURL.type, { machine: noneRef('b', 'tcp://10.0.0.2:2376') }),
      driver.connection.sendRequest(GetIP.type, { machine: noneRef('a', 'tcp://10.0.0.1:2376') }),
      driver.connection.sendRequest(GetIP.type, { machine: noneRef('b', 'tcp://10.0.0.2:2376') }),
    ]);
    expect(calls).toEqual([{ url: 'tcp://10.0.0.1:2376' }, { url: 'tcp://10.0.0.2:2376' }, { ip: '10.0.0.1' }, { ip: '10.0.0.2' }]);
  });

  it('writes nothing but protocol frames to stdout, and JSON lines to stderr', async () => {
    const driver = startDriverProcess(MAIN, { name: 'none' });
    await initialize(driver, { logLevel: 'debug' });
    await driver.connection.sendRequest(GetState.type, { machine: noneRef('dev', URL_A) });
    for (const frame of parseFrames(driver.stdout())) expect(frame).toMatchObject({ jsonrpc: '2.0' });
    expect(driver.logLines()).toContainEqual({ level: 'debug', msg: 'Calling machine/getState', machine: 'dev' });
    expect(driver.logLines().filter((line) => line.raw !== undefined)).toEqual([]);
  });
});

describe('generic', () => {
  it('declares docker-machine\'s generic flags with their env vars and defaults', async () => {
    const driver = startDriverProcess(MAIN, { name: 'generic' });
    const result = await initialize(driver);
    expect(result.driver.name).toBe('generic');
    expect(result.capabilities).toEqual({ provision: true, start: false, stop: false, restart: true, kill: false });
    expect(result.createFlags).toEqual([
      { name: 'generic-engine-port', type: 'int', usage: 'Docker engine port', envVar: 'GENERIC_ENGINE_PORT', default: 2376 },
      { name: 'generic-ip-address', type: 'string', usage: 'IP Address of machine', envVar: 'GENERIC_IP_ADDRESS' },
      { name: 'generic-ssh-user', type: 'string', usage: 'SSH user', envVar: 'GENERIC_SSH_USER', default: 'root' },
      {
        name: 'generic-ssh-key', type: 'string', usage: 'SSH private key path (if not provided, default SSH key will be used)',
        envVar: 'GENERIC_SSH_KEY', default: '',
      },
      { name: 'generic-ssh-port', type: 'int', usage: 'SSH port', envVar: 'GENERIC_SSH_PORT', default: 22 },
    ]);
  });

  it('needs --generic-ip-address, answers Stopped for a closed SSH port, and refuses start', async () => {
    const driver = startDriverProcess(MAIN, { name: 'generic' });
    await initialize(driver);
    const noIP = await rejection(driver.connection.sendRequest(ConfigFromFlags.type, { machine: machineRef('g'), flags: {} }));
    expect(noIP).toMatchObject({ message: 'generic driver requires the --generic-ip-address option', data: { code: 'INVALID_CONFIG' } });
    // Port 1 on loopback is closed: the TCP probe says Stopped, and getURL says the host is not running.
    const config = { IPAddress: '127.0.0.1', SSHPort: 1, EnginePort: 2376 };
    const ref = { ...machineRef('g'), config };
    await expect(driver.connection.sendRequest(GetState.type, { machine: ref })).resolves.toEqual({ state: 'Stopped' });
    const url = await rejection(driver.connection.sendRequest(GetURL.type, { machine: ref }));
    expect(url).toMatchObject({ message: 'Host is not running', data: { code: 'HOST_NOT_RUNNING' } });
    const start = await rejection(driver.connection.sendRequest(Start.type, { machine: ref }));
    expect(start).toMatchObject({ message: 'the generic driver does not support start', data: { code: 'NOT_SUPPORTED' } });
  });

  it('is what the executable serves when BERTH_DRIVER_NAME is unset', async () => {
    const driver = startDriverProcess(MAIN);
    await expect(initialize(driver)).resolves.toMatchObject({ driver: { name: 'generic' } });
  });

  it('exits 1 with an error log line for a driver name it does not serve', async () => {
    const driver = startDriverProcess(MAIN, { name: 'virtualbox' });
    await expect(waitForExit(driver)).resolves.toEqual({ code: 1, signal: null });
    expect(driver.logLines()).toContainEqual({
      level: 'error', msg: 'cannot create the virtualbox driver: this executable serves the generic and none drivers, not "virtualbox"',
    });
  });
});

describe('process lifetime', () => {
  it('exits 0 after shutdown', async () => {
    const driver = await startNone();
    await expect(driver.connection.sendRequest(Shutdown.type, {})).resolves.toEqual({});
    await expect(waitForExit(driver)).resolves.toEqual({ code: 0, signal: null });
  });

  it('exits 0 when stdin closes', async () => {
    const driver = await startNone();
    driver.child.stdin.end();
    await expect(waitForExit(driver)).resolves.toEqual({ code: 0, signal: null });
  });

  it('without the cookie prints that it is run through berth and exits 1 (named after the bin or the env)', async () => {
    const bin = startDriverProcess(BIN, { cookie: false });
    await expect(waitForExit(bin)).resolves.toEqual({ code: 1, signal: null });
    expect(bin.stderr()).toBe(
      'This is a berth driver executable (generic). It is not meant to be run directly: use it through berth ' +
        '(e.g. berth create -d generic).\n(protocol versions: 1)\n',
    );
    const none = startDriverProcess(MAIN, { name: 'none', cookie: false });
    await expect(waitForExit(none)).resolves.toEqual({ code: 1, signal: null });
    expect(none.stderr()).toContain('This is a berth driver executable (none).');
    expect(none.stdout().length).toBe(0);
  });
});

/**
 * `defineDriver`: docker-machine's BaseDriver for berth. An author writes what is specific to the
 * provider; restart, kill, getURL and getSSHInfo get the usual implementations unless given.
 */
import { isIPv6 } from 'node:net';
import { join } from 'node:path';
import type { Driver, DriverContext } from './driver.js';
import { DriverError, ErrorCodes } from './error-codes.js';
import type { DriverConfig, MachineRef, SSHInfoResult } from './protocol.js';
import { DEFAULT_SSH_KEY_FILE } from './ssh-key.js';

/** The Docker engine's TLS port on every machine berth provisions. */
export const DOCKER_TLS_PORT = 2376;
const DEFAULT_SSH_PORT = 22;
const DEFAULT_SSH_USER = 'root';

/** The methods `defineDriver` can fill in. */
export type DefaultedDriverMethod = 'restart' | 'kill' | 'getURL' | 'getSSHInfo';

/** A Driver whose restart, kill, getURL and getSSHInfo may be left out. */
export type DriverDefinition = Omit<Driver, DefaultedDriverMethod> & Partial<Pick<Driver, DefaultedDriverMethod>>;

/**
 * Returns a Driver with these defaults for the methods the definition leaves out:
 * - `restart`: `stop` then `start` (only when the definition has both);
 * - `kill`: `stop` (only when it has `stop`);
 * - `getURL`: `HOST_NOT_RUNNING` unless `getState` answers Running, else `tcp://<getIP>:2376`;
 * - `getSSHInfo`: host from `getIP`, and `SSHPort` (22), `SSHUser` (`root`), `SSHKeyPath`
 *   (`<machine.dir>/id_rsa`) from the driver config, as docker-machine's BaseDriver.
 * Methods are called on the returned object, so `this` in one of them is the whole driver.
 *
 * @example
 * serveDriver(defineDriver({ name: 'mycloud', version: '1.0.0', createFlags, configFromFlags, create, start, stop, remove, getState, getIP }));
 */
export function defineDriver(definition: DriverDefinition): Driver {
  const driver: Driver = { ...definition, getURL: (machine, ctx) => urlFromIP(driver, machine, ctx) };
  if (definition.getURL !== undefined) driver.getURL = definition.getURL;
  driver.getSSHInfo = definition.getSSHInfo ?? ((machine, ctx) => sshInfoFromConfig(driver, machine, ctx));
  if (definition.restart !== undefined) driver.restart = definition.restart;
  else if (definition.stop !== undefined && definition.start !== undefined) driver.restart = (machine, ctx) => stopThenStart(driver, machine, ctx);
  if (definition.kill !== undefined) driver.kill = definition.kill;
  else if (definition.stop !== undefined) driver.kill = (machine, ctx) => stopForKill(driver, machine, ctx);
  return driver;
}

async function urlFromIP(driver: Driver, machine: MachineRef, ctx: DriverContext): Promise<string> {
  const state = await driver.getState(machine, ctx);
  if (state !== 'Running') {
    throw new DriverError(ErrorCodes.HOST_NOT_RUNNING, `Host is not running (machine "${machine.name}" is ${state})`);
  }
  const ip = await driver.getIP(machine, ctx);
  if (ip === '') throw new DriverError(ErrorCodes.HOST_NOT_RUNNING, `Machine "${machine.name}" has no IP address yet`);
  return `tcp://${isIPv6(ip) ? `[${ip}]` : ip}:${DOCKER_TLS_PORT}`;
}

async function sshInfoFromConfig(driver: Driver, machine: MachineRef, ctx: DriverContext): Promise<SSHInfoResult> {
  const { SSHPort, SSHUser, SSHKeyPath } = machine.config;
  return {
    host: await driver.getIP(machine, ctx),
    port: typeof SSHPort === 'number' && SSHPort > 0 ? SSHPort : DEFAULT_SSH_PORT,
    user: typeof SSHUser === 'string' && SSHUser !== '' ? SSHUser : DEFAULT_SSH_USER,
    keyPath: typeof SSHKeyPath === 'string' && SSHKeyPath !== '' ? SSHKeyPath : join(machine.dir, DEFAULT_SSH_KEY_FILE),
  };
}

/** The config `stop` returns is what `start` gets, as the host would pass it between two calls. */
async function stopThenStart(driver: Driver, machine: MachineRef, ctx: DriverContext): Promise<DriverConfig> {
  const stopped = (await driver.stop?.(machine, ctx)) ?? machine.config;
  return (await driver.start?.({ ...machine, config: stopped }, ctx)) ?? stopped;
}

async function stopForKill(driver: Driver, machine: MachineRef, ctx: DriverContext): Promise<DriverConfig | void> {
  return driver.stop?.(machine, ctx);
}

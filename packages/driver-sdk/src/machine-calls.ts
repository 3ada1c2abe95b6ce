/**
 * The `machine/*` requests, driver side: checking the params the host sent, calling the driver's
 * method, and shaping (and checking) what it returned into the wire result.
 */
import type { Driver, DriverContext } from './driver.js';
import { DriverError, ErrorCodes } from './error-codes.js';
import type { FlagValue } from './flags.js';
import {
  ConfigFromFlags, Create, GetIP, GetSSHInfo, GetState, GetURL, Kill, PreCreateCheck, Remove, Restart, Start, Stop,
} from './protocol.js';
import type { ConfigFromFlagsParams, DriverConfig, MachineRef } from './protocol.js';
import { invalidParams } from './response-errors.js';
import { isMachineState } from './states.js';

/** The Driver method behind each `machine/*` request. */
export const MACHINE_METHODS = {
  [ConfigFromFlags.method]: 'configFromFlags',
  [PreCreateCheck.method]: 'preCreateCheck',
  [Create.method]: 'create',
  [Start.method]: 'start',
  [Stop.method]: 'stop',
  [Restart.method]: 'restart',
  [Kill.method]: 'kill',
  [Remove.method]: 'remove',
  [GetState.method]: 'getState',
  [GetURL.method]: 'getURL',
  [GetIP.method]: 'getIP',
  [GetSSHInfo.method]: 'getSSHInfo',
} as const satisfies Record<string, keyof Driver>;

export type MachineVerb = (typeof MACHINE_METHODS)[keyof typeof MACHINE_METHODS];

export function machineVerb(method: string): MachineVerb | undefined {
  return Object.hasOwn(MACHINE_METHODS, method) ? MACHINE_METHODS[method as keyof typeof MACHINE_METHODS] : undefined;
}

/** `{machine}` plus, for configFromFlags, `flags`; anything else is INVALID_PARAMS naming the field. */
export function parseMachineParams(method: string, params: unknown): ConfigFromFlagsParams {
  if (!isPlainObject(params)) throw invalidParams(`${method}: params must be an object with a "machine" field`);
  const machine = params['machine'];
  if (!isPlainObject(machine)) throw invalidParams(`${method}: params.machine must be an object {name, dir, storePath, config}`);
  const { name, dir, storePath, config } = machine;
  if (typeof name !== 'string' || name === '') throw invalidParams(`${method}: params.machine.name must be a non-empty string`);
  if (typeof dir !== 'string') throw invalidParams(`${method}: params.machine.dir must be a string`);
  if (typeof storePath !== 'string') throw invalidParams(`${method}: params.machine.storePath must be a string`);
  if (!isPlainObject(config)) throw invalidParams(`${method}: params.machine.config must be an object`);
  const ref: MachineRef = { name, dir, storePath, config };
  if (method !== ConfigFromFlags.method) return { machine: ref, flags: {} };
  const flags = params['flags'];
  if (!isPlainObject(flags)) throw invalidParams(`${method}: params.flags must be an object`);
  for (const [flag, value] of Object.entries(flags)) {
    if (!isFlagValue(value)) throw invalidParams(`${method}: flag "${flag}" must be a string, number, boolean or string[]`);
  }
  return { machine: ref, flags: flags as Record<string, FlagValue> };
}

/** Calls the driver and returns the wire result; a method the driver leaves out is NOT_SUPPORTED. */
export async function callDriver(
  driver: Driver,
  verb: MachineVerb,
  { machine, flags }: ConfigFromFlagsParams,
  ctx: DriverContext,
): Promise<unknown> {
  if (verb === 'preCreateCheck') {
    // As docker-machine's BaseDriver: a driver without a pre-create check has nothing to check.
    await driver.preCreateCheck?.(machine, ctx);
    return {};
  }
  if (typeof driver[verb] !== 'function') {
    throw new DriverError(ErrorCodes.NOT_SUPPORTED, `the ${driver.name} driver does not support ${verb}`);
  }
  const returned: unknown = verb === 'configFromFlags'
    ? await driver.configFromFlags(machine, flags, ctx)
    : await (driver[verb] as (m: MachineRef, c: DriverContext) => Promise<unknown>).call(driver, machine, ctx);
  const bad = (what: string): DriverError =>
    new DriverError(ErrorCodes.DRIVER_INTERNAL, `the ${driver.name} driver's ${verb} returned ${what}: ${describe(returned)}`);
  switch (verb) {
    case 'getState':
      if (!isMachineState(returned)) throw bad('an unknown state');
      return { state: returned };
    case 'getURL':
      if (typeof returned !== 'string') throw bad('a URL that is not a string');
      return { url: returned };
    case 'getIP':
      if (typeof returned !== 'string') throw bad('an IP that is not a string');
      return { ip: returned };
    case 'getSSHInfo': {
      const info = isPlainObject(returned) ? returned : {};
      const { host, port, user, keyPath } = info;
      if (typeof host !== 'string' || typeof port !== 'number' || typeof user !== 'string' || typeof keyPath !== 'string') {
        throw bad('something other than {host, port, user, keyPath}');
      }
      return { host, port, user, keyPath };
    }
    default: {
      // configFromFlags, create, start, stop, restart, kill, remove: `{config}`, the given one when void.
      const config: unknown = returned ?? (verb === 'configFromFlags' ? undefined : machine.config);
      if (!isPlainObject(config)) throw bad('a config that is not a JSON object');
      return { config: config as DriverConfig };
    }
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFlagValue(value: unknown): value is FlagValue {
  if (Array.isArray(value)) return value.every((item) => typeof item === 'string');
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

function describe(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

/**
 * The typed face of one driver process: one method per protocol request, results validated, wire
 * envelopes (`{config}`, `{state}`, ...) unwrapped. Shared by every machine of that driver.
 */
import {
  ConfigFromFlags,
  Create,
  GetIP,
  GetSSHInfo,
  GetState,
  GetURL,
  Kill,
  PreCreateCheck,
  Remove,
  Restart,
  Start,
  Stop,
} from '@berth/driver-sdk';
import type {
  ConfigResult,
  DriverConfig,
  FlagValue,
  InitializeResult,
  MachineParams,
  MachineRef,
  MachineState,
  RequestDefinition,
  SSHInfoResult,
} from '@berth/driver-sdk';
import type { CallOptions, DriverProcess } from './driver-process.js';
import type { ResolvedDriver } from './resolve-driver.js';
import {
  ConfigResultSchema,
  EmptyResultSchema,
  IPResultSchema,
  SSHInfoResultSchema,
  StateResultSchema,
  URLResultSchema,
} from './driver-schemas.js';

export type { CallOptions } from './driver-process.js';

export interface RemoteDriver {
  readonly name: string;
  /** What the driver answered to `initialize`: its version, capabilities and create flags. */
  readonly info: InitializeResult;
  /** Where the driver was found and what runs (source, entry, package). */
  readonly resolved: ResolvedDriver;
  /** The driver's process id (one process serves every machine of the driver). */
  readonly pid: number | undefined;
  configFromFlags(machine: MachineRef, flags: Record<string, FlagValue>, opts?: CallOptions): Promise<DriverConfig>;
  preCreateCheck(machine: MachineRef, opts?: CallOptions): Promise<void>;
  create(machine: MachineRef, opts?: CallOptions): Promise<DriverConfig>;
  start(machine: MachineRef, opts?: CallOptions): Promise<DriverConfig>;
  stop(machine: MachineRef, opts?: CallOptions): Promise<DriverConfig>;
  restart(machine: MachineRef, opts?: CallOptions): Promise<DriverConfig>;
  kill(machine: MachineRef, opts?: CallOptions): Promise<DriverConfig>;
  remove(machine: MachineRef, opts?: CallOptions): Promise<DriverConfig>;
  getState(machine: MachineRef, opts?: CallOptions): Promise<MachineState>;
  getURL(machine: MachineRef, opts?: CallOptions): Promise<string>;
  getIP(machine: MachineRef, opts?: CallOptions): Promise<string>;
  getSSHInfo(machine: MachineRef, opts?: CallOptions): Promise<SSHInfoResult>;
}

export function createRemoteDriver(driver: DriverProcess): RemoteDriver {
  const configCall = (definition: RequestDefinition<MachineParams, ConfigResult>) => async (machine: MachineRef, opts?: CallOptions) =>
    (await driver.request(definition, { machine }, ConfigResultSchema, opts)).config;

  return {
    name: driver.name,
    get info() {
      return driver.info;
    },
    resolved: driver.resolved,
    get pid() {
      return driver.pid;
    },
    async configFromFlags(machine, flags, opts) {
      return (await driver.request(ConfigFromFlags, { machine, flags }, ConfigResultSchema, opts)).config;
    },
    async preCreateCheck(machine, opts) {
      await driver.request(PreCreateCheck, { machine }, EmptyResultSchema, opts);
    },
    create: configCall(Create),
    start: configCall(Start),
    stop: configCall(Stop),
    restart: configCall(Restart),
    kill: configCall(Kill),
    remove: configCall(Remove),
    async getState(machine, opts) {
      return (await driver.request(GetState, { machine }, StateResultSchema, opts)).state;
    },
    async getURL(machine, opts) {
      return (await driver.request(GetURL, { machine }, URLResultSchema, opts)).url;
    },
    async getIP(machine, opts) {
      return (await driver.request(GetIP, { machine }, IPResultSchema, opts)).ip;
    },
    async getSSHInfo(machine, opts) {
      return driver.request(GetSSHInfo, { machine }, SSHInfoResultSchema, opts);
    },
  };
}

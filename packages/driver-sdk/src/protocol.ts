/**
 * Driver protocol v1: every wire message is declared here, once, and imported by both the host
 * (@berth/core) and the driver side (serveDriver). See docs/PROTOCOL.md for the language-neutral form.
 */
import { NotificationType, RequestType } from 'vscode-jsonrpc';
import type { Flag, FlagValue } from './flags.js';
import type { MachineState } from './states.js';

export {
  DRIVER_COOKIE_ENV, DRIVER_COOKIE_VALUE, DRIVER_ERROR_CODE, DRIVER_NAME_ENV, PROTOCOL_VERSIONS,
} from './protocol-constants.js';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

/** What every machine call carries: drivers are stateless between calls. */
export interface MachineRef {
  /** Machine name (also the directory name under <store>/machines). */
  name: string;
  /** Absolute path of <store>/machines/<name>. */
  dir: string;
  /** Absolute path of the store root. */
  storePath: string;
  /** The driver's own JSON blob (config.json's `Driver` field). */
  config: DriverConfig;
}

/** The driver's own JSON blob; built-in drivers use docker-machine's field names (IPAddress, SSHUser, ...). */
export type DriverConfig = Record<string, unknown>;

export interface InitializeParams {
  protocolVersions: number[];
  host: { name: string; version: string };
  logLevel: LogLevel;
}

export interface DriverCapabilities {
  /** False for drivers whose machines are not provisioned by berth (`none`): create stops after machine/create. */
  provision: boolean;
  /** Lifecycle methods the driver really implements; others answer NOT_SUPPORTED. */
  start: boolean;
  stop: boolean;
  restart: boolean;
  kill: boolean;
}

export interface InitializeResult {
  protocolVersion: number;
  driver: { name: string; version: string };
  capabilities: DriverCapabilities;
  createFlags: Flag[];
}

export interface MachineParams { machine: MachineRef }
export interface ConfigFromFlagsParams { machine: MachineRef; flags: Record<string, FlagValue> }
export interface ConfigResult { config: DriverConfig }
export interface StateResult { state: MachineState }
export interface URLResult { url: string }
export interface IPResult { ip: string }
export interface SSHInfoResult { host: string; port: number; user: string; keyPath: string }
export type EmptyResult = Record<string, never>;

export interface ProgressParams { machine: string; message: string; percent?: number }

/** `data` of every error with code DRIVER_ERROR_CODE. */
export interface DriverErrorData { code: string; hint?: string }

/** A request type with its method string, so the two sides cannot drift apart. */
export interface RequestDefinition<P, R> {
  readonly method: string;
  readonly type: RequestType<P, R, DriverErrorData>;
}

export function defineRequest<P, R>(method: string): RequestDefinition<P, R> {
  return { method, type: new RequestType<P, R, DriverErrorData>(method) };
}

export const Initialize = defineRequest<InitializeParams, InitializeResult>('initialize');
export const ConfigFromFlags = defineRequest<ConfigFromFlagsParams, ConfigResult>('machine/configFromFlags');
export const PreCreateCheck = defineRequest<MachineParams, EmptyResult>('machine/preCreateCheck');
export const Create = defineRequest<MachineParams, ConfigResult>('machine/create');
export const Start = defineRequest<MachineParams, ConfigResult>('machine/start');
export const Stop = defineRequest<MachineParams, ConfigResult>('machine/stop');
export const Restart = defineRequest<MachineParams, ConfigResult>('machine/restart');
export const Kill = defineRequest<MachineParams, ConfigResult>('machine/kill');
export const Remove = defineRequest<MachineParams, ConfigResult>('machine/remove');
export const GetState = defineRequest<MachineParams, StateResult>('machine/getState');
export const GetURL = defineRequest<MachineParams, URLResult>('machine/getURL');
export const GetIP = defineRequest<MachineParams, IPResult>('machine/getIP');
export const GetSSHInfo = defineRequest<MachineParams, SSHInfoResult>('machine/getSSHInfo');
export const Shutdown = defineRequest<Record<string, never>, EmptyResult>('shutdown');

export const Progress = {
  method: '$/progress',
  type: new NotificationType<ProgressParams>('$/progress'),
} as const;

/** Methods that only read; the host gives them the read timeout and may call them concurrently freely. */
export const READ_ONLY_METHODS: readonly string[] = [GetState.method, GetURL.method, GetIP.method, GetSSHInfo.method];

import type { Flag, FlagValue } from './flags.js';
import type { DriverCapabilities, DriverConfig, LogLevel, MachineRef, SSHInfoResult } from './protocol.js';
import type { MachineState } from './states.js';

export interface DriverLogger {
  error(msg: string, machine?: string): void;
  warn(msg: string, machine?: string): void;
  info(msg: string, machine?: string): void;
  debug(msg: string, machine?: string): void;
}

/** What every handler gets besides its params. */
export interface DriverContext {
  /** Aborted when the host cancels the request ($/cancelRequest) or shuts down. */
  signal: AbortSignal;
  /** Sends `$/progress` for this machine (shown to the user as a line or bar). */
  progress(message: string, percent?: number): void;
  log: DriverLogger;
  logLevel: LogLevel;
}

/**
 * A driver, as served by `serveDriver`. Every machine method receives the full MachineRef (drivers are
 * stateless between calls); methods that change the driver's blob return the new one.
 * A method left out answers NOT_SUPPORTED.
 */
export interface Driver {
  name: string;
  version: string;
  createFlags: Flag[];
  capabilities?: Partial<DriverCapabilities>;
  configFromFlags(machine: MachineRef, flags: Record<string, FlagValue>, ctx: DriverContext): Promise<DriverConfig>;
  preCreateCheck?(machine: MachineRef, ctx: DriverContext): Promise<void>;
  create(machine: MachineRef, ctx: DriverContext): Promise<DriverConfig | void>;
  start?(machine: MachineRef, ctx: DriverContext): Promise<DriverConfig | void>;
  stop?(machine: MachineRef, ctx: DriverContext): Promise<DriverConfig | void>;
  restart?(machine: MachineRef, ctx: DriverContext): Promise<DriverConfig | void>;
  kill?(machine: MachineRef, ctx: DriverContext): Promise<DriverConfig | void>;
  remove(machine: MachineRef, ctx: DriverContext): Promise<DriverConfig | void>;
  getState(machine: MachineRef, ctx: DriverContext): Promise<MachineState>;
  getURL(machine: MachineRef, ctx: DriverContext): Promise<string>;
  getIP(machine: MachineRef, ctx: DriverContext): Promise<string>;
  getSSHInfo?(machine: MachineRef, ctx: DriverContext): Promise<SSHInfoResult>;
}

/** What `runConformance` is told about the driver under test, and the defaults for what is left out. */
import { extname } from 'node:path';
import type { FlagValue } from '../flags.js';

export interface ConformanceOptions {
  /** The executable to spawn; for a JavaScript entry, `process.execPath` with the entry in `args` (see `driverCommand`). */
  command: string;
  args?: readonly string[];
  /** Added to this process's environment for the driver (BERTH_DRIVER_COOKIE and BERTH_DRIVER_NAME are set by the suite). */
  env?: Record<string, string | undefined>;
  /** The name the driver is started as (BERTH_DRIVER_NAME), and must answer in `initialize`. */
  driverName: string;
  /**
   * Flags for `machine/configFromFlags` that make it (and, with `lifecycle`, `create`) succeed. Sent
   * as the host sends them: every declared flag, these values over the declared defaults. A string
   * value for an int, bool or stringSlice flag is converted as the CLI would (`"22"`, `"true"`, `"a,b"`).
   */
  createFlags?: Record<string, FlagValue>;
  /** Also run a real machine through configFromFlags, preCreateCheck, create, stop, start and remove (default false). */
  lifecycle?: boolean;
  /** Limit for each call and for each wait on the process (default 15 s, the host's start-up limit). */
  timeoutMs?: number;
  /** Limit for each lifecycle call and state change (default 10 min: creating a VM takes minutes). */
  lifecycleTimeoutMs?: number;
}

export interface ResolvedConformanceOptions {
  command: string;
  args: readonly string[];
  env: Record<string, string>;
  driverName: string;
  createFlags: Record<string, FlagValue>;
  lifecycle: boolean;
  timeoutMs: number;
  lifecycleTimeoutMs: number;
}

/** The host gives a driver 15 s to start and answer `initialize`; no quick call should take longer. */
export const DEFAULT_CONFORMANCE_TIMEOUT_MS = 15_000;
export const DEFAULT_LIFECYCLE_TIMEOUT_MS = 600_000;

export function resolveConformanceOptions(options: ConformanceOptions): ResolvedConformanceOptions {
  if (options.driverName === '') throw new Error('runConformance: driverName must not be empty');
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...process.env, ...options.env })) {
    if (value !== undefined) env[name] = value;
  }
  return {
    command: options.command,
    args: options.args ?? [],
    env,
    driverName: options.driverName,
    createFlags: options.createFlags ?? {},
    lifecycle: options.lifecycle ?? false,
    timeoutMs: options.timeoutMs ?? DEFAULT_CONFORMANCE_TIMEOUT_MS,
    lifecycleTimeoutMs: options.lifecycleTimeoutMs ?? DEFAULT_LIFECYCLE_TIMEOUT_MS,
  };
}

/**
 * How the host runs a driver file: a JavaScript entry (`.js`, `.mjs`, `.cjs`) as `<node> <entry>`,
 * anything else spawned directly.
 *
 * @example runConformance({ ...driverCommand('dist/main.js'), driverName: 'mycloud' })
 */
export function driverCommand(executable: string): { command: string; args: string[] } {
  return ['.js', '.mjs', '.cjs'].includes(extname(executable))
    ? { command: process.execPath, args: [executable] }
    : { command: executable, args: [] };
}

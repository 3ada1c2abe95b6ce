/**
 * What a conformance check works with: driver processes it starts (all killed when the check ends),
 * a temporary store for machine directories, and the host's side of the usual calls.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FlagValue } from '../flags.js';
import { ConfigFromFlags, DRIVER_COOKIE_ENV, DRIVER_COOKIE_VALUE, DRIVER_NAME_ENV, Initialize } from '../protocol.js';
import type { DriverCapabilities, DriverConfig, InitializeParams, LogLevel, MachineRef } from '../protocol.js';
import { fail, isPlainObject, preview } from './conformance-failure.js';
import type { ResolvedConformanceOptions } from './conformance-options.js';
import { DriverSession } from './driver-session.js';
import { parseFrames } from './frames.js';
import { hostFlagValues } from './host-flags.js';
import { describeUncodedError, describeWireError, isWireError } from './wire-errors.js';

/** The host the suite says it is, in `initialize`. */
export const CONFORMANCE_HOST = { name: 'berth-driver-conformance', version: '1' } as const;

/** What checks need from an `initialize` answer, read leniently (the handshake check judges it). */
export interface InitializedDriver {
  session: DriverSession;
  createFlags: unknown[];
  capabilities: DriverCapabilities;
}

export class CheckContext {
  private readonly sessions: DriverSession[] = [];
  private storePath: string | undefined;
  /** Machine names carry a random part: a cloud driver may name its instances after them, and CI runs overlap. */
  private readonly runId = randomBytes(3).toString('hex');

  constructor(readonly options: ResolvedConformanceOptions) {}

  /** Starts the driver, by default with the cookie and BERTH_DRIVER_NAME as the host sets them. */
  start(options: { withCookie?: boolean } = {}): DriverSession {
    const env: Record<string, string> = { ...this.options.env, [DRIVER_NAME_ENV]: this.options.driverName, [DRIVER_COOKIE_ENV]: DRIVER_COOKIE_VALUE };
    if (options.withCookie === false) delete env[DRIVER_COOKIE_ENV];
    const session = new DriverSession({ command: this.options.command, args: this.options.args, env, timeoutMs: this.options.timeoutMs });
    this.sessions.push(session);
    return session;
  }

  /** Starts the driver and initializes it with protocol version 1; fails when that does not work. */
  async startInitialized(logLevel: LogLevel = 'info'): Promise<InitializedDriver> {
    const session = this.start();
    const result = await expectSuccess(session.request(Initialize.method, initializeParams([1], logLevel)), 'initialize with protocolVersions [1]');
    if (!isPlainObject(result)) fail(`initialize answered ${preview(result)}, not an object`);
    const declared = result['capabilities'];
    const capability = (name: keyof DriverCapabilities): boolean => isPlainObject(declared) && declared[name] === true;
    return {
      session,
      createFlags: Array.isArray(result['createFlags']) ? result['createFlags'] : [],
      capabilities: {
        provision: capability('provision'), start: capability('start'), stop: capability('stop'),
        restart: capability('restart'), kill: capability('kill'),
      },
    };
  }

  /** A machine reference in this check's temporary store (its directory exists), named `conformance-<what>-<random>`. */
  async machine(what: string, config: DriverConfig = {}): Promise<MachineRef> {
    this.storePath ??= await mkdtemp(join(tmpdir(), 'berth-conformance-'));
    const name = `conformance-${what}-${this.runId}`;
    const dir = join(this.storePath, 'machines', name);
    await mkdir(dir, { recursive: true });
    return { name, dir, storePath: this.storePath, config };
  }

  /** The flags the host would send for a new machine (see `hostFlagValues`). */
  hostFlags(declared: readonly unknown[]): Record<string, FlagValue> {
    return hostFlagValues(declared, this.options.createFlags);
  }

  /** A machine whose config came from `machine/configFromFlags` with the host's flags. */
  async configuredMachine(driver: InitializedDriver, what: string): Promise<MachineRef> {
    const machine = await this.machine(what);
    const flags = this.hostFlags(driver.createFlags);
    const result = await expectSuccess(
      driver.session.request(ConfigFromFlags.method, { machine, flags }),
      `machine/configFromFlags with flags ${preview(flags)} (give createFlags that it accepts)`,
    );
    return { ...machine, config: configOf(result, 'machine/configFromFlags') };
  }

  /**
   * Kills every driver process still running, deletes the store, and returns a description of every
   * error response the driver wrote that is not coded (read from the raw stdout).
   */
  async dispose(): Promise<string[]> {
    await Promise.all(this.sessions.map((session) => session.dispose()));
    if (this.storePath !== undefined) await rm(this.storePath, { recursive: true, force: true });
    const problems: string[] = [];
    for (const session of this.sessions) {
      let messages: unknown[];
      try {
        messages = parseFrames(session.stdout());
      } catch {
        continue; // junk on stdout is the stdio check's finding
      }
      for (const message of messages) {
        const error = isPlainObject(message) ? message['error'] : undefined;
        if (!isWireError(error)) continue;
        const problem = describeUncodedError(error);
        if (problem !== undefined) problems.push(problem);
      }
    }
    return problems;
  }
}

export function initializeParams(protocolVersions: number[], logLevel: LogLevel = 'info'): InitializeParams {
  return { protocolVersions, host: { ...CONFORMANCE_HOST }, logLevel };
}

/** The result, or a failure naming the call and the driver's error. */
export async function expectSuccess(call: Promise<unknown>, what: string): Promise<unknown> {
  try {
    return await call;
  } catch (err) {
    if (isWireError(err)) fail(`${what} failed: ${describeWireError(err)}`);
    throw err;
  }
}

/** The outcome of a call that may fail: the driver's error is a value, anything else (no answer) still throws. */
export type Outcome = { ok: true; value: unknown } | { ok: false; error: { code: number; message: string; data?: unknown } };

export async function settle(call: Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: true, value: await call };
  } catch (err) {
    if (!isWireError(err)) throw err;
    return { ok: false, error: err.data === undefined ? { code: err.code, message: err.message } : { code: err.code, message: err.message, data: err.data } };
  }
}

/** `result.config`, failing unless the result is `{config: {...}}`. */
export function configOf(result: unknown, method: string): DriverConfig {
  const config = isPlainObject(result) ? result['config'] : undefined;
  if (!isPlainObject(config)) fail(`${method} answered ${preview(result)}: it must be {"config": {...}} with the driver config as a JSON object`);
  return config;
}

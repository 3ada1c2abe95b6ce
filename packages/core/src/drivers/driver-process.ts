/**
 * One running driver: the child process, its JSON-RPC connection over stdin/stdout, and its stderr log.
 *
 * vscode-jsonrpc leaves pending requests hanging forever when the child dies, so this class keeps its own
 * list of calls in flight and settles every one of them itself: on child exit, on stream close or error,
 * on a protocol violation, on timeout, on abort and on dispose (ARCHITECTURE "Crash and hang handling").
 */
import { ErrorCodes, ResponseError, type MessageConnection } from 'vscode-jsonrpc/node';
import { Initialize, PROTOCOL_VERSIONS, Progress, READ_ONLY_METHODS, Shutdown } from '@berth/driver-sdk';
import type { InitializeResult, LogLevel, ProgressParams, RequestDefinition } from '@berth/driver-sdk';
import type { BerthError } from '../errors.js';
import { silentLogger, type Logger } from '../logger.js';
import type { Env } from '../paths.js';
import {
  cancelledError,
  crashError,
  describeExit,
  fromDriverError,
  protocolError,
  protocolMismatchError,
  startFailedError,
  timeoutError,
  type ExitInfo,
} from './driver-errors.js';
import { checkResult, InitializeResultSchema, ProgressParamsSchema, type ResultSchema } from './driver-schemas.js';
import { connectDriver } from './driver-stdio.js';
import { spawnDriver, type DriverChild, type SpawnedDriver } from './spawn-driver.js';
import type { ResolvedDriver } from './resolve-driver.js';
import { settlesWithin } from './settle.js';
import { trackCall, type TrackedCall } from './tracked-call.js';
import { createStderrLog, type StderrLog } from './stderr-log.js';

/** Time a driver gets to answer `initialize`: JS drivers with big SDKs (AWS) can take seconds to import. */
export const DRIVER_START_TIMEOUT_MS = 15_000;
/** Read-only calls (getState, getURL, getIP, getSSHInfo): `ls` must not hang on one stuck hypervisor. */
export const DRIVER_READ_TIMEOUT_MS = 60_000;
/**
 * Each step of dispose(): answering `shutdown`, exiting after stdin closes, exiting after SIGTERM
 * (vscode-languageclient's stop(2000); go-plugin's Kill waits 2 s before force-killing).
 */
export const DRIVER_SHUTDOWN_STEP_MS = 2_000;
/** After a driver's stdout closes, how long it gets to exit before we kill it and report the crash. */
const EXIT_AFTER_CLOSE_MS = 2_000;
/** After a driver exits, how long we wait for the rest of its stderr (a grandchild may hold the pipe). */
const STDERR_DRAIN_MS = 500;

export interface DriverProgress extends ProgressParams {
  driver: string;
}

export interface DriverProcessOptions {
  hostInfo: { name: string; version: string };
  /** The driver's whole environment (the parent's is not inherited); the cookie and name are added. */
  env?: Env;
  logger?: Logger;
  logLevel?: LogLevel;
  startTimeoutMs?: number;
  readTimeoutMs?: number;
  shutdownStepMs?: number;
  onProgress?: (progress: DriverProgress) => void;
}

export interface CallOptions {
  /** Cancels the call: sent to the driver as $/cancelRequest, and the call rejects with DRIVER_CANCELLED. */
  signal?: AbortSignal;
  /** Read-only calls default to DRIVER_READ_TIMEOUT_MS; mutating calls have no limit unless given one. */
  timeoutMs?: number;
}

/** Builds the error for a call: one still in flight (`pending`), or one made after the driver ended. */
type FailureFactory = (method: string, pending: boolean) => BerthError;

export class DriverProcess {
  readonly name: string;
  readonly resolved: ResolvedDriver;
  private readonly options: DriverProcessOptions;
  private readonly logger: Logger;
  private readonly child: DriverChild;
  private readonly connection: MessageConnection;
  private readonly stderr: StderrLog;
  private readonly exited: Promise<void>;
  private readonly stderrClosed: Promise<void>;
  private readonly pending = new Set<TrackedCall>();
  private exitInfo: ExitInfo | undefined;
  private spawnError: Error | undefined;
  private initResult: InitializeResult | undefined;
  /** Set once the driver is finished with, for whatever reason; later calls get its error. */
  private failure: FailureFactory | undefined;
  /** Set while we wait for a driver whose streams closed to exit, so its crash report is complete. */
  private ending: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;

  /** Takes over a spawned driver (spawn-driver.ts) and wires its streams. Call initialize() next (or use launchDriver). */
  constructor(spawned: SpawnedDriver, options: DriverProcessOptions) {
    this.name = spawned.resolved.name;
    this.resolved = spawned.resolved;
    this.options = options;
    this.logger = options.logger ?? silentLogger;
    this.stderr = createStderrLog({ driver: this.name, logger: this.logger });
    this.child = spawned.child;

    this.exited = new Promise((resolve) => {
      spawned.takeOver({
        onExit: (code, signal) => {
          this.exitInfo = { ...(code === null ? {} : { exitCode: code }), ...(signal === null ? {} : { signal }) };
          this.logger.debug(`(${this.name}) exited (${describeExit(this.exitInfo)})`);
          resolve();
          this.onTransportEnd();
        },
        onError: (err) => {
          if (this.child.pid !== undefined) return this.logger.debug(`(${this.name}) ${err.message}`);
          this.spawnError = err;
          resolve();
          this.onTransportEnd();
        },
      });
    });
    const { stdin, stdout, stderr } = this.child;
    this.stderrClosed = new Promise((resolve) => stderr.once('close', resolve));
    stderr.on('data', (chunk: Buffer) => this.stderr.write(chunk));
    stderr.on('end', () => this.stderr.end());
    for (const stream of [stdin, stdout, stderr]) {
      stream.on('error', (err) => this.logger.debug(`(${this.name}) stdio: ${err.message}`));
    }
    this.connection = connectDriver(this.child, {
      name: this.name,
      logger: this.logger,
      onReadError: (problem) => {
        if (this.exitInfo !== undefined || this.spawnError !== undefined) return this.onTransportEnd();
        this.violateProtocol(problem);
      },
      onWriteError: (err) => {
        if (this.isTransportGone()) return this.onTransportEnd();
        this.logger.debug(`(${this.name}) could not write a message: ${err.message}`);
      },
      onClose: () => this.onTransportEnd(),
    });
    this.connection.onNotification(Progress.type, (params) => this.forwardProgress(params));
    this.connection.listen();
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get isAlive(): boolean {
    return this.child.pid !== undefined && this.exitInfo === undefined;
  }

  /** How the child ended, once it has. */
  get exit(): ExitInfo | undefined {
    return this.exitInfo;
  }

  /** What the driver answered to `initialize`. */
  get info(): InitializeResult {
    if (this.initResult === undefined) throw new Error(`Driver "${this.name}" has not been initialized`);
    return this.initResult;
  }

  /** The last lines of the driver's stderr, oldest first. */
  stderrTail(): string[] {
    return this.stderr.tail();
  }

  /** Sends `initialize` (with the start timeout) and checks the protocol version the driver picked. */
  async initialize(): Promise<InitializeResult> {
    const params = { protocolVersions: [...PROTOCOL_VERSIONS], host: this.options.hostInfo, logLevel: this.options.logLevel ?? 'info' };
    const timeoutMs = this.options.startTimeoutMs ?? DRIVER_START_TIMEOUT_MS;
    const result = await this.request(Initialize, params, InitializeResultSchema, { timeoutMs });
    if (!PROTOCOL_VERSIONS.includes(result.protocolVersion)) {
      throw protocolMismatchError({ driver: this.name, offered: PROTOCOL_VERSIONS, answered: result.protocolVersion });
    }
    this.initResult = result;
    return result;
  }

  /** Sends one request and validates its result; every way it can end settles the returned promise. */
  async request<P, R>(definition: RequestDefinition<P, R>, params: P, schema: ResultSchema<R>, options: CallOptions = {}): Promise<R> {
    const { method } = definition;
    if (method !== Initialize.method && this.initResult === undefined && this.failure === undefined) {
      throw new Error(`Driver "${this.name}": ${method} sent before initialize`);
    }
    const timeoutMs = options.timeoutMs ?? (READ_ONLY_METHODS.includes(method) ? this.readTimeoutMs : undefined);
    const raw = await this.send(definition, params, options.signal, timeoutMs);
    const checked = checkResult(schema, raw);
    if (!checked.ok) {
      throw protocolError({ driver: this.name, method, problem: `invalid result (${checked.problem})`, tail: this.stderrTail() });
    }
    return checked.value;
  }

  /**
   * Ends the driver: `shutdown`, close stdin, then SIGTERM and SIGKILL, each after DRIVER_SHUTDOWN_STEP_MS.
   * Calls still in flight are cancelled. Resolves when the child is gone; idempotent.
   */
  dispose(): Promise<void> {
    const graceful = this.initResult !== undefined && this.failure === undefined && this.ending === undefined;
    // A crash being collected keeps its own error: calls in flight get DRIVER_CRASHED, not DRIVER_CANCELLED.
    if (this.ending === undefined) {
      this.fail((method) => cancelledError({ driver: this.name, method, reason: 'shutdown' }), { cancelCalls: true });
    }
    this.stopping ??= (async () => {
      if (this.ending !== undefined) await this.ending;
      await this.stop(graceful);
    })();
    return this.stopping;
  }

  /** For signal handlers: SIGKILL the child now, without waiting. dispose() may still be awaited afterwards. */
  killSync(): void {
    this.fail((method) => cancelledError({ driver: this.name, method, reason: 'shutdown' }), { cancelCalls: false });
    this.connection.dispose();
    if (this.isAlive) this.child.kill('SIGKILL');
  }

  private get readTimeoutMs(): number {
    return this.options.readTimeoutMs ?? DRIVER_READ_TIMEOUT_MS;
  }

  private get stepMs(): number {
    return this.options.shutdownStepMs ?? DRIVER_SHUTDOWN_STEP_MS;
  }

  /** Untyped on purpose: the result is unknown until the caller's schema has checked it. */
  private async send(
    definition: RequestDefinition<unknown, unknown>,
    params: unknown,
    signal: AbortSignal | undefined,
    timeoutMs: number | undefined,
  ): Promise<unknown> {
    if (this.ending !== undefined) await this.ending;
    const { method } = definition;
    if (this.failure !== undefined) throw this.failure(method, false);
    if (signal?.aborted) throw cancelledError({ driver: this.name, method, reason: 'aborted', cause: signal.reason });

    return trackCall({
      method,
      ...(signal === undefined ? {} : { signal }),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      pending: this.pending,
      send: (token) => this.connection.sendRequest(definition.type, params, token),
      timedOut: () => timeoutError({ driver: this.name, method, timeoutMs: timeoutMs ?? 0, tail: this.stderrTail() }),
      aborted: () => cancelledError({ driver: this.name, method, reason: 'aborted', cause: signal?.reason }),
      errorFor: (err) => {
        if (!this.isTransportError(err)) return fromDriverError({ driver: this.name, method, error: err, tail: this.stderrTail() });
        this.onTransportEnd(); // the driver is gone: the crash report settles this call
        return undefined;
      },
    });
  }

  /** A write that failed because the driver is gone is a crash, not a driver error. */
  private isTransportError(err: unknown): boolean {
    if (!(err instanceof ResponseError)) return this.isTransportGone();
    const transport: number[] = [ErrorCodes.MessageWriteError, ErrorCodes.PendingResponseRejected, ErrorCodes.ConnectionInactive];
    return transport.includes(err.code) && this.isTransportGone();
  }

  private isTransportGone(): boolean {
    return !this.isAlive || !this.child.stdin.writable || this.ending !== undefined;
  }

  /** The child exited, or one of its streams closed, while we were not disposing it: a crash. */
  private onTransportEnd(): void {
    if (this.failure !== undefined || this.ending !== undefined) return;
    this.ending = (async () => {
      if (!(await settlesWithin(this.exited, EXIT_AFTER_CLOSE_MS))) {
        this.logger.debug(`(${this.name}) closed its streams but did not exit; killing it`);
        this.child.kill('SIGKILL');
        await settlesWithin(this.exited, EXIT_AFTER_CLOSE_MS);
      }
      await settlesWithin(this.stderrClosed, STDERR_DRAIN_MS);
      const exit = this.exitInfo;
      const tail = this.stderrTail();
      if (this.initResult === undefined) {
        const cause = this.spawnError;
        this.fail(() => startFailedError({ driver: this.name, command: this.resolved.command, ...(exit ? { exit } : {}), cause, tail }));
      } else {
        this.fail((method, pending) => crashError({ driver: this.name, ...(pending ? { method } : {}), ...(exit ? { exit } : {}), tail }));
      }
      this.logger.debug(`(${this.name}) ended unexpectedly (${describeExit(exit)})`);
    })();
  }

  /** Junk on stdout or an unreadable header: the stream cannot be trusted any more, so the driver is killed. */
  private violateProtocol(problem: string): void {
    if (this.failure !== undefined || this.ending !== undefined) return;
    this.logger.debug(`(${this.name}) protocol violation: ${problem}`);
    this.fail((method, pending) => protocolError({ driver: this.name, problem, ...(pending ? { method } : {}), tail: this.stderrTail() }));
    this.stopping ??= this.stop(false);
  }

  /** Settles every call in flight with `factory`'s error and makes later calls fail the same way. First failure wins. */
  private fail(factory: FailureFactory, options: { cancelCalls?: boolean } = {}): void {
    if (this.failure !== undefined) return;
    this.failure = factory;
    const calls = [...this.pending];
    this.pending.clear();
    for (const call of calls) {
      if (options.cancelCalls) call.cancel();
      call.fail(factory(call.method, true));
    }
    if (!options.cancelCalls) this.connection.dispose();
  }

  private async stop(graceful: boolean): Promise<void> {
    const step = this.stepMs;
    if (graceful && this.isAlive) {
      if (!(await settlesWithin(this.sendShutdown(), step))) this.logger.debug(`(${this.name}) did not answer shutdown`);
    }
    this.child.stdin.end();
    if (graceful && this.isAlive) await settlesWithin(this.exited, step);
    if (this.isAlive) {
      this.logger.debug(`(${this.name}) still running; sending SIGTERM`);
      this.child.kill('SIGTERM');
      await settlesWithin(this.exited, step);
    }
    if (this.isAlive) {
      this.logger.debug(`(${this.name}) ignored SIGTERM; sending SIGKILL`);
      this.child.kill('SIGKILL');
      if (!(await settlesWithin(this.exited, step))) this.logger.warn(`(${this.name}) did not exit after SIGKILL (pid ${this.pid})`);
    }
    await settlesWithin(this.stderrClosed, STDERR_DRAIN_MS);
    this.connection.dispose();
  }

  private async sendShutdown(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest(Shutdown.type, {}), this.exited]);
    } catch (err) {
      this.logger.debug(`(${this.name}) shutdown: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private forwardProgress(params: unknown): void {
    const checked = checkResult(ProgressParamsSchema, params);
    if (!checked.ok) return this.logger.debug(`(${this.name}) ignored an invalid $/progress (${checked.problem})`);
    this.options.onProgress?.({ ...checked.value, driver: this.name });
  }
}

/** Spawns and initializes a driver; if that fails, the child is gone before the error is thrown. */
export async function launchDriver(resolved: ResolvedDriver, options: DriverProcessOptions): Promise<DriverProcess> {
  const driver = new DriverProcess(spawnDriver(resolved, options.env ?? {}), options);
  try {
    await driver.initialize();
    return driver;
  } catch (err) {
    await driver.dispose();
    throw err;
  }
}

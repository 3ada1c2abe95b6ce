/**
 * The driver side of protocol v1: `serveDriver(driver)` is the whole `main` of a driver executable.
 * It checks the cookie, keeps stdout for the protocol, answers `initialize`, `machine/*` and
 * `shutdown` on stdin/stdout, and exits when stdin ends. See docs/PROTOCOL.md for the wire format.
 */
import { basename } from 'node:path';
import {
  createMessageConnection, ErrorCodes as JsonRpcErrorCodes, StreamMessageReader, StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import type { CancellationToken, Logger as JsonRpcLogger, MessageConnection, MessageWriter } from 'vscode-jsonrpc/node';
import type { Driver, DriverContext } from './driver.js';
import { DriverError, ErrorCodes } from './error-codes.js';
import { answerInitialize, parseInitializeParams } from './initialize.js';
import { createDriverLogger } from './logger.js';
import type { StderrLogger } from './logger.js';
import { callDriver, machineVerb, parseMachineParams } from './machine-calls.js';
import type { MachineVerb } from './machine-calls.js';
import { divertStdout, patchConsole } from './patch-stdio.js';
import {
  DRIVER_COOKIE_ENV, DRIVER_COOKIE_VALUE, DRIVER_NAME_ENV, Initialize, Progress, PROTOCOL_VERSIONS, Shutdown,
} from './protocol.js';
import type { ProgressParams } from './protocol.js';
import { protocolError, toResponseError } from './response-errors.js';

export interface ServeDriverOptions {
  /**
   * Name shown by the "not meant to be run directly" message when neither BERTH_DRIVER_NAME nor the
   * executable's file name (`berth-driver-<name>[.js]`) tells it.
   */
  name?: string;
}

/** At most this long, exiting waits for replies and log lines already written to drain (the host SIGTERMs 2 s after shutdown). */
const EXIT_FLUSH_TIMEOUT_MS = 1_000;

/**
 * Serves one driver, or picks one by the name the host asked for (BERTH_DRIVER_NAME; '' when unset),
 * for executables that serve several (driver-generic serves `generic` and `none`).
 */
export function serveDriver(driver: Driver | ((name: string) => Driver), options: ServeDriverOptions = {}): void {
  const requestedName = process.env[DRIVER_NAME_ENV] ?? '';
  if (process.env[DRIVER_COOKIE_ENV] !== DRIVER_COOKIE_VALUE) {
    refuseToRun(requestedName || guessName(driver, options));
    return;
  }
  const log = createDriverLogger();
  patchConsole(log);
  const protocolOut = divertStdout(log);
  const session = startSession(log, protocolOut);
  let served: Driver;
  try {
    served = typeof driver === 'function' ? driver(requestedName) : driver;
  } catch (err) {
    log.error(`cannot create the ${requestedName || 'requested'} driver: ${err instanceof Error ? err.message : String(err)}`);
    session.exit(1);
    return;
  }
  session.listen(served);
}

/** What docker-machine's plugins print when started by hand (go-plugin's "This binary is a plugin"). */
function refuseToRun(name: string): void {
  process.exitCode = 1;
  process.stderr.write(
    `This is a berth driver executable (${name}). It is not meant to be run directly: ` +
      `use it through berth (e.g. berth create -d ${name}).\n(protocol versions: ${PROTOCOL_VERSIONS.join(', ')})\n`,
    () => process.exit(1),
  );
}

function guessName(driver: Driver | ((name: string) => Driver), options: ServeDriverOptions): string {
  const fromFile = /^berth-driver-(.+?)(?:\.[cm]?js)?$/.exec(basename(process.argv[1] ?? ''))?.[1];
  return fromFile ?? options.name ?? (typeof driver === 'function' ? 'unknown' : driver.name);
}

interface Session {
  listen(driver: Driver): void;
  exit(code: number): void;
}

function startSession(log: StderrLogger, protocolOut: NodeJS.WritableStream): Session {
  const pendingWrites = new Set<Promise<void>>();
  const inFlight: InFlightCalls = new Map();
  let isExiting = false;

  /** Aborts running calls, lets them answer, waits for replies and log lines to drain (capped), exits. */
  const exit = (code: number): void => {
    if (isExiting) return;
    isExiting = true;
    abortAll(inFlight, 'the driver process is exiting');
    const flushed = Promise.allSettled(inFlight.values())
      .then(() => new Promise((resolve) => setImmediate(resolve))) // replies are handed to the writer by then
      .then(() => Promise.allSettled([...pendingWrites, drain(process.stderr)]));
    const capped = new Promise((resolve) => setTimeout(resolve, EXIT_FLUSH_TIMEOUT_MS).unref());
    void Promise.race([flushed, capped]).then(() => process.exit(code));
  };
  // The host is gone when a pipe breaks: there is nobody left to tell, so exit at once. Logging the
  // error would write to the broken stderr again and loop (an orphaned driver spinning forever).
  const hostGone = (): never => process.exit(1);
  process.stderr.on('error', hostGone);
  process.on('uncaughtException', (err) => {
    if ((err as NodeJS.ErrnoException).code === 'EPIPE') hostGone();
    log.error(`uncaught exception: ${err.stack ?? err.message}`);
    exit(1);
  });
  process.on('unhandledRejection', (reason) => {
    log.error(`unhandled promise rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
    exit(1);
  });
  process.stdout.on('error', hostGone);
  process.stdin.on('end', () => exit(0));
  process.stdin.on('close', () => exit(0));

  const listen = (driver: Driver): void => {
    const writer = trackWrites(new StreamMessageWriter(protocolOut), pendingWrites);
    const connection = createMessageConnection(new StreamMessageReader(process.stdin), writer, jsonRpcLogger(log));
    let isInitialized = false;
    let isShuttingDown = false;
    connection.onRequest(async (method: string, params: unknown, token: CancellationToken) => {
      if (method === Initialize.method) {
        if (isInitialized) throw protocolError(JsonRpcErrorCodes.InvalidRequest, 'initialize was already called');
        const parsed = parseInitializeParams(params);
        try {
          const result = answerInitialize(driver, parsed);
          log.setLevel(parsed.logLevel);
          isInitialized = true;
          return result;
        } catch (err) {
          throw toResponseError(err, { method, log });
        }
      }
      const verb = machineVerb(method);
      if (verb === undefined && method !== Shutdown.method) {
        throw protocolError(JsonRpcErrorCodes.MethodNotFound, `unknown method ${method}`);
      }
      if (isShuttingDown) throw protocolError(JsonRpcErrorCodes.InvalidRequest, `${method} called after shutdown`);
      // shutdown is allowed before initialize: the host ends a driver whose initialize failed (PROTOCOL_MISMATCH) that way.
      if (verb === undefined) {
        isShuttingDown = true;
        abortAll(inFlight, 'the driver is shutting down');
        // This reply reaches the writer in this same microtask chain, before the timer: exit() waits for it.
        setTimeout(() => exit(0), 0);
        return {};
      }
      if (!isInitialized) throw protocolError(JsonRpcErrorCodes.ServerNotInitialized, `${method} called before initialize`);
      return runMachineCall({ driver, verb, method, params, token, connection, log, inFlight });
    });
    connection.onError(([err]) => log.error(`protocol error: ${err.message}`));
    connection.onClose(() => exit(0));
    connection.listen();
  };
  return { listen, exit };
}

interface MachineCall {
  driver: Driver;
  verb: MachineVerb;
  method: string;
  params: unknown;
  token: CancellationToken;
  connection: MessageConnection;
  log: StderrLogger;
  inFlight: InFlightCalls;
}

/** Running machine calls: each one's AbortController, and a promise that settles when its handler is done. */
type InFlightCalls = Map<AbortController, Promise<void>>;

async function runMachineCall(call: MachineCall): Promise<unknown> {
  const { driver, verb, method, token, connection, log, inFlight } = call;
  const params = parseMachineParams(method, call.params);
  const machine = params.machine.name;
  const controller = new AbortController();
  const cancel = (): void => {
    controller.abort(new DriverError(ErrorCodes.DRIVER_CANCELLED, `${method} for machine "${machine}" was cancelled`));
  };
  const cancellation = token.onCancellationRequested(cancel);
  if (token.isCancellationRequested) cancel();
  let markDone = noop;
  inFlight.set(controller, new Promise<void>((resolve) => (markDone = resolve)));
  const ctx: DriverContext = {
    signal: controller.signal,
    progress(message: string, percent?: number) {
      const progress: ProgressParams = percent === undefined || !Number.isFinite(percent)
        ? { machine, message }
        : { machine, message, percent: Math.min(100, Math.max(0, percent)) };
      connection.sendNotification(Progress.type, progress).catch((err: unknown) => {
        log.debug(`cannot send progress: ${err instanceof Error ? err.message : String(err)}`, machine);
      });
    },
    log: log.forMachine(machine),
    logLevel: log.level,
  };
  log.debug(`Calling ${method}`, machine);
  try {
    return await callDriver(driver, verb, params, ctx);
  } catch (err) {
    throw toResponseError(err, { method, machine, signal: controller.signal, log });
  } finally {
    cancellation.dispose();
    inFlight.delete(controller);
    markDone();
  }
}

function abortAll(calls: InFlightCalls, why: string): void {
  for (const controller of calls.keys()) controller.abort(new DriverError(ErrorCodes.DRIVER_CANCELLED, why));
}

/** The writer, remembering each write until it is flushed, so that exiting can wait for replies. */
function trackWrites(writer: MessageWriter, pending: Set<Promise<void>>): MessageWriter {
  return {
    get onError() {
      return writer.onError;
    },
    get onClose() {
      return writer.onClose;
    },
    write(message) {
      const written = writer.write(message);
      const settled = written.then(noop, noop);
      pending.add(settled);
      void settled.then(() => pending.delete(settled));
      return written;
    },
    end: () => writer.end(),
    dispose: () => writer.dispose(),
  };
}

function drain(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}

function jsonRpcLogger(log: StderrLogger): JsonRpcLogger {
  return { error: (m) => log.error(m), warn: (m) => log.warn(m), info: (m) => log.debug(m), log: (m) => log.debug(m) };
}

function noop(): void {}

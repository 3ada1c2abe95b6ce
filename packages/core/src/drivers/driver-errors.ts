/**
 * The BerthErrors a driver process can cause. Each names the driver (and the call, when there is one)
 * and carries the driver's last stderr lines, so a user can tell whose fault it was.
 */
import { DRIVER_ERROR_CODE } from '@berth/driver-sdk';
import { ResponseError } from 'vscode-jsonrpc/node';
import { BerthError } from '../errors.js';
import { checkResult, DriverErrorDataSchema } from './driver-schemas.js';

/** Stderr lines quoted in an error message (all STDERR_TAIL_LINES stay in `details.stderrTail`). */
const MESSAGE_TAIL_LINES = 10;

export interface ExitInfo {
  exitCode?: number;
  signal?: string;
}

const DEBUG_HINT = 'Run the command again with --debug to see the driver\'s log.';

export function describeExit(exit: ExitInfo | undefined): string {
  if (exit?.signal !== undefined) return `signal ${exit.signal}`;
  if (exit?.exitCode !== undefined) return `exit code ${exit.exitCode}`;
  return 'no exit status';
}

export function describeDuration(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function quoteTail(tail: string[]): string {
  const last = tail.slice(-MESSAGE_TAIL_LINES);
  return last.length === 0 ? '' : `; its last stderr lines:\n${last.map((line) => `  ${line}`).join('\n')}`;
}

function tailDetails(tail: string[]): { stderrTail: string } {
  return { stderrTail: tail.join('\n') };
}

/** The driver exited (or closed its stdout) while berth was still talking to it. */
export function crashError(args: { driver: string; method?: string; exit?: ExitInfo; tail: string[] }): BerthError {
  const during = args.method === undefined ? '' : ` during ${args.method}`;
  return new BerthError(
    'DRIVER_CRASHED',
    `Driver "${args.driver}" exited unexpectedly (${describeExit(args.exit)})${during}${quoteTail(args.tail)}`,
    {
      hint: `${DEBUG_HINT} If it keeps crashing, report it to the maintainers of the ${args.driver} driver.`,
      details: { driver: args.driver, method: args.method, exitCode: args.exit?.exitCode, signal: args.exit?.signal, ...tailDetails(args.tail) },
    },
  );
}

/** The driver could not be spawned, or exited before answering `initialize`. */
export function startFailedError(args: { driver: string; command: string; exit?: ExitInfo; cause?: unknown; tail: string[] }): BerthError {
  const reason = args.cause instanceof Error ? `could not be started (${args.cause.message})` : `exited (${describeExit(args.exit)}) before answering initialize`;
  return new BerthError('DRIVER_START_FAILED', `Driver "${args.driver}" ${reason}${quoteTail(args.tail)}`, {
    hint: `Check that ${args.command} runs, or reinstall the driver with \`berth driver install ${args.driver}\`. ${DEBUG_HINT}`,
    cause: args.cause,
    details: { driver: args.driver, command: args.command, exitCode: args.exit?.exitCode, signal: args.exit?.signal, ...tailDetails(args.tail) },
  });
}

export function timeoutError(args: { driver: string; method: string; timeoutMs: number; tail: string[] }): BerthError {
  return new BerthError('DRIVER_TIMEOUT', `Driver "${args.driver}" did not answer ${args.method} within ${describeDuration(args.timeoutMs)}`, {
    hint: `The driver (or the hypervisor or cloud behind it) may be stuck; the call was cancelled. ${DEBUG_HINT}`,
    details: { driver: args.driver, method: args.method, timeoutMs: args.timeoutMs, ...tailDetails(args.tail) },
  });
}

export function cancelledError(args: { driver: string; method: string; reason: 'aborted' | 'shutdown'; cause?: unknown }): BerthError {
  const why = args.reason === 'aborted' ? 'was cancelled' : 'was interrupted because the driver is being shut down';
  return new BerthError('DRIVER_CANCELLED', `${args.method} on driver "${args.driver}" ${why}`, {
    cause: args.cause,
    details: { driver: args.driver, method: args.method },
  });
}

/** The driver broke the wire protocol (junk on stdout, a bad header, a result of the wrong shape). */
export function protocolError(args: { driver: string; problem: string; method?: string; tail: string[] }): BerthError {
  const during = args.method === undefined ? '' : ` during ${args.method}`;
  return new BerthError('DRIVER_PROTOCOL_ERROR', `Driver "${args.driver}" broke the driver protocol${during}: ${args.problem}${quoteTail(args.tail)}`, {
    hint: `A driver must write only protocol messages to stdout (logs go to stderr). Report this to the maintainers of the ${args.driver} driver.`,
    details: { driver: args.driver, method: args.method, problem: args.problem, ...tailDetails(args.tail) },
  });
}

export function protocolMismatchError(args: { driver: string; offered: readonly number[]; answered: number }): BerthError {
  return new BerthError(
    'PROTOCOL_MISMATCH',
    `Driver "${args.driver}" answered with driver protocol version ${args.answered}, but berth speaks ${args.offered.join(', ')}`,
    {
      hint: `Upgrade berth, or install a version of the driver that speaks protocol ${args.offered.join(' or ')} (\`berth driver install ${args.driver}@<version>\`).`,
      details: { driver: args.driver, offered: [...args.offered], answered: args.answered },
    },
  );
}

/**
 * An error answer from the driver. Code 1000 with `data: {code, hint?}` is a driver error and becomes the
 * same BerthError core would throw; anything else is a protocol fault.
 */
export function fromDriverError(args: { driver: string; method: string; error: unknown; tail: string[] }): BerthError {
  const { driver, method, error } = args;
  if (!(error instanceof ResponseError)) {
    return protocolError({ driver, method, problem: error instanceof Error ? error.message : String(error), tail: args.tail });
  }
  if (error.code === DRIVER_ERROR_CODE) {
    const data = checkResult(DriverErrorDataSchema, error.data);
    if (data.ok) {
      return new BerthError(data.value.code, error.message, {
        ...(data.value.hint === undefined ? {} : { hint: data.value.hint }),
        details: { driver, method },
      });
    }
    return protocolError({ driver, method, problem: `error ${DRIVER_ERROR_CODE} without a valid data.code (${data.problem}): ${error.message}`, tail: args.tail });
  }
  return protocolError({ driver, method, problem: `JSON-RPC error ${error.code}: ${error.message}`, tail: args.tail });
}

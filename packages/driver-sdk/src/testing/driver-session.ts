/**
 * One driver process, started the way the host starts it (no shell, its own env with the cookie and
 * name, JSON-RPC over its stdin/stdout), with everything it writes recorded. Every wait has a limit;
 * `dispose()` kills the process if it is still running.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import {
  CancellationTokenSource, createMessageConnection, ErrorCodes, ResponseError, StreamMessageReader, StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { ConformanceFailure, fail } from './conformance-failure.js';

export interface DriverSessionOptions {
  command: string;
  args: readonly string[];
  /** The driver's whole environment (cookie and name included, or not). */
  env: Record<string, string>;
  /** Default limit for `request`. */
  timeoutMs: number;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all (e.g. ENOENT). */
  error?: Error;
}

/** After `exit`, output still in the pipes is read for at most this long (a grandchild may hold them open). */
const DRAIN_AFTER_EXIT_MS = 1_000;
const LOCAL_TRANSPORT_ERRORS: readonly number[] = [
  ErrorCodes.MessageWriteError, ErrorCodes.MessageReadError, ErrorCodes.PendingResponseRejected, ErrorCodes.ConnectionInactive,
];
/** vscode-jsonrpc logs through this; the session reports problems itself. */
const SILENT = { error() {}, warn() {}, info() {}, log() {} };

export class DriverSession {
  readonly child: ChildProcessWithoutNullStreams;
  readonly connection: MessageConnection;
  /** Resolves once the process has exited and its output has been read. */
  readonly exited: Promise<ExitStatus>;
  private readonly out: Buffer[] = [];
  private err = '';
  private exit: ExitStatus | undefined;

  constructor(private readonly options: DriverSessionOptions) {
    this.child = spawn(options.command, [...options.args], { env: options.env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    this.child.stdout.on('data', (chunk: Buffer) => this.out.push(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.err += chunk.toString('utf8');
    });
    this.child.stdin.on('error', () => {}); // EPIPE when the driver is gone: its exit is what checks look at
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout), new StreamMessageWriter(this.child.stdin), SILENT);
    this.exited = new Promise<ExitStatus>((resolve) => {
      let isSettled = false;
      const settle = (status: ExitStatus): void => {
        if (isSettled) return;
        isSettled = true;
        this.exit ??= status;
        // vscode-jsonrpc leaves pending requests hanging when the peer dies unless the connection is disposed.
        this.connection.dispose();
        resolve(this.exit);
      };
      this.child.once('error', (error) => settle({ code: null, signal: null, error }));
      this.child.once('close', (code, signal) => settle({ code, signal }));
      this.child.once('exit', (code, signal) => {
        this.exit ??= { code, signal };
        setTimeout(() => settle({ code, signal }), DRAIN_AFTER_EXIT_MS).unref();
      });
    });
    this.connection.listen();
  }

  /** Everything written to stdout so far. */
  stdout(): Buffer {
    return Buffer.concat(this.out);
  }

  /** Everything written to stderr so far. */
  stderr(): string {
    return this.err;
  }

  hasExited(): boolean {
    return this.exit !== undefined;
  }

  /**
   * Sends a request and returns the result; rejects with the driver's error as it came (a
   * ResponseError), or with a ConformanceFailure when there is no answer in time or the process exits.
   */
  async request(method: string, params: unknown, timeoutMs = this.options.timeoutMs): Promise<unknown> {
    if (this.exit !== undefined) fail(`the driver had already exited (${describeExit(this.exit)}) before ${method}${this.stderrTail()}`);
    const cancellation = new CancellationTokenSource();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        cancellation.cancel();
        reject(new ConformanceFailure(`${method} got no answer within ${timeoutMs} ms${this.stderrTail()}`));
      }, timeoutMs);
    });
    const exited = this.exited.then((status): never =>
      fail(`the driver exited (${describeExit(status)}) before answering ${method}${this.stderrTail()}`));
    try {
      return await Promise.race([this.connection.sendRequest(method, params, cancellation.token), timedOut, exited]);
    } catch (err) {
      // vscode-jsonrpc's own errors when the connection goes away (the driver never sends them).
      if (err instanceof ResponseError && LOCAL_TRANSPORT_ERRORS.includes(err.code)) {
        const status = this.exit ?? (await this.waitForExit(DRAIN_AFTER_EXIT_MS));
        const why = status === undefined ? `the connection failed (${err.message})` : `the driver exited (${describeExit(status)})`;
        fail(`${why} before answering ${method}${this.stderrTail()}`);
      }
      throw err;
    } finally {
      clearTimeout(timer);
      cancellation.dispose();
    }
  }

  /** Ends the driver's stdin, as the host does when it is done (or dies). */
  closeStdin(): void {
    this.child.stdin.end();
  }

  /** The exit status, or undefined when the process is still running after `timeoutMs`. */
  async waitForExit(timeoutMs: number): Promise<ExitStatus | undefined> {
    if (this.exit !== undefined) return this.exited;
    let timer: NodeJS.Timeout | undefined;
    const stillRunning = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, stillRunning]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The last stderr lines, for failure messages ('' when there are none). */
  stderrTail(lines = 5): string {
    const tail = this.err.trimEnd().split('\n').filter((line) => line !== '').slice(-lines);
    return tail.length === 0 ? '' : `; its last stderr lines:\n${tail.map((line) => `  ${line}`).join('\n')}`;
  }

  /** Kills the process if it still runs (SIGKILL) and waits until it is gone. */
  async dispose(): Promise<void> {
    if (this.exit === undefined && this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
    this.child.stdout.destroy();
    this.child.stderr.destroy();
    this.child.stdin.destroy();
  }
}

export function describeExit(status: ExitStatus): string {
  if (status.error !== undefined) return `could not be started: ${status.error.message}`;
  if (status.signal !== null) return `signal ${status.signal}`;
  return `status ${String(status.code)}`;
}

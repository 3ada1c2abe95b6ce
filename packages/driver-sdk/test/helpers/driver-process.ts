/**
 * Test helper: starts a driver executable the way the host does (`process.execPath entry.js`, its own
 * env with the cookie and the name) and talks to it with vscode-jsonrpc's client side. Every process
 * started here is tracked: call `stopDriverProcesses()` in afterEach so that none outlives its test.
 * (driver-generic's tests use it too; `DriverSession` in `@berth/driver-sdk/testing` is the public equivalent.)
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { DRIVER_COOKIE_ENV, DRIVER_COOKIE_VALUE, DRIVER_NAME_ENV, Initialize } from '../../src/index.js';
import type { InitializeParams, InitializeResult, LogLevel, MachineRef } from '../../src/index.js';

export interface DriverProcess {
  child: ChildProcessWithoutNullStreams;
  connection: MessageConnection;
  /** Everything the driver wrote to stdout so far, raw. */
  stdout(): Buffer;
  /** Everything the driver wrote to stderr so far. */
  stderr(): string;
  /** Parsed stderr JSON log lines (lines that are not JSON are returned as `{raw}`). */
  logLines(): Array<{ level?: string; msg?: string; machine?: string; raw?: string }>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface StartOptions {
  /** BERTH_DRIVER_NAME; left unset when undefined. */
  name?: string;
  /** Put the cookie in the env (default true). */
  cookie?: boolean;
  env?: Record<string, string>;
}

const running = new Set<DriverProcess>();

export function startDriverProcess(entry: string, options: StartOptions = {}): DriverProcess {
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'] ?? '', ...options.env };
  if (options.cookie !== false) env[DRIVER_COOKIE_ENV] = DRIVER_COOKIE_VALUE;
  if (options.name !== undefined) env[DRIVER_NAME_ENV] = options.name;
  const child = spawn(process.execPath, [entry], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  child.stdin.on('error', () => {}); // EPIPE when the driver exits first: the exit itself is what tests look at
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      // vscode-jsonrpc leaves pending requests hanging when the peer dies unless the connection is disposed.
      connection.dispose();
      resolve({ code, signal });
    });
  });
  connection.listen();
  const driver: DriverProcess = {
    child,
    connection,
    exited,
    stdout: () => Buffer.concat(out),
    stderr: () => err,
    logLines: () =>
      err.split('\n').filter((line) => line !== '').map((line) => {
        try {
          return JSON.parse(line) as { level?: string; msg?: string; machine?: string };
        } catch {
          return { raw: line };
        }
      }),
  };
  running.add(driver);
  void exited.then(() => running.delete(driver));
  return driver;
}

/** Kills every driver process still running (call it in afterEach). */
export async function stopDriverProcesses(): Promise<void> {
  const stopping = [...running].map(async (driver) => {
    driver.connection.dispose();
    if (driver.child.exitCode === null && driver.child.signalCode === null) driver.child.kill('SIGKILL');
    await driver.exited;
  });
  await Promise.all(stopping);
}

export function initialize(
  driver: DriverProcess,
  overrides: Partial<InitializeParams> = {},
): Promise<InitializeResult> {
  const params: InitializeParams = {
    protocolVersions: [1],
    host: { name: 'berth-test', version: '0.0.0' },
    logLevel: 'info' satisfies LogLevel,
    ...overrides,
  };
  return driver.connection.sendRequest(Initialize.type, params);
}

export function machineRef(name: string, config: Record<string, unknown> = {}): MachineRef {
  return { name, dir: `/tmp/berth-test-store/machines/${name}`, storePath: '/tmp/berth-test-store', config };
}

/** Splits raw stdout into Content-Length frames and parses each body; throws on anything else. */
export function parseFrames(raw: Buffer): unknown[] {
  const messages: unknown[] = [];
  let rest = raw;
  while (rest.length > 0) {
    const headerEnd = rest.indexOf('\r\n\r\n');
    if (headerEnd < 0) throw new Error(`stdout has bytes that are not a frame: ${JSON.stringify(rest.toString('utf8'))}`);
    const header = rest.subarray(0, headerEnd).toString('ascii');
    const match = /^Content-Length: (\d+)$/im.exec(header);
    if (match === null || match[1] === undefined) throw new Error(`bad frame header on stdout: ${JSON.stringify(header)}`);
    const start = headerEnd + 4;
    const end = start + Number(match[1]);
    messages.push(JSON.parse(rest.subarray(start, end).toString('utf8')));
    rest = rest.subarray(end);
  }
  return messages;
}

/** Resolves with the exit, or rejects after `ms` (so a test fails instead of hanging). */
export function waitForExit(driver: DriverProcess, ms = 10_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`driver did not exit within ${ms} ms`)), ms);
    void driver.exited.then((result) => {
      clearTimeout(timer);
      resolve(result);
    });
  });
}

/**
 * Keeps stdout for the protocol alone (as vscode-languageserver's `patchConsole` does for `--stdio`):
 * every `console.*` method and any stray `process.stdout.write` from driver code or its libraries
 * become stderr log lines instead of corrupting the Content-Length framing.
 * (A child process spawned with `stdio: 'inherit'` still writes to fd 1 directly: drivers must pipe.)
 */
import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { format } from 'node:util';
import type { DriverLogger } from './driver.js';
import type { LogLevel } from './protocol.js';

/** Points every `console.*` method at the logger: log/info → info, debug/trace → debug, warn → warn, error → error. */
export function patchConsole(log: DriverLogger): void {
  // Methods without a natural level (dir, table, count, time, group, assert, ...) go through a Console
  // writing into line-splitting streams; the common ones are mapped explicitly below.
  const sink = new Console({ stdout: linesTo(log, 'info'), stderr: linesTo(log, 'warn') });
  const target = console as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(sink)) {
    if (typeof value === 'function' && typeof target[key] === 'function' && /^[a-z]/.test(key)) target[key] = value;
  }
  console.log = (...args: unknown[]) => log.info(format(...args));
  console.info = (...args: unknown[]) => log.info(format(...args));
  console.debug = (...args: unknown[]) => log.debug(format(...args));
  console.warn = (...args: unknown[]) => log.warn(format(...args));
  console.error = (...args: unknown[]) => log.error(format(...args));
  console.trace = (...args: unknown[]) => {
    const stack = new Error().stack?.split('\n').slice(2).join('\n') ?? '';
    log.debug(`Trace: ${format(...args)}\n${stack}`);
  };
}

/**
 * Replaces `process.stdout.write` with one that logs at info, and returns the only stream that still
 * reaches the real stdout: give it to the protocol's message writer.
 */
export function divertStdout(log: DriverLogger): NodeJS.WritableStream {
  const stdout = process.stdout;
  const writeProtocol = stdout.write.bind(stdout) as (chunk: Uint8Array | string, cb: (err?: Error | null) => void) => boolean;
  const diverted = (chunk: unknown, encodingOrCallback?: unknown, callback?: unknown): boolean => {
    logLines(log, 'info', chunkToString(chunk));
    const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
    if (typeof done === 'function') process.nextTick(done as () => void);
    return true;
  };
  stdout.write = diverted as typeof stdout.write;
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      writeProtocol(chunk, (err) => callback(err ?? null));
    },
  });
}

function linesTo(log: DriverLogger, level: LogLevel): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logLines(log, level, chunk.toString('utf8'));
      callback();
    },
  });
}

function logLines(log: DriverLogger, level: LogLevel, text: string): void {
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() !== '') log[level](line);
  }
}

function chunkToString(chunk: unknown): string {
  if (typeof chunk === 'string') return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('utf8');
  return String(chunk);
}

/**
 * Starting a driver's child process and putting a JSON-RPC connection on its stdin/stdout (ARCHITECTURE
 * "Driver protocol v1": no shell, its own environment with the cookie, Content-Length framing).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { DRIVER_COOKIE_ENV, DRIVER_COOKIE_VALUE, DRIVER_NAME_ENV } from '@berth/driver-sdk';
import type { Logger } from '../logger.js';
import type { Env } from '../paths.js';
import type { ResolvedDriver } from './resolve-driver.js';

/** Every protocol message starts with a header (`Content-Length:` or `Content-Type:`). */
const HEADER_START = 'content-';
/** How much of an unexpected stdout chunk an error message quotes. */
const JUNK_PREVIEW_CHARS = 60;

/**
 * `env` is the driver's whole environment: the parent's is not inherited. A plain pipe spawn (no
 * shell): node's own child_process rather than execa, whose import alone adds ~110 ms to every
 * command that talks to a driver (`ls`, `env` are on the shell-prompt path); nothing here needs
 * execa's output collection.
 */
export function spawnDriverChild(resolved: ResolvedDriver, env: Env): DriverChild {
  return spawn(resolved.command, resolved.args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    shell: false,
    detached: false,
    env: { ...env, [DRIVER_COOKIE_ENV]: DRIVER_COOKIE_VALUE, [DRIVER_NAME_ENV]: resolved.name },
  });
}

export type DriverChild = ChildProcessWithoutNullStreams;

export interface ConnectDriverOptions {
  name: string;
  logger: Logger;
  /** Junk on stdout, an unparseable header or body. */
  onReadError(problem: string): void;
  onWriteError(error: Error): void;
  /** stdout or stdin closed. */
  onClose(): void;
}

/** A connection on the child's stdio; not yet listening. */
export function connectDriver(child: DriverChild, options: ConnectDriverOptions): MessageConnection {
  const { name, logger } = options;
  guardStdout(child.stdout, options.onReadError);
  const reader = new StreamMessageReader(child.stdout);
  const writer = new StreamMessageWriter(child.stdin);
  reader.onError((err) => options.onReadError(`unreadable message on stdout (${err.message})`));
  writer.onError(([err]) => options.onWriteError(err));
  const debug = (message: string) => logger.debug(`(${name}) jsonrpc: ${message}`);
  const connection = createMessageConnection(reader, writer, { error: debug, warn: debug, info: debug, log: debug });
  connection.onClose(options.onClose);
  return connection;
}

/**
 * A driver that prints anything but a header first (a stray log line) is caught at once rather than
 * at a timeout; later junk is caught by the reader when the next header does not parse.
 */
function guardStdout(stdout: NodeJS.ReadableStream, onJunk: (problem: string) => void): void {
  let seen = '';
  const check = (chunk: Buffer) => {
    seen += chunk.toString('latin1', 0, HEADER_START.length - seen.length);
    if (!HEADER_START.startsWith(seen.toLowerCase())) {
      stdout.off('data', check);
      const preview = chunk.toString('utf8', 0, Math.min(chunk.length, JUNK_PREVIEW_CHARS));
      onJunk(`it wrote ${JSON.stringify(preview)} to stdout instead of a protocol message`);
    } else if (seen.length >= HEADER_START.length) {
      stdout.off('data', check);
    }
  };
  stdout.on('data', check);
}

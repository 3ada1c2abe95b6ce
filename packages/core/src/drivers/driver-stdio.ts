/**
 * Putting a JSON-RPC connection on a driver child's stdin/stdout (ARCHITECTURE "Driver protocol v1":
 * Content-Length framing); spawn-driver.ts starts the child.
 */
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Logger } from '../logger.js';
import type { DriverChild } from './spawn-driver.js';

/** Every protocol message starts with a header (`Content-Length:` or `Content-Type:`). */
const HEADER_START = 'content-';
/** How much of an unexpected stdout chunk an error message quotes. */
const JUNK_PREVIEW_CHARS = 60;

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

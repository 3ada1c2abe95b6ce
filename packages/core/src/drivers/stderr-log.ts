/**
 * A driver's stderr: JSON log lines (`{"level","msg","machine"}`) go to the logger at their level as
 * `(machine) msg` (or `(driver) msg`); any other line goes to debug. The last lines are kept for crash reports.
 */
import { StringDecoder } from 'node:string_decoder';
import type { Logger } from '../logger.js';
import { checkResult, LogLineSchema } from './driver-schemas.js';

/** Lines kept for crash reports (ARCHITECTURE: "keeps the last 200 lines"). */
export const STDERR_TAIL_LINES = 200;
/** A driver that writes megabytes without a newline must not grow our memory: longer lines are cut. */
const MAX_LINE_CHARS = 16 * 1024;

export interface StderrLog {
  /** Feed one chunk of the stream. */
  write(chunk: Buffer | string): void;
  /** The stream ended: log the last line even without a trailing newline. */
  end(): void;
  /** The last lines, oldest first (JSON lines as `(machine) msg` or `msg`). */
  tail(): string[];
}

export function createStderrLog(options: { driver: string; logger: Logger; maxLines?: number }): StderrLog {
  const { driver, logger } = options;
  const maxLines = options.maxLines ?? STDERR_TAIL_LINES;
  const decoder = new StringDecoder('utf8');
  const lines: string[] = [];
  let partial = '';

  const remember = (text: string) => {
    lines.push(text);
    if (lines.length > maxLines) lines.splice(0, lines.length - maxLines);
  };

  const handleLine = (raw: string) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    const entry = parseLogLine(line);
    if (entry === undefined) {
      logger.debug(`(${driver}) ${line}`);
      remember(line);
      return;
    }
    logger[entry.level](`(${entry.machine ?? driver}) ${entry.msg}`);
    remember(entry.machine === undefined ? entry.msg : `(${entry.machine}) ${entry.msg}`);
  };

  const take = (text: string) => {
    partial += text;
    let newline = partial.indexOf('\n');
    while (newline !== -1) {
      handleLine(partial.slice(0, newline));
      partial = partial.slice(newline + 1);
      newline = partial.indexOf('\n');
    }
    if (partial.length > MAX_LINE_CHARS) {
      handleLine(`${partial.slice(0, MAX_LINE_CHARS)} [line cut]`);
      partial = '';
    }
  };

  return {
    write(chunk) {
      take(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    },
    end() {
      take(decoder.end());
      if (partial !== '') handleLine(partial);
      partial = '';
    },
    tail() {
      return [...lines];
    },
  };
}

function parseLogLine(line: string) {
  if (!line.startsWith('{')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined; // not JSON after all: an ordinary line
  }
  const checked = checkResult(LogLineSchema, value);
  return checked.ok ? checked.value : undefined;
}

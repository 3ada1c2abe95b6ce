/**
 * The driver side's logger: one JSON object per line on stderr, `{"level","msg","machine"}`, which the
 * host forwards to the user as `(name) msg` at that level. stdout is reserved for the protocol.
 */
import type { DriverLogger } from './driver.js';
import type { LogLevel } from './protocol.js';

/** Most severe first: a logger at level L writes every message whose level comes at or before L. */
export const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'debug'];

export const DEFAULT_LOG_LEVEL: LogLevel = 'info';

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && (LOG_LEVELS as readonly string[]).includes(value);
}

/** One stderr log line, as written by drivers and parsed by the host. */
export interface LogLine {
  level: LogLevel;
  msg: string;
  machine?: string;
}

export interface DriverLoggerOptions {
  /** Messages less severe than this are dropped (default `info`); can be changed later with `setLevel`. */
  level?: LogLevel;
  /** Where each line goes (default: `process.stderr.write`). Receives the line with its trailing `\n`. */
  write?: (line: string) => void;
}

/** A DriverLogger whose level can change (serveDriver sets it from `initialize`) and that can be bound to a machine. */
export interface StderrLogger extends DriverLogger {
  readonly level: LogLevel;
  setLevel(level: LogLevel): void;
  isEnabled(level: LogLevel): boolean;
  /** A logger that fills in `machine` when a call leaves it out (what DriverContext.log is). */
  forMachine(machine: string): DriverLogger;
}

export function formatLogLine(line: LogLine): string {
  const ordered = line.machine === undefined
    ? { level: line.level, msg: line.msg }
    : { level: line.level, msg: line.msg, machine: line.machine };
  return `${JSON.stringify(ordered)}\n`;
}

export function createDriverLogger(options: DriverLoggerOptions = {}): StderrLogger {
  let level = options.level ?? DEFAULT_LOG_LEVEL;
  const write = options.write ?? writeToStderr;
  const isEnabled = (at: LogLevel): boolean => LOG_LEVELS.indexOf(at) <= LOG_LEVELS.indexOf(level);
  const emit = (at: LogLevel, msg: string, machine?: string): void => {
    if (!isEnabled(at)) return;
    write(formatLogLine(machine === undefined ? { level: at, msg } : { level: at, msg, machine }));
  };
  const logger: StderrLogger = {
    get level() {
      return level;
    },
    setLevel(next) {
      level = next;
    },
    isEnabled,
    error: (msg, machine) => emit('error', msg, machine),
    warn: (msg, machine) => emit('warn', msg, machine),
    info: (msg, machine) => emit('info', msg, machine),
    debug: (msg, machine) => emit('debug', msg, machine),
    forMachine(machine) {
      return {
        error: (msg, other) => emit('error', msg, other ?? machine),
        warn: (msg, other) => emit('warn', msg, other ?? machine),
        info: (msg, other) => emit('info', msg, other ?? machine),
        debug: (msg, other) => emit('debug', msg, other ?? machine),
      };
    },
  };
  return logger;
}

function writeToStderr(line: string): void {
  process.stderr.write(line);
}

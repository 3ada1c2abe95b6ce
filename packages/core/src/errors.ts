import type { ErrorCode } from '@berth/driver-sdk';

/**
 * An error a user can reach: a stable code, a one-line message naming the thing, and a hint saying
 * what to do. Bugs stay plain `Error`. Only the CLI's main.ts renders these and picks exit codes.
 */
export class BerthError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  /** Extra fields for specific codes (e.g. driver exit code, stderr tail). */
  readonly details?: Record<string, unknown>;
  constructor(
    code: ErrorCode,
    message: string,
    options: { hint?: string; cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BerthError';
    this.code = code;
    if (options.hint !== undefined) this.hint = options.hint;
    if (options.details !== undefined) this.details = options.details;
  }
}

export function isBerthError(err: unknown, code?: ErrorCode): err is BerthError {
  return err instanceof BerthError && (code === undefined || err.code === code);
}

export interface ErrnoException extends Error {
  code?: string;
  errno?: number;
  syscall?: string;
  path?: string;
}

export function isErrnoException(err: unknown, code?: string): err is ErrnoException {
  return err instanceof Error && 'code' in err && (code === undefined || (err as ErrnoException).code === code);
}

/** A message and its hint as one line, the way the CLI shows an error: `Message. Hint`. */
export function withHint(message: string, hint: string | undefined): string {
  if (!hint) return message;
  return /[.!?:]$/.test(message) ? `${message} ${hint}` : `${message}. ${hint}`;
}

/**
 * Stable string codes carried in `data.code` of driver errors (and used by the core's BerthError).
 * Never rename one once released.
 */
export const ErrorCodes = {
  NOT_SUPPORTED: 'NOT_SUPPORTED',
  HOST_NOT_RUNNING: 'HOST_NOT_RUNNING',
  INVALID_CONFIG: 'INVALID_CONFIG',
  INVALID_FLAG: 'INVALID_FLAG',
  PRECREATE_CHECK_FAILED: 'PRECREATE_CHECK_FAILED',
  MACHINE_NOT_FOUND: 'MACHINE_NOT_FOUND',
  MACHINE_STATE_TIMEOUT: 'MACHINE_STATE_TIMEOUT',
  PROTOCOL_MISMATCH: 'PROTOCOL_MISMATCH',
  DRIVER_INTERNAL: 'DRIVER_INTERNAL',
  DRIVER_CANCELLED: 'DRIVER_CANCELLED',
  DRIVER_CRASHED: 'DRIVER_CRASHED',
  DRIVER_TIMEOUT: 'DRIVER_TIMEOUT',
  DRIVER_NOT_FOUND: 'DRIVER_NOT_FOUND',
  DRIVER_START_FAILED: 'DRIVER_START_FAILED',
  DRIVER_PROTOCOL_ERROR: 'DRIVER_PROTOCOL_ERROR',
  SSH_KEY_NOT_FOUND: 'SSH_KEY_NOT_FOUND',
  VBOX_NOT_INSTALLED: 'VBOX_NOT_INSTALLED',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes] | (string & {});

/** Error a driver throws to send a coded error over the wire (code 1000, data {code, hint}). */
export class DriverError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  constructor(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'DriverError';
    this.code = code;
    if (options.hint !== undefined) this.hint = options.hint;
  }
}

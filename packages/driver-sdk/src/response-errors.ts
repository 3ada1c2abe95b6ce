/**
 * Turning whatever a handler throws into the error that crosses the wire: driver errors are JSON-RPC
 * code 1000 with `data: {code, hint?}`; protocol faults keep their JSON-RPC codes.
 */
import { ErrorCodes as JsonRpcErrorCodes, ResponseError } from 'vscode-jsonrpc/node';
import type { DriverLogger } from './driver.js';
import { DriverError, ErrorCodes } from './error-codes.js';
import { DRIVER_ERROR_CODE } from './protocol.js';
import type { DriverErrorData } from './protocol.js';

/**
 * True for a DriverError, also one made by another copy of the SDK (a driver package can end up with
 * its own nested @berth/driver-sdk, and `instanceof` fails across copies).
 */
export function isDriverError(err: unknown): err is DriverError {
  if (err instanceof DriverError) return true;
  return err instanceof Error && err.name === 'DriverError' && typeof (err as { code?: unknown }).code === 'string';
}

export function driverErrorResponse(err: DriverError): ResponseError<DriverErrorData> {
  const data: DriverErrorData = err.hint === undefined ? { code: err.code } : { code: err.code, hint: err.hint };
  return new ResponseError(DRIVER_ERROR_CODE, err.message, data);
}

/** A JSON-RPC protocol fault (invalid params, not initialized, ...): no `data.code`, the host maps it itself. */
export function protocolError(code: number, message: string): ResponseError<undefined> {
  return new ResponseError(code, message);
}

export function invalidParams(message: string): ResponseError<undefined> {
  return protocolError(JsonRpcErrorCodes.InvalidParams, message);
}

export interface FailedCall {
  method: string;
  machine?: string;
  signal?: AbortSignal;
  log: DriverLogger;
}

/**
 * A DriverError keeps its code and hint; a throw after cancellation becomes the abort reason
 * (DRIVER_CANCELLED); anything else is DRIVER_INTERNAL with its message, the stack going to the log.
 */
export function toResponseError(err: unknown, call: FailedCall): ResponseError<DriverErrorData | undefined> {
  if (err instanceof ResponseError) return err as ResponseError<DriverErrorData | undefined>;
  if (isDriverError(err)) return driverErrorResponse(err);
  const reason: unknown = call.signal?.aborted === true ? call.signal.reason : undefined;
  if (isDriverError(reason)) return driverErrorResponse(reason);
  const message = err instanceof Error ? err.message : `non-Error thrown: ${String(err)}`;
  if (err instanceof Error && err.stack !== undefined) call.log.debug(`${call.method} failed: ${err.stack}`, call.machine);
  return driverErrorResponse(new DriverError(ErrorCodes.DRIVER_INTERNAL, message || `${call.method} failed`));
}

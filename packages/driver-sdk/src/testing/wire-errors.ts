/**
 * The errors a driver answers, judged against the protocol: driver errors are code 1000 with a
 * SCREAMING_SNAKE `data.code`; protocol faults use the JSON-RPC codes.
 */
import { ErrorCodes as JsonRpcErrorCodes, ResponseError } from 'vscode-jsonrpc/node';
import { DRIVER_ERROR_CODE } from '../protocol.js';
import { fail, isPlainObject, preview } from './conformance-failure.js';

/** An error as it arrived in a response: `{code, message, data?}`. */
export interface WireError {
  code: number;
  message: string;
  data?: unknown;
}

const SCREAMING_SNAKE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;
/** JSON-RPC 2.0 reserves -32768..-32000 for protocol faults. */
const JSON_RPC_RESERVED = { from: -32768, to: -32000 } as const;
/** vscode-jsonrpc's answer to a cancelled request (`$/cancelRequest`), outside the reserved range. */
const REQUEST_CANCELLED = -32800;

export function isWireError(value: unknown): value is WireError {
  return value instanceof ResponseError
    || (isPlainObject(value) && typeof value['code'] === 'number' && typeof value['message'] === 'string');
}

/** Why an error is not a coded one, or undefined when it is. */
export function describeUncodedError(error: WireError): string | undefined {
  if (error.code === DRIVER_ERROR_CODE) {
    const code = isPlainObject(error.data) ? error.data['code'] : undefined;
    if (typeof code !== 'string' || !SCREAMING_SNAKE.test(code)) {
      return `error ${DRIVER_ERROR_CODE} "${error.message}" has data ${preview(error.data)}: it needs data.code, a SCREAMING_SNAKE string such as "INVALID_CONFIG"`;
    }
    return undefined;
  }
  const isProtocolCode = (error.code >= JSON_RPC_RESERVED.from && error.code <= JSON_RPC_RESERVED.to) || error.code === REQUEST_CANCELLED;
  if (!isProtocolCode) {
    return `error code ${error.code} ("${error.message}") is neither ${DRIVER_ERROR_CODE} (a driver error, with data.code) nor a JSON-RPC protocol code (-32768 to -32000)`;
  }
  return undefined;
}

export function describeWireError(error: WireError): string {
  const data = error.data === undefined ? '' : ` data=${preview(error.data)}`;
  return `error ${error.code} "${error.message}"${data}`;
}

/** Fails unless `err` is a driver error (code 1000) with this data.code. */
export function expectDriverErrorCode(err: unknown, code: string, what: string): WireError {
  if (!isWireError(err)) throw err;
  const actual = isPlainObject(err.data) ? err.data['code'] : undefined;
  if (err.code !== DRIVER_ERROR_CODE || actual !== code) {
    fail(`${what} must fail with code ${DRIVER_ERROR_CODE} and data.code "${code}", but answered ${describeWireError(err)}`);
  }
  return err;
}

/** Fails unless `err` is the JSON-RPC protocol fault `code`. */
export function expectProtocolErrorCode(err: unknown, code: number, what: string): WireError {
  if (!isWireError(err)) throw err;
  if (err.code !== code) fail(`${what} must fail with JSON-RPC error ${code}, but answered ${describeWireError(err)}`);
  return err;
}

export const METHOD_NOT_FOUND = JsonRpcErrorCodes.MethodNotFound;

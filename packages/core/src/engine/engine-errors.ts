// On the fast path of `ls` and `env`: node builtins and errors.ts only.
import { BerthError, isErrnoException } from '../errors.js';

export interface EngineTarget {
  host: string;
  port: number;
  /** `host:port`, IPv6 in brackets. */
  hostPort: string;
  /** `https://host:port/version`. */
  endpoint: string;
  timeoutMs: number;
  machineName?: string;
}

/** Go-style socket error texts, so `ls`'s ERRORS column reads as it did under docker-machine. */
const CONNECT_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connect: connection refused',
  EHOSTUNREACH: 'connect: no route to host',
  ENETUNREACH: 'connect: network is unreachable',
  EHOSTDOWN: 'connect: host is down',
  ENETDOWN: 'connect: network is down',
  ETIMEDOUT: 'connect: connection timed out',
  EADDRNOTAVAIL: 'connect: cannot assign requested address',
};
const READ_ERRORS: Record<string, string> = {
  ECONNRESET: 'connection reset by peer',
  EPIPE: 'broken pipe',
  ECONNABORTED: 'software caused connection abort',
};
const LOOKUP_ERRORS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA']);

/** OpenSSL certificate verification results as Node reports them in `err.code`. */
const X509_ERRORS = new Set([
  'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_CRL', 'UNABLE_TO_DECRYPT_CERT_SIGNATURE', 'UNABLE_TO_DECRYPT_CRL_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY', 'CERT_SIGNATURE_FAILURE', 'CRL_SIGNATURE_FAILURE', 'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED', 'CRL_NOT_YET_VALID', 'CRL_HAS_EXPIRED', 'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD', 'ERROR_IN_CRL_LAST_UPDATE_FIELD', 'ERROR_IN_CRL_NEXT_UPDATE_FIELD',
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_CHAIN_TOO_LONG', 'CERT_REVOKED', 'INVALID_CA', 'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE', 'CERT_UNTRUSTED', 'CERT_REJECTED', 'HOSTNAME_MISMATCH',
]);

function isTLSErrorCode(code: string): boolean {
  return X509_ERRORS.has(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code.startsWith('ERR_OSSL_');
}

/** The ENGINE_UNREACHABLE error for an exchange that outlived its time limit. */
export function engineTimeoutError(target: EngineTarget): BerthError {
  return new BerthError(
    'ENGINE_UNREACHABLE',
    `Unable to query docker version: Get ${target.endpoint}: no answer within ${target.timeoutMs} ms (timeout)`,
    { hint: unreachableHint(target), details: { timeoutMs: target.timeoutMs } },
  );
}

/**
 * Turns a failure of the `/version` exchange into ENGINE_UNREACHABLE (the socket), ENGINE_TLS_INVALID
 * (certificates, in the wording of reference §5.5) or passes through BerthErrors; anything else is a
 * bug and is returned unchanged.
 */
export function classifyEngineError(err: unknown, target: EngineTarget): unknown {
  if (err instanceof BerthError || !isErrnoException(err) || typeof err.code !== 'string') return err;
  const code = err.code;
  const prefix = `Unable to query docker version: Get ${target.endpoint}`;
  const details = { errorCode: code, hostPort: target.hostPort };
  if (code in CONNECT_ERRORS) {
    return new BerthError('ENGINE_UNREACHABLE', `${prefix}: dial tcp ${target.hostPort}: ${CONNECT_ERRORS[code]}`, {
      hint: unreachableHint(target),
      cause: err,
      details,
    });
  }
  if (code in READ_ERRORS) {
    return new BerthError('ENGINE_UNREACHABLE', `${prefix}: read tcp ${target.hostPort}: ${READ_ERRORS[code]}`, {
      hint: unreachableHint(target),
      cause: err,
      details,
    });
  }
  if (LOOKUP_ERRORS.has(code)) {
    return new BerthError('ENGINE_UNREACHABLE', `${prefix}: dial tcp: lookup ${target.host}: no such host`, {
      hint: unreachableHint(target),
      cause: err,
      details,
    });
  }
  if (isTLSErrorCode(code) || (err.syscall === 'open' && err.path !== undefined)) {
    return new BerthError('ENGINE_TLS_INVALID', `There was an error validating certificates for host "${target.hostPort}": ${err.message}`, {
      hint: regenerateHint(target.machineName),
      cause: err,
      details,
    });
  }
  return err;
}

/**
 * The engine closed the connection after the TLS handshake without answering. Under TLS 1.3 the
 * client's handshake completes before the server has checked the client certificate, so this is how
 * "the engine does not accept our client certificate" arrives (Go reports `remote error: tls: bad
 * certificate` for the same thing).
 */
export function clientCertRejectedError(target: EngineTarget, cause: unknown): BerthError {
  return new BerthError(
    'ENGINE_TLS_INVALID',
    `There was an error validating certificates for host "${target.hostPort}": the engine closed the connection right after the TLS handshake (it did not accept the client certificate)`,
    { hint: regenerateHint(target.machineName), cause, details: { hostPort: target.hostPort } },
  );
}

/** docker-machine's advice after a failed certificate check (reference §5.5), on one line. */
export function regenerateHint(machineName: string | undefined): string {
  return (
    `You can attempt to regenerate them using 'berth regenerate-certs ${machineName ?? '[name]'}'. ` +
    'Be advised that this will trigger a Docker daemon restart which might stop running containers.'
  );
}

function unreachableHint(target: EngineTarget): string {
  const status = target.machineName ? `'berth status ${target.machineName}'` : "'berth ls'";
  return `Check that the machine is running (${status}) and that nothing blocks ${target.hostPort}.`;
}

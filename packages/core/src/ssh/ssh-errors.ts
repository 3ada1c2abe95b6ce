import { BerthError, isBerthError } from '../errors.js';
import type { SSHTarget } from './ssh-types.js';

/** Codes of SSH errors that retrying cannot fix (waitForSSH gives up at once on these). */
export const PERMANENT_SSH_ERROR_CODES: readonly string[] = [
  'SSH_AUTH_FAILED',
  'SSH_HOST_KEY_CHANGED',
  'SSH_HOST_KEY_UNKNOWN',
  'SSH_HOST_KEY_NOT_SAVED',
  'SSH_KEY_NOT_FOUND',
  'SSH_KEY_UNREADABLE',
  'SSH_KEY_INVALID',
];

export function isPermanentSSHError(err: unknown): boolean {
  return isBerthError(err) && PERMANENT_SSH_ERROR_CODES.includes(err.code);
}

export function describeAddress(target: SSHTarget): string {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  return `${target.user}@${host}:${target.port}`;
}

/** How the connection tried to authenticate, for the SSH_AUTH_FAILED message. */
export type AuthMethod = { kind: 'key'; keyPath: string } | { kind: 'agent'; socket: string } | { kind: 'none' };

function authFailedError(target: SSHTarget, auth: AuthMethod, cause: Error): BerthError {
  const what =
    auth.kind === 'key'
      ? `with the key ${auth.keyPath}`
      : auth.kind === 'agent'
        ? `with the keys of the ssh-agent at ${auth.socket}`
        : 'because the machine has no SSH key and no ssh-agent socket was given';
  return new BerthError(
    'SSH_AUTH_FAILED',
    `SSH authentication to machine "${target.machineName}" (${describeAddress(target)}) failed ${what}`,
    {
      hint: `Check that the public key is in ~${target.user}/.ssh/authorized_keys on the machine and that the user "${target.user}" is right.`,
      cause,
    },
  );
}

/** Turns an ssh2 connection error (it carries a `level`) into a BerthError naming the machine. */
export function connectionError(target: SSHTarget, err: Error & { level?: string; code?: unknown }, auth: AuthMethod): BerthError {
  const where = `machine "${target.machineName}" (${describeAddress(target)})`;
  switch (err.level) {
    case 'client-authentication':
    case 'agent':
      return authFailedError(target, auth, err);
    case 'client-timeout':
      return new BerthError('SSH_TIMEOUT', `SSH connection to ${where} timed out: ${err.message}`, { cause: err });
    default: {
      const code = typeof err.code === 'string' ? ` (${err.code})` : '';
      return new BerthError('SSH_CONNECT_FAILED', `Could not connect to ${where} over SSH: ${err.message}${code}`, {
        hint: `Check that the machine is running and that port ${target.port} is reachable from here.`,
        cause: err,
      });
    }
  }
}

export function connectionLostError(target: SSHTarget, doing: string, cause?: unknown): BerthError {
  return new BerthError(
    'SSH_CONNECTION_LOST',
    `The SSH connection to machine "${target.machineName}" (${describeAddress(target)}) closed while ${doing}`,
    cause === undefined ? {} : { cause },
  );
}

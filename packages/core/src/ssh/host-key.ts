import type { ServerHostKeyAlgorithm } from 'ssh2';
import { BerthError } from '../errors.js';
import {
  entryMatchesHost,
  hostKeyFromBlob,
  knownHostsHostToken,
  knownHostsPath,
  readKnownHosts,
  writePinnedHostKey,
} from './known-hosts.js';
import type { HostKey, KnownHostsEntry } from './known-hosts.js';
import type { SSHTarget } from './ssh-types.js';

/**
 * What to do with the server's host key (docker-machine never checked it, issue #534):
 * - `accept-new` (default): trust on first use. Nothing pinned yet → record the key; a key is pinned →
 *   the server must present it (OpenSSH's `StrictHostKeyChecking=accept-new`).
 * - `pin`: the key must already be pinned; nothing pinned → `SSH_HOST_KEY_UNKNOWN`.
 * - `replace`: accept whatever the server presents and make it the only pinned key (machine rebuilt).
 */
export type HostKeyPolicy = 'pin' | 'accept-new' | 'replace';

export const DEFAULT_HOST_KEY_POLICY: HostKeyPolicy = 'accept-new';

/** The `berth ssh` flag that replaces a machine's pinned host key (maps to the `replace` policy). */
export const REPLACE_HOST_KEY_FLAG = '--replace-host-key';

/** The command a user runs to trust a rebuilt machine's new host key. */
export function hostKeyRecoveryCommand(machineName: string): string {
  return `berth ssh ${REPLACE_HOST_KEY_FLAG} ${machineName}`;
}

function address(target: SSHTarget): string {
  return target.host.includes(':') ? `[${target.host}]:${target.port}` : `${target.host}:${target.port}`;
}

export function hostKeyChangedError(target: SSHTarget, expected: HostKey, presented: HostKey): BerthError {
  return new BerthError(
    'SSH_HOST_KEY_CHANGED',
    `The SSH host key of machine "${target.machineName}" (${address(target)}) has changed: ` +
      `expected ${expected.fingerprint}, got ${presented.fingerprint}`,
    {
      hint:
        `If the machine was rebuilt on purpose, accept the new key with \`${hostKeyRecoveryCommand(target.machineName)}\` ` +
        `(it replaces the key pinned in ${knownHostsPath(target.machineDir)}). ` +
        'Otherwise someone may be intercepting the connection: do not go on.',
      details: { expected: expected.fingerprint, presented: presented.fingerprint, knownHosts: knownHostsPath(target.machineDir) },
    },
  );
}

export function hostKeyUnknownError(target: SSHTarget, presented: HostKey): BerthError {
  return new BerthError(
    'SSH_HOST_KEY_UNKNOWN',
    `No SSH host key is pinned for machine "${target.machineName}" (${address(target)}); the server presented ${presented.fingerprint}`,
    {
      hint: `Check the fingerprint on the machine's console, then trust it with \`${hostKeyRecoveryCommand(target.machineName)}\`.`,
      details: { presented: presented.fingerprint, knownHosts: knownHostsPath(target.machineDir) },
    },
  );
}

/** What the verifier decided for a presented key: accept it (maybe writing a pin first) or refuse it. */
export type HostKeyDecision =
  | { action: 'accept'; write?: 'add' | 'replace-all' }
  | { action: 'refuse'; error: BerthError };

/**
 * Pure decision. Pinning is per machine: every key in the machine's known_hosts belongs to it, so a
 * machine whose IP changed must still present one of them (the new address gets its own line so the
 * `ssh` binary finds it). Keys pinned for this exact address win over keys pinned for other addresses.
 */
export function decideHostKey(
  target: SSHTarget,
  pinned: KnownHostsEntry[],
  presented: HostKey,
  policy: HostKeyPolicy,
): HostKeyDecision {
  if (policy === 'replace') return { action: 'accept', write: 'replace-all' };
  const token = knownHostsHostToken(target.host, target.port);
  const forAddress = pinned.filter((entry) => entryMatchesHost(entry, token));
  const candidates = forAddress.length > 0 ? forAddress : pinned;
  const expected = candidates[0];
  if (expected === undefined) {
    return policy === 'pin' ? { action: 'refuse', error: hostKeyUnknownError(target, presented) } : { action: 'accept', write: 'add' };
  }
  const match = candidates.find((entry) => entry.key.algorithm === presented.algorithm && entry.key.base64 === presented.base64);
  if (match === undefined) {
    const sameType = candidates.find((entry) => entry.key.algorithm === presented.algorithm) ?? expected;
    return { action: 'refuse', error: hostKeyChangedError(target, sameType.key, presented) };
  }
  return forAddress.length > 0 ? { action: 'accept' } : { action: 'accept', write: 'add' };
}

// ssh2's default server host key order (ssh2 lib/protocol/constants.js); pinned types are moved first.
const SERVER_HOST_KEY_ALGORITHMS: ServerHostKeyAlgorithm[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

/**
 * Host key algorithms to offer, the pinned key types first, so a server with several host keys presents
 * the one we pinned rather than looking changed (OpenSSH orders its offer the same way).
 */
export function preferredHostKeyAlgorithms(pinned: KnownHostsEntry[]): ServerHostKeyAlgorithm[] {
  const first: ServerHostKeyAlgorithm[] = [];
  for (const { key } of pinned) {
    const algorithms = key.algorithm === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [key.algorithm];
    for (const algorithm of algorithms) {
      const known = SERVER_HOST_KEY_ALGORITHMS.find((candidate) => candidate === algorithm);
      if (known !== undefined && !first.includes(known)) first.push(known);
    }
  }
  return [...first, ...SERVER_HOST_KEY_ALGORITHMS.filter((algorithm) => !first.includes(algorithm))];
}

/** A host verifier for one connection: call `load()` before connecting, pass `verify` to ssh2. */
export interface HostKeyVerifier {
  /** Reads the pinned keys; returns the host key algorithms to offer. */
  load(): Promise<ServerHostKeyAlgorithm[]>;
  /** ssh2's async `hostVerifier(key, callback)`. */
  verify(blob: Buffer, callback: (accepted: boolean) => void): void;
  /** Why the last key was refused (or could not be recorded), if it was. */
  readonly error: Error | undefined;
  /** The key the server presented, once seen. */
  readonly presented: HostKey | undefined;
}

export function createHostKeyVerifier(target: SSHTarget, policy: HostKeyPolicy = DEFAULT_HOST_KEY_POLICY): HostKeyVerifier {
  let pinned: KnownHostsEntry[] = [];
  let error: Error | undefined;
  let presented: HostKey | undefined;
  return {
    get error() {
      return error;
    },
    get presented() {
      return presented;
    },
    async load() {
      pinned = await readKnownHosts(target.machineDir);
      return preferredHostKeyAlgorithms(policy === 'replace' ? [] : pinned);
    },
    verify(blob, callback) {
      let key: HostKey;
      try {
        key = hostKeyFromBlob(blob);
      } catch (err) {
        error = err instanceof Error ? err : new Error(String(err));
        callback(false);
        return;
      }
      presented = key;
      const decision = decideHostKey(target, pinned, key, policy);
      if (decision.action === 'refuse') {
        error = decision.error;
        callback(false);
        return;
      }
      if (decision.write === undefined) {
        callback(true);
        return;
      }
      writePinnedHostKey(target, key, { replaceAll: decision.write === 'replace-all' }).then(
        () => callback(true),
        (err: unknown) => {
          error = new BerthError(
            'SSH_HOST_KEY_NOT_SAVED',
            `Could not record the SSH host key of machine "${target.machineName}" in ${knownHostsPath(target.machineDir)}: ${(err as Error).message}`,
            { cause: err },
          );
          callback(false);
        },
      );
    },
  };
}

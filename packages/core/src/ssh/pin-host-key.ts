import { BerthError } from '../errors.js';
import { SSH_READY_TIMEOUT_MS } from './connect.js';
import { decideHostKey, DEFAULT_HOST_KEY_POLICY, preferredHostKeyAlgorithms } from './host-key.js';
import type { HostKeyPolicy } from './host-key.js';
import { entryMatchesHost, hostKeyFromBlob, knownHostsHostToken, readKnownHosts, writePinnedHostKey } from './known-hosts.js';
import type { HostKey, KnownHostsEntry } from './known-hosts.js';
import { describeAddress } from './ssh-errors.js';
import type { SSHTarget } from './ssh-types.js';

export interface ScanHostKeyOptions {
  signal?: AbortSignal;
  /** Limit for connect + key exchange (default SSH_READY_TIMEOUT_MS). */
  timeoutMs?: number;
}

/**
 * Fetches the server's host key without authenticating (like `ssh-keyscan`): the key exchange runs up
 * to host verification, which takes the key and ends the connection.
 */
export async function scanHostKey(target: SSHTarget, options: ScanHostKeyOptions & { pinned?: KnownHostsEntry[] } = {}): Promise<HostKey> {
  const { signal } = options;
  signal?.throwIfAborted();
  const { Client: SSHClient } = await import('ssh2');
  const client = new SSHClient();
  return new Promise<HostKey>((resolve, reject) => {
    let key: HostKey | undefined;
    let settled = false;
    const finish = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      client.on('error', () => {});
      client.destroy();
      if (key !== undefined && err === undefined) resolve(key);
      else reject(err);
    };
    const onAbort = (): void => finish(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    client.on('error', (err: Error) =>
      finish(
        key !== undefined
          ? undefined
          : new BerthError('SSH_CONNECT_FAILED', `Could not read the SSH host key of machine "${target.machineName}" (${describeAddress(target)}): ${err.message}`, {
              hint: `Check that the machine is running and that port ${target.port} is reachable from here.`,
              cause: err,
            }),
      ),
    );
    client.on('close', () => finish(key === undefined ? new Error('connection closed before the host key arrived') : undefined));
    client.connect({
      host: target.host,
      port: target.port,
      username: target.user,
      readyTimeout: options.timeoutMs ?? SSH_READY_TIMEOUT_MS,
      algorithms: { serverHostKey: preferredHostKeyAlgorithms(options.pinned ?? []) },
      hostVerifier: (blob: Buffer, callback: (accepted: boolean) => void) => {
        key = hostKeyFromBlob(blob);
        callback(false);
        finish();
      },
    });
  });
}

/**
 * Makes sure the machine's known_hosts pins its key before the system `ssh` (StrictHostKeyChecking=yes)
 * is run: nothing to do when this address is pinned (ssh itself then checks the key), otherwise the key
 * is scanned and recorded per `hostKeyPolicy` (`replace` always rescans and replaces the pin).
 * A key that differs from one pinned for another address of the machine is refused.
 */
export async function ensureHostKeyPinned(
  target: SSHTarget,
  options: ScanHostKeyOptions & { hostKeyPolicy?: HostKeyPolicy } = {},
): Promise<void> {
  const policy = options.hostKeyPolicy ?? DEFAULT_HOST_KEY_POLICY;
  const pinned = await readKnownHosts(target.machineDir);
  const token = knownHostsHostToken(target.host, target.port);
  if (policy !== 'replace' && pinned.some((entry) => entryMatchesHost(entry, token))) return;
  const presented = await scanHostKey(target, { ...options, pinned: policy === 'replace' ? [] : pinned });
  const decision = decideHostKey(target, pinned, presented, policy);
  if (decision.action === 'refuse') throw decision.error;
  if (decision.write !== undefined) await writePinnedHostKey(target, presented, { replaceAll: decision.write === 'replace-all' });
}

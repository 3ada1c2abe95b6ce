import { readFile } from 'node:fs/promises';
import type { Client, ConnectConfig } from 'ssh2';
import { BerthError, isErrnoException } from '../errors.js';
import { createHostKeyVerifier, DEFAULT_HOST_KEY_POLICY } from './host-key.js';
import type { HostKeyPolicy } from './host-key.js';
import { connectionError } from './ssh-errors.js';
import type { AuthMethod } from './ssh-errors.js';
import { createSSHSession } from './ssh-session.js';
import type { SSHSession, SSHTarget } from './ssh-types.js';

/** TCP connect + handshake + authentication; ssh2's own default, long enough for a slow cloud link. */
export const SSH_READY_TIMEOUT_MS = 20_000;
/** Keepalive every 15 s, give up after 4 unanswered: a dead machine is noticed within a minute
 * (docker-machine's external client used ServerAliveInterval=60 with OpenSSH's default of 3). */
export const SSH_KEEPALIVE_INTERVAL_MS = 15_000;
export const SSH_KEEPALIVE_COUNT_MAX = 4;

export interface ConnectOptions {
  signal?: AbortSignal;
  /** Limit for TCP connect, handshake and authentication (default SSH_READY_TIMEOUT_MS). */
  timeoutMs?: number;
  hostKeyPolicy?: HostKeyPolicy;
  /** ssh-agent socket (the caller's SSH_AUTH_SOCK); used only when the target has no keyPath. */
  agentSocket?: string;
}

async function readPrivateKey(target: SSHTarget): Promise<Buffer> {
  try {
    return await readFile(target.keyPath);
  } catch (err) {
    if (isErrnoException(err, 'ENOENT')) {
      throw new BerthError('SSH_KEY_NOT_FOUND', `SSH key "${target.keyPath}" of machine "${target.machineName}" does not exist`, {
        hint: 'The machine folder may have been copied without its key; copy `id_rsa` back into it.',
        cause: err,
      });
    }
    if (isErrnoException(err, 'EACCES')) {
      throw new BerthError('SSH_KEY_UNREADABLE', `SSH key "${target.keyPath}" of machine "${target.machineName}" is not readable`, {
        hint: `Run \`chmod 600 '${target.keyPath}'\` as its owner.`,
        cause: err,
      });
    }
    throw err;
  }
}

async function authConfig(target: SSHTarget, agentSocket: string | undefined): Promise<{ config: Partial<ConnectConfig>; auth: AuthMethod }> {
  if (target.keyPath !== '') {
    return { config: { privateKey: await readPrivateKey(target) }, auth: { kind: 'key', keyPath: target.keyPath } };
  }
  if (agentSocket !== undefined && agentSocket !== '') {
    return { config: { agent: agentSocket }, auth: { kind: 'agent', socket: agentSocket } };
  }
  return { config: {}, auth: { kind: 'none' } };
}

/**
 * Connects and authenticates with ssh2, verifying the host key against the machine's pin. ssh2 is
 * loaded here, on first use, so commands that never connect (`ls`, `env`) never load it. The caller
 * owns the returned client and must `end()` it.
 */
export async function connectClient(target: SSHTarget, options: ConnectOptions = {}): Promise<Client> {
  const { signal } = options;
  signal?.throwIfAborted();
  const { config: auth, auth: authMethod } = await authConfig(target, options.agentSocket);
  const verifier = createHostKeyVerifier(target, options.hostKeyPolicy ?? DEFAULT_HOST_KEY_POLICY);
  const serverHostKey = await verifier.load();
  const { Client: SSHClient } = await import('ssh2');
  signal?.throwIfAborted();

  const client = new SSHClient();
  return new Promise<Client>((resolve, reject) => {
    let settled = false;
    const finish = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      client.removeListener('ready', onReady);
      client.removeListener('error', onError);
      client.removeListener('close', onClose);
      if (err === undefined) {
        // Errors after 'ready' (keepalive timeout, reset) are followed by 'close', which the channel
        // waits see; without a listener ssh2's 'error' event would crash the process.
        client.on('error', () => {});
        resolve(client);
        return;
      }
      client.on('error', () => {}); // late socket errors after we gave up must not crash the process
      client.destroy();
      reject(err);
    };
    const onReady = (): void => finish();
    const onError = (err: Error & { level?: string }): void => {
      // A refused or unrecordable host key surfaces from ssh2 as "Host denied (verification failed)".
      finish(err.level === 'handshake' && verifier.error !== undefined ? verifier.error : connectionError(target, err, authMethod));
    };
    const onClose = (): void =>
      finish(
        verifier.error ??
          connectionError(target, new Error('the server closed the connection during the handshake'), authMethod),
      );
    const onAbort = (): void => finish(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    client.on('ready', onReady).on('error', onError).on('close', onClose);
    try {
      client.connect({
        host: target.host,
        port: target.port,
        username: target.user,
        ...auth,
        readyTimeout: options.timeoutMs ?? SSH_READY_TIMEOUT_MS,
        keepaliveInterval: SSH_KEEPALIVE_INTERVAL_MS,
        keepaliveCountMax: SSH_KEEPALIVE_COUNT_MAX,
        algorithms: { serverHostKey },
        hostVerifier: (key: Buffer, callback: (accepted: boolean) => void) => verifier.verify(key, callback),
      });
    } catch (err) {
      // ssh2 parses the private key synchronously inside connect().
      finish(
        new BerthError('SSH_KEY_INVALID', `SSH key "${target.keyPath}" of machine "${target.machineName}" could not be used: ${(err as Error).message}`, {
          hint: 'berth needs an unencrypted private key file (OpenSSH or PEM format), or an ssh-agent holding the key.',
          cause: err,
        }),
      );
    }
  });
}

/** Opens a session for commands and file writes on a machine (provisioning's view of SSH). */
export async function openSSHSession(target: SSHTarget, options: ConnectOptions = {}): Promise<SSHSession> {
  const client = await connectClient(target, options);
  return createSSHSession(client, target);
}

import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { BerthError } from '../errors.js';
import { openSSHSession } from './connect.js';
import type { HostKeyPolicy } from './host-key.js';
import { describeAddress, isPermanentSSHError } from './ssh-errors.js';
import type { SSHTarget } from './ssh-types.js';

/** Total wait: a VM or cloud instance can take minutes to boot and start sshd (docker-machine: 60 × 3 s). */
export const WAIT_FOR_SSH_TIMEOUT_MS = 180_000;
/** First retry after 100 ms, doubling to 2 s: fast when sshd is nearly up, gentle when it is not
 * (docker-machine slept a fixed 3 s, and each external-ssh try could take 30 s, issue #2011). */
export const WAIT_FOR_SSH_FIRST_DELAY_MS = 100;
export const WAIT_FOR_SSH_MAX_DELAY_MS = 2_000;
/** One TCP connect attempt: a dropped SYN must not eat the whole budget. */
export const WAIT_FOR_SSH_TCP_TIMEOUT_MS = 5_000;
/** One SSH handshake + `exit 0`: sshd may accept TCP well before it answers during boot. */
export const WAIT_FOR_SSH_ATTEMPT_TIMEOUT_MS = 15_000;

export interface WaitForSSHOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  hostKeyPolicy?: HostKeyPolicy;
  agentSocket?: string;
  /** Called before each retry with the error that caused it (for debug logs). */
  onRetry?: (attempt: number, error: Error) => void;
}

function tcpProbe(host: string, port: number, timeoutMs: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const done = (err?: Error): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      if (err) reject(err);
      else resolve();
    };
    const onAbort = (): void => done(signal?.reason as Error);
    const timer = setTimeout(() => done(new Error(`TCP connect to port ${port} timed out after ${timeoutMs} ms`)), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => done());
    socket.once('error', (err) => done(err));
  });
}

async function trySSH(target: SSHTarget, options: WaitForSSHOptions, remainingMs: number): Promise<void> {
  await tcpProbe(target.host, target.port, Math.min(WAIT_FOR_SSH_TCP_TIMEOUT_MS, remainingMs), options.signal);
  const session = await openSSHSession(target, {
    timeoutMs: Math.min(WAIT_FOR_SSH_ATTEMPT_TIMEOUT_MS, remainingMs),
    ...(options.signal !== undefined && { signal: options.signal }),
    ...(options.hostKeyPolicy !== undefined && { hostKeyPolicy: options.hostKeyPolicy }),
    ...(options.agentSocket !== undefined && { agentSocket: options.agentSocket }),
  });
  try {
    const result = await session.run('exit 0', {
      timeoutMs: Math.min(WAIT_FOR_SSH_ATTEMPT_TIMEOUT_MS, remainingMs),
      ...(options.signal !== undefined && { signal: options.signal }),
    });
    if (result.exitCode !== 0) throw new Error(`\`exit 0\` returned ${result.exitCode}: ${result.stderr.trim()}`);
  } finally {
    await session.close();
  }
}

function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && !err.message.includes(code) ? `${err.message} (${code})` : err.message;
}

/**
 * Waits until the machine's sshd accepts the key and runs `exit 0` (docker-machine WaitForSSH).
 * Retries connection failures with a capped backoff until the timeout; gives up at once on errors that
 * a retry cannot fix: a wrong key (SSH_AUTH_FAILED), a changed host key, an unusable key file.
 */
export async function waitForSSH(target: SSHTarget, options: WaitForSSHOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? WAIT_FOR_SSH_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  let delay = WAIT_FOR_SSH_FIRST_DELAY_MS;
  let lastError: unknown;
  for (let attempt = 1; ; attempt += 1) {
    options.signal?.throwIfAborted();
    try {
      await trySSH(target, options, Math.max(deadline - Date.now(), 1));
      return;
    } catch (err) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (isPermanentSSHError(err)) throw err;
      lastError = err;
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new BerthError(
        'SSH_UNAVAILABLE',
        `Too many retries waiting for SSH to be available on "${target.machineName}" (${target.host}:${target.port}). Last error: ${errorText(lastError)}`,
        {
          hint: `Check that the machine is running and that ${describeAddress(target)} is reachable from here.`,
          cause: lastError,
          details: { attempts: attempt, timeoutMs },
        },
      );
    }
    options.onRetry?.(attempt, lastError instanceof Error ? lastError : new Error(String(lastError)));
    try {
      await sleep(Math.min(delay, remaining), undefined, options.signal === undefined ? {} : { signal: options.signal });
    } catch (err) {
      if (options.signal?.aborted) throw options.signal.reason;
      throw err;
    }
    delay = Math.min(delay * 2, WAIT_FOR_SSH_MAX_DELAY_MS);
  }
}

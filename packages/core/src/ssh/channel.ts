import { constants } from 'node:os';
import type { Client, ClientChannel, PseudoTtyOptions } from 'ssh2';
import { BerthError } from '../errors.js';
import { connectionLostError, describeAddress } from './ssh-errors.js';
import type { SSHTarget } from './ssh-types.js';

/** Terminal size used when the local terminal's is unknown (docker-machine's native client did the same). */
export const DEFAULT_TERMINAL_COLUMNS = 80;
export const DEFAULT_TERMINAL_ROWS = 24;

export function ptyOptions(columns?: number, rows?: number): PseudoTtyOptions {
  return {
    term: 'xterm',
    cols: columns !== undefined && columns > 0 ? columns : DEFAULT_TERMINAL_COLUMNS,
    rows: rows !== undefined && rows > 0 ? rows : DEFAULT_TERMINAL_ROWS,
  };
}

function channelOpenError(target: SSHTarget, what: string, err: Error): BerthError {
  return new BerthError(
    'SSH_CHANNEL_FAILED',
    `Could not start ${what} on machine "${target.machineName}" (${describeAddress(target)}): ${err.message}`,
    { cause: err },
  );
}

/**
 * ssh2 may deliver a short command's whole life (data, exit-status, close) in the same tick as the
 * channel-open callback, before an awaiting caller can attach listeners. Streams buffer their data,
 * but the 'exit' event would be lost, so it is recorded here, synchronously, at open time.
 */
const recordedExits = new WeakMap<ClientChannel, number>();

function recordExit(channel: ClientChannel): ClientChannel {
  channel.once('exit', (code: number | null, signalName?: string) => {
    recordedExits.set(channel, code ?? signalExitCode(signalName ?? ''));
  });
  return channel;
}

export function openExecChannel(client: Client, target: SSHTarget, command: string, pty: PseudoTtyOptions | false): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    client.exec(command, pty === false ? {} : { pty }, (err, channel) => {
      if (err) reject(channelOpenError(target, 'a command', err));
      else resolve(recordExit(channel));
    });
  });
}

export function openShellChannel(client: Client, target: SSHTarget, pty: PseudoTtyOptions): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    client.shell(pty, (err, channel) => {
      if (err) reject(channelOpenError(target, 'a shell', err));
      else resolve(recordExit(channel));
    });
  });
}

/** A remote process killed by a signal gets 128 + the signal number, as a local shell reports it. */
function signalExitCode(signalName: string): number {
  // ssh2 reports `SIGTERM`; the wire carries `TERM`.
  const name = signalName.startsWith('SIG') ? signalName : `SIG${signalName}`;
  const number = (constants.signals as Record<string, number | undefined>)[name];
  return 128 + (number ?? 0);
}

export interface ChannelExitOptions {
  client: Client;
  target: SSHTarget;
  /** For messages: "running `cmd`". */
  doing: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * Resolves with the remote exit code once the channel has closed (so all output has arrived). Aborting
 * or timing out closes the channel (after asking the remote side to kill the process) and rejects; a
 * connection that drops before an exit status arrives rejects with SSH_CONNECTION_LOST.
 */
export function waitForChannelExit(channel: ClientChannel, options: ChannelExitOptions): Promise<number> {
  const { client, target, signal } = options;
  return new Promise<number>((resolve, reject) => {
    let exitCode: number | undefined;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (err: unknown, code?: number): void => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      client.removeListener('close', onClientClose);
      if (err !== undefined) reject(err);
      else resolve(code ?? 0);
    };
    const stop = (err: unknown): void => {
      finish(err);
      try {
        channel.signal('KILL');
      } catch {
        // the channel may already be gone; closing below is what matters
      }
      channel.close();
    };
    const onAbort = (): void => stop(signal?.reason);
    const onClientClose = (): void => finish(connectionLostError(target, options.doing));
    channel.on('exit', (code: number | null, signalName?: string) => {
      exitCode = code ?? signalExitCode(signalName ?? '');
    });
    channel.on('close', () => {
      const code = exitCode ?? recordedExits.get(channel);
      if (code === undefined) finish(connectionLostError(target, options.doing));
      else finish(undefined, code);
    });
    client.on('close', onClientClose);
    if (signal?.aborted) {
      onAbort();
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    if (options.timeoutMs !== undefined) {
      const { timeoutMs } = options;
      timer = setTimeout(
        () =>
          stop(
            new BerthError('SSH_COMMAND_TIMEOUT', `Timed out after ${timeoutMs} ms ${options.doing} on machine "${target.machineName}"`, {
              details: { timeoutMs },
            }),
          ),
        timeoutMs,
      );
    }
  });
}

import type { Readable, Writable } from 'node:stream';
import type { Client, ClientChannel } from 'ssh2';
import { openExecChannel, openShellChannel, ptyOptions, waitForChannelExit } from './channel.js';
import { connectClient } from './connect.js';
import type { ConnectOptions } from './connect.js';
import type { SSHTarget } from './ssh-types.js';

/** A local terminal's input: process.stdin, or any stream in tests. */
export type TerminalInput = Readable & { isTTY?: boolean; isRaw?: boolean; setRawMode?: (mode: boolean) => unknown };

export interface TerminalOptions extends ConnectOptions {
  stdin?: TerminalInput;
  stdout: Writable;
  stderr: Writable;
  /** Terminal size for the PTY; 80×24 when unknown. */
  columns?: number;
  rows?: number;
  /** Subscribes to local terminal resizes; returns the unsubscribe function. */
  onResize?: (listener: (columns: number, rows: number) => void) => () => void;
}

/** Raw mode on a TTY stdin (keys go to the remote side as typed, Ctrl-C included); returns the undo. */
function enterRawMode(stdin: TerminalInput | undefined): () => void {
  if (stdin?.isTTY !== true || typeof stdin.setRawMode !== 'function') return () => {};
  const wasRaw = stdin.isRaw === true;
  stdin.setRawMode(true);
  return () => {
    stdin.setRawMode?.(wasRaw);
  };
}

async function pipeUntilExit(client: Client, channel: ClientChannel, target: SSHTarget, options: TerminalOptions, pty: boolean, doing: string): Promise<number> {
  const { stdin } = options;
  const restoreMode = pty ? enterRawMode(stdin) : () => {};
  const unsubscribe = pty ? options.onResize?.((columns, rows) => channel.setWindow(rows, columns, 0, 0)) : undefined;
  const wasFlowing = stdin?.readableFlowing === true;
  channel.pipe(options.stdout, { end: false });
  channel.stderr.pipe(options.stderr, { end: false });
  const exit = waitForChannelExit(channel, { client, target, doing, ...(options.signal !== undefined && { signal: options.signal }) });
  if (stdin === undefined) channel.end();
  else stdin.pipe(channel);
  try {
    return await exit;
  } finally {
    if (stdin !== undefined) {
      stdin.unpipe(channel);
      // Leave a stream we started reading paused again, or process.stdin would keep the process alive.
      if (!wasFlowing) stdin.pause();
    }
    channel.unpipe(options.stdout);
    channel.stderr.unpipe(options.stderr);
    unsubscribe?.();
    restoreMode();
  }
}

/**
 * `berth ssh NAME` with ssh2: a login shell on an `xterm` PTY sized like the local terminal, stdin in raw
 * mode while it runs (restored after), resizes forwarded. Resolves to the remote exit code.
 */
export async function runInteractiveShell(target: SSHTarget, options: TerminalOptions): Promise<number> {
  const client = await connectClient(target, options);
  try {
    const channel = await openShellChannel(client, target, ptyOptions(options.columns, options.rows));
    return await pipeUntilExit(client, channel, target, options, true, 'running an interactive shell');
  } finally {
    client.end();
  }
}

export interface RemoteCommandOptions extends TerminalOptions {
  /** Allocate a PTY (like `ssh -t`): needed by full-screen programs and sudo with requiretty. */
  pty?: boolean;
}

/**
 * `berth ssh NAME cmd...` with ssh2: runs `command` through the remote shell, streaming its output and
 * feeding it stdin (EOF at once when no stdin is given). Resolves to the remote exit code.
 */
export async function runRemoteCommand(target: SSHTarget, command: string, options: RemoteCommandOptions): Promise<number> {
  const client = await connectClient(target, options);
  try {
    const pty = options.pty === true;
    const channel = await openExecChannel(client, target, command, pty ? ptyOptions(options.columns, options.rows) : false);
    return await pipeUntilExit(client, channel, target, options, pty, `running \`${command}\``);
  } finally {
    client.end();
  }
}

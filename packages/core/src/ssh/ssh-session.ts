import type { Client, SFTPWrapper } from 'ssh2';
import { BerthError } from '../errors.js';
import { openExecChannel, ptyOptions, waitForChannelExit } from './channel.js';
import { connectionLostError } from './ssh-errors.js';
import type { CommandResult, SSHSession, SSHTarget } from './ssh-types.js';

/** How long close() waits for the server to acknowledge the disconnect before dropping the socket. */
export const SSH_CLOSE_TIMEOUT_MS = 5_000;

function shortCommand(command: string): string {
  const line = command.split('\n')[0] ?? '';
  return line.length > 60 || command.includes('\n') ? `${line.slice(0, 60)}...` : line;
}

function openSftp(client: Client): Promise<SFTPWrapper> {
  return new Promise((resolve, reject) => {
    client.sftp((err, sftp) => (err ? reject(err) : resolve(sftp)));
  });
}

function sftpCall(call: (callback: (err?: Error | null) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => call((err) => (err ? reject(err) : resolve())));
}

/** Wraps a connected ssh2 client (see connectClient) as an SSHSession. */
export function createSSHSession(client: Client, target: SSHTarget): SSHSession {
  let isClosed = false;
  let lastError: Error | undefined;
  // After 'ready' the connection can still fail (keepalive timeout, reset); without a listener
  // ssh2's 'error' event would crash the process. Pending calls learn of it through the 'close' event.
  client.on('error', (err: Error) => {
    lastError = err;
  });
  client.on('close', () => {
    isClosed = true;
  });

  const ensureOpen = (doing: string): void => {
    if (isClosed) throw connectionLostError(target, doing, lastError);
  };

  return {
    async run(command, options = {}): Promise<CommandResult> {
      options.signal?.throwIfAborted();
      const doing = `running \`${shortCommand(command)}\``;
      ensureOpen(doing);
      const channel = await openExecChannel(client, target, command, options.pty === true ? ptyOptions() : false);
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      channel.on('data', (chunk: Buffer) => stdout.push(chunk));
      channel.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      const exit = waitForChannelExit(channel, {
        client,
        target,
        doing,
        ...(options.signal !== undefined && { signal: options.signal }),
        ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
      });
      // Always send EOF, so a command that reads stdin ends instead of waiting for input forever.
      if (options.input !== undefined) channel.end(options.input);
      else channel.end();
      const exitCode = await exit;
      return { stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), exitCode };
    },

    async writeFile(remotePath, content, mode): Promise<void> {
      ensureOpen(`writing ${remotePath}`);
      try {
        const sftp = await openSftp(client);
        try {
          await sftpCall((done) => sftp.writeFile(remotePath, content, mode === undefined ? {} : { mode }, done));
          // The open mode only applies to new files; chmod makes it exact for existing ones too.
          if (mode !== undefined) await sftpCall((done) => sftp.chmod(remotePath, mode, done));
        } finally {
          sftp.end();
        }
      } catch (err) {
        throw new BerthError(
          'SSH_WRITE_FAILED',
          `Could not write ${remotePath} on machine "${target.machineName}": ${(err as Error).message}`,
          { hint: `The SSH user "${target.user}" must be able to write there; use \`sudo\` through run() for root-owned paths.`, cause: err },
        );
      }
    },

    close(): Promise<void> {
      if (isClosed) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          client.destroy();
          resolve();
        }, SSH_CLOSE_TIMEOUT_MS);
        client.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        client.end();
      });
    },
  };
}

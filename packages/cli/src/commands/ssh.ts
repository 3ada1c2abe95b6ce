import { BerthError, ensureHostKeyPinned, machineSSHTarget, machineState, runInteractiveShell, runRemoteCommand, sshArgs } from '@berth/core';
import type { MachineClient, SSHTarget } from '@berth/core';
import { getClient } from '../client.js';
import type { CliContext } from '../context.js';
import { passExitStatus } from '../exit-status.js';
import { oneMachineName } from './machine-args.js';
import { chooseSSHClient, parseSSHCommandLine } from './ssh-command-line.js';
import { findExecutable, runInherited } from './ssh-spawn.js';

/**
 * `berth ssh [--replace-host-key] [NAME] [COMMAND...]` (reference §1.4): an interactive shell, or the
 * command run remotely; the CLI exits with the remote exit status. (The help request, `-h`, is handled
 * where the command is registered.)
 */
export async function run(ctx: CliContext, args: string[]): Promise<void> {
  const line = parseSSHCommandLine(args);
  const client = getClient(ctx);
  const name = await oneMachineName(client, line.machine === undefined ? [] : [line.machine]);
  const target = await runningMachineTarget(client, name);
  if (line.replaceHostKey) await ensureHostKeyPinned(target, { hostKeyPolicy: 'replace' });

  const sshBinary = await findExecutable('ssh', ctx.env, ctx.platform);
  const kind = chooseSSHClient({ nativeSSH: ctx.nativeSSH, env: ctx.env, hasSSHBinary: sshBinary !== undefined });
  ctx.logger.debug(`Using the ${kind === 'native' ? 'in-process (ssh2)' : `system (${sshBinary ?? 'ssh'})`} SSH client`);
  if (kind === 'external' && sshBinary !== undefined) {
    await ensureHostKeyPinned(target);
    passExitStatus(await runInherited(sshBinary, sshArgs(target, line.command), ctx.env), `ssh ${name}`);
    return;
  }
  passExitStatus(await runNative(ctx, target, line.command), `ssh ${name}`);
}

/** Loads the machine and checks it runs (docker-machine's message), then where to reach it. */
export async function runningMachineTarget(client: MachineClient, name: string): Promise<SSHTarget> {
  const record = await client.store.load(name);
  const state = await machineState(client, record);
  if (state !== 'Running') {
    throw new BerthError('HOST_NOT_RUNNING', `Error: Cannot run SSH command: Host "${name}" is not running`, {
      hint: `Start it with \`berth start ${name}\`.`,
    });
  }
  return machineSSHTarget(client, record);
}

/** The in-process client on this process's terminal; a PTY for a command only when both ends are a terminal. */
function runNative(ctx: CliContext, target: SSHTarget, command: readonly string[]): Promise<number> {
  const { stdin, stdout, stderr } = process;
  const agentSocket = ctx.env['SSH_AUTH_SOCK'];
  const terminal = {
    stdin,
    stdout,
    stderr,
    ...(stdout.isTTY && { columns: stdout.columns, rows: stdout.rows }),
    onResize: (listener: (columns: number, rows: number) => void) => {
      const onResize = (): void => listener(stdout.columns, stdout.rows);
      stdout.on('resize', onResize);
      return () => {
        stdout.off('resize', onResize);
      };
    },
    ...(agentSocket !== undefined && agentSocket !== '' && { agentSocket }),
  };
  if (command.length === 0) return runInteractiveShell(target, terminal);
  return runRemoteCommand(target, command.join(' '), { ...terminal, pty: stdin.isTTY && stdout.isTTY });
}

/**
 * Running provisioning commands on a machine: the context every step gets, checked runs with readable
 * errors, file writes through `sudo tee` with the content on stdin, service actions and the hostname
 * (reference §6.2). Package actions are in package-actions.ts, engine installation in engine-install.ts.
 */
import { posix } from 'node:path';
import { BerthError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { CommandResult, SSHSession } from '../ssh/ssh-types.js';
import type { HostnameMethod, ServiceManager } from './provisioners.js';
import { shellQuote } from './quoting.js';

/** What every remote step needs. */
export interface RemoteContext {
  session: SSHSession;
  machineName: string;
  logger: Logger;
  /** Run commands with a PTY (RedHat family's `requiretty`); writes with stdin never use one. */
  pty?: boolean;
  signal?: AbortSignal;
  /** Pause between bounded retries (apt lock); replaced in tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** mkdir, tee, systemctl enable, probes: seconds at most; the limit bounds a sudo password prompt on a PTY. */
export const REMOTE_COMMAND_TIMEOUT_MS = 60_000;
/** systemctl restart waits for dockerd to start; systemd's own start timeout is 90 s. */
export const SERVICE_TIMEOUT_MS = 120_000;

export interface RunOptions {
  input?: string;
  timeoutMs?: number;
}

/** Runs one command; never throws for a non-zero exit. The command (never its stdin) is logged at debug. */
export async function runRemote(ctx: RemoteContext, command: string, options: RunOptions = {}): Promise<CommandResult> {
  ctx.signal?.throwIfAborted();
  ctx.logger.debug(`(${ctx.machineName}) SSH: ${command}`);
  const runOptions: { input?: string; timeoutMs: number; pty?: boolean; signal?: AbortSignal } = {
    timeoutMs: options.timeoutMs ?? REMOTE_COMMAND_TIMEOUT_MS,
  };
  if (options.input !== undefined) runOptions.input = options.input;
  else if (ctx.pty) runOptions.pty = true;
  if (ctx.signal) runOptions.signal = ctx.signal;
  return ctx.session.run(command, runOptions);
}

/** The last `count` non-empty lines of a command's output (stdout, then stderr), for error messages. */
export function outputTail(result: CommandResult, count = 5): string {
  const lines = `${result.stdout}\n${result.stderr}`
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '');
  return lines.slice(-count).join('\n');
}

export interface CommandErrorOptions {
  code: string;
  /** What was being done, as the start of a sentence: `Installing curl`. */
  what: string;
  command: string;
  result: CommandResult;
  hint?: string;
  details?: Record<string, unknown>;
}

/** The error for a failed step: what was being done, where, the exit code and the end of the output. */
export function commandError(ctx: RemoteContext, options: CommandErrorOptions): BerthError {
  const { result, command } = options;
  const tail = outputTail(result);
  return new BerthError(
    options.code,
    `${options.what} on "${ctx.machineName}" failed (exit ${result.exitCode})${tail ? `: ${tail}` : ''}`,
    {
      hint: options.hint ?? `Run \`berth ssh ${ctx.machineName} ${command}\` to see the full output.`,
      details: { command, exitCode: result.exitCode, output: tail, ...options.details },
    },
  );
}

/** Runs a command and throws PROVISION_FAILED (naming `what`) unless it exits 0. */
export async function runChecked(ctx: RemoteContext, command: string, what: string, options: RunOptions = {}): Promise<CommandResult> {
  const result = await runRemote(ctx, command, options);
  if (result.exitCode !== 0) throw commandError(ctx, { code: 'PROVISION_FAILED', what, command, result });
  return result;
}

/** Whether `name` is on the machine's PATH (`command -v`). */
export async function hasCommand(ctx: RemoteContext, name: string): Promise<boolean> {
  return (await runRemote(ctx, `command -v ${shellQuote(name)}`)).exitCode === 0;
}

/**
 * Writes a root-owned file: `sudo tee PATH` with the content on stdin (no shell quoting of the
 * content at all). `mode: '600'` creates the file empty and restricts it before the content goes in.
 * With a PTY (requiretty) stdin is a terminal, so the content travels base64-encoded in the command.
 * `makeDir` creates the file's folder first, in the same command.
 */
export async function writeRemoteFile(
  ctx: RemoteContext,
  path: string,
  content: string,
  options: { mode?: '600'; makeDir?: boolean } = {},
): Promise<void> {
  const target = shellQuote(path);
  // Folded into the same command: every SSH exec costs the host a shell and a sudo.
  const makeDir = options.makeDir ? `sudo mkdir -p ${shellQuote(posix.dirname(path))} && ` : '';
  const restrict = `${makeDir}${options.mode ? `sudo touch ${target} && sudo chmod ${options.mode} ${target} && ` : ''}`;
  if (ctx.pty) {
    const encoded = Buffer.from(content, 'utf8').toString('base64');
    await runChecked(ctx, `${restrict}printf '%s' '${encoded}' | base64 -d | sudo tee ${target} >/dev/null`, `Writing ${path}`);
    return;
  }
  await runChecked(ctx, `${restrict}sudo tee ${target} >/dev/null`, `Writing ${path}`, { input: content });
}

export async function makeRemoteDir(ctx: RemoteContext, dir: string): Promise<void> {
  await runChecked(ctx, `sudo mkdir -p ${shellQuote(dir)}`, `Creating ${dir}`);
}

export type ServiceAction = 'start' | 'stop' | 'restart' | 'enable' | 'disable';

/** The commands for a service action (§6.2); enable/disable are no-ops outside systemd. */
export function serviceCommands(manager: ServiceManager, action: ServiceAction, name: string): string[] {
  const unit = shellQuote(name);
  const isBootToggle = action === 'enable' || action === 'disable';
  switch (manager) {
    case 'systemd':
      if (action === 'start' || action === 'restart') return ['sudo systemctl daemon-reload', `sudo systemctl -f ${action} ${unit}`];
      // `systemctl enable` reloads every unit (a third of a second of systemd's time on a small host,
      // more when several machines are provisioned at once): skip it when the unit is enabled already.
      if (action === 'enable') return [`systemctl is-enabled -q ${unit} 2>/dev/null || sudo systemctl -f enable ${unit}`];
      return [`sudo systemctl -f ${action} ${unit}`];
    case 'upstart':
      return isBootToggle ? [] : [`sudo service ${unit} ${action}`];
    case 'boot2docker':
      return isBootToggle ? [] : [`sudo /etc/init.d/${unit} ${action}`];
    case 'rancheros':
      return isBootToggle ? [] : [`sudo system-docker ${action} ${unit}`];
  }
}

export async function runServiceAction(ctx: RemoteContext, manager: ServiceManager, action: ServiceAction, name: string): Promise<void> {
  for (const command of serviceCommands(manager, action, name)) {
    await runChecked(ctx, command, `${action} of the ${name} service`, { timeoutMs: SERVICE_TIMEOUT_MS });
  }
}

/**
 * Restarts the engine so it reads the new options. Restart, not start: an engine that is already
 * running (socket-activated on Debian) ignores `start`, which is how docker-machine 0.16 failed.
 * A failure becomes ENGINE_START_FAILED carrying the end of the engine's journal (systemd).
 */
export async function restartEngine(ctx: RemoteContext, manager: ServiceManager): Promise<void> {
  for (const command of serviceCommands(manager, 'restart', 'docker')) {
    const result = await runRemote(ctx, command, { timeoutMs: SERVICE_TIMEOUT_MS });
    if (result.exitCode === 0) continue;
    const journal = manager === 'systemd' ? await runRemote(ctx, 'sudo journalctl -u docker --no-pager -n 20') : undefined;
    throw commandError(ctx, {
      code: 'ENGINE_START_FAILED',
      what: 'Restarting the Docker engine',
      command,
      result,
      hint: `Look at the engine's log with \`berth ssh ${ctx.machineName} sudo journalctl -u docker\`.`,
      ...(journal?.exitCode === 0 ? { details: { journal: outputTail(journal, 20) } } : {}),
    });
  }
}

/** Deletes the `docker0` bridge if it exists, so the restarted engine recreates it with the new options (§5.4). */
export async function deleteDockerBridge(ctx: RemoteContext): Promise<void> {
  await runChecked(ctx, DELETE_DOCKER_BRIDGE, 'Deleting the docker0 bridge');
}

export const DELETE_DOCKER_BRIDGE = 'if ip link show docker0 >/dev/null 2>&1; then sudo ip link delete docker0; fi';

const HOSTNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9.-]*$/;

/** docker-machine's /etc/hosts edit: make `127.0.1.1 NAME` the 127.0.1.1 line unless NAME is already there. */
export function hostsFileCommand(name: string): string {
  const pattern = name.replace(/\./g, '\\.');
  return (
    `if ! grep -xq '.*\\s${pattern}' /etc/hosts; then ` +
    `if grep -xq '127.0.1.1\\s.*' /etc/hosts; then sudo sed -i 's/^127.0.1.1\\s.*/127.0.1.1 ${name}/g' /etc/hosts; ` +
    `else echo '127.0.1.1 ${name}' | sudo tee -a /etc/hosts >/dev/null; fi; fi`
  );
}

/** Sets the machine's hostname to its machine name (§6.2), by the provisioner's method. */
export async function setHostname(ctx: RemoteContext, method: HostnameMethod, name: string): Promise<void> {
  if (!HOSTNAME_PATTERN.test(name)) {
    throw new BerthError('INVALID_MACHINE_NAME', `"${name}" cannot be used as a hostname`, {
      hint: 'Machine names may contain 0-9 a-z A-Z . - and start with a letter or digit.',
    });
  }
  const what = `Setting the hostname to ${name}`;
  switch (method) {
    case 'generic':
      await runChecked(ctx, `sudo hostname ${name} && echo ${name} | sudo tee /etc/hostname >/dev/null`, what);
      await runChecked(ctx, hostsFileCommand(name), what);
      return;
    case 'boot2docker':
      await runChecked(ctx, `sudo /usr/bin/sethostname ${name} && echo ${name} | sudo tee /var/lib/boot2docker/etc/hostname >/dev/null`, what);
      return;
    case 'hostnamectl':
      await runChecked(ctx, `sudo hostnamectl set-hostname ${name}`, what);
      return;
    case 'rancheros': {
      await runChecked(ctx, `sudo sed -i '/127.0.1.1/d' /etc/hosts`, what);
      await setHostname(ctx, 'generic', name);
      const cloudConfig = '/var/lib/rancher/conf/cloud-config.d/machine-hostname.yml';
      await makeRemoteDir(ctx, posix.dirname(cloudConfig));
      await writeRemoteFile(ctx, cloudConfig, `#cloud-config\n\nhostname: ${name}\n`);
      return;
    }
  }
}

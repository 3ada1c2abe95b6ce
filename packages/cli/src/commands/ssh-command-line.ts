import { parseScpLocation, REPLACE_HOST_KEY_FLAG } from '@berth/core';
import type { Env } from '@berth/core';
import { UsageError } from '../cli-error.js';

/** Arguments that make `berth ssh` print its help instead of connecting (docker-machine's list). */
const HELP_ARGS = new Set(['-h', '-help', '--help']);

/** The machine docker-machine's `ssh` and `mount` fall back to. */
export const DEFAULT_MACHINE = 'default';

/** `berth ssh [--replace-host-key] [NAME] [COMMAND...]`, split up. */
export interface SSHCommandLine {
  /** Undefined when no name was given (the caller falls back to `default`). */
  machine?: string;
  /** The remote command's words; empty → interactive shell. */
  command: string[];
  replaceHostKey: boolean;
}

/** True when `berth ssh`'s first argument asks for help (nothing after `ssh` is parsed as a flag otherwise). */
export function isSSHHelpRequest(args: readonly string[]): boolean {
  return args[0] !== undefined && HELP_ARGS.has(args[0]);
}

/**
 * Splits `berth ssh`'s arguments: an optional `--replace-host-key` first, then the machine name, then
 * the remote command verbatim (its own flags included).
 */
export function parseSSHCommandLine(args: readonly string[]): SSHCommandLine {
  const replaceHostKey = args[0] === REPLACE_HOST_KEY_FLAG;
  const rest = replaceHostKey ? args.slice(1) : [...args];
  const [machine, ...command] = rest;
  return machine === undefined ? { command: [], replaceHostKey } : { machine, command, replaceHostKey };
}

/** Which SSH client runs `berth ssh`. */
export type SSHClientKind = 'native' | 'external';

/**
 * In-process ssh2 by default (PTY, resize and raw mode, no dependence on a local OpenSSH).
 * `BERTH_SSH=external` selects the system `ssh` when there is one; `--native-ssh` always wins.
 */
export function chooseSSHClient(options: { nativeSSH: boolean; env: Env; hasSSHBinary: boolean }): SSHClientKind {
  const wanted = (options.env['BERTH_SSH'] ?? '').trim().toLowerCase();
  if (wanted !== '' && wanted !== 'native' && wanted !== 'external') {
    throw new UsageError(`Error: BERTH_SSH must be "native" or "external", not "${options.env['BERTH_SSH'] ?? ''}"`);
  }
  if (options.nativeSSH || wanted !== 'external' || !options.hasSSHBinary) return 'native';
  return 'external';
}

/** One side of scp/mount: `[[user@]machine:]path` (no machine → local). */
export type ScpLocation = ReturnType<typeof parseScpLocation>;

/** `berth scp`'s two sides. */
export interface ScpCommandLine {
  source: ScpLocation;
  destination: ScpLocation;
}

export function parseScpCommandLine(args: readonly string[]): ScpCommandLine {
  const [source, destination] = args;
  if (args.length !== 2 || source === undefined || destination === undefined) throw new UsageError('Improper number of arguments');
  return { source: parseScpLocation(source), destination: parseScpLocation(destination) };
}

/** `berth mount [-u] [[user@]machine:]path [mountpoint]`, resolved. */
export interface MountCommandLine {
  machine: string;
  user?: string;
  remotePath: string;
  /** Defaults to the remote path (docker-machine's rule). */
  mountPoint: string;
}

export function parseMountCommandLine(args: readonly string[]): MountCommandLine {
  const [source, mountPoint] = args;
  if (args.length < 1 || args.length > 2 || source === undefined) throw new UsageError('Improper number of arguments');
  const location = parseScpLocation(source);
  return {
    machine: location.machine ?? DEFAULT_MACHINE,
    ...(location.user !== undefined && { user: location.user }),
    remotePath: location.path,
    mountPoint: mountPoint ?? location.path,
  };
}

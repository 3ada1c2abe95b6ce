import { knownHostsPath } from './known-hosts.js';
import type { SSHTarget } from './ssh-types.js';

/**
 * Options for the system `ssh` (and scp/rsync/sshfs through it): docker-machine's list (reference §9),
 * except that the host key is checked against the machine's pinned known_hosts instead of ignored
 * (issue #534), the system-wide known_hosts is not consulted, CheckHostIP cannot add lines to the pin
 * file, and LogLevel is `error` rather than `quiet` so "REMOTE HOST IDENTIFICATION HAS CHANGED" is shown.
 */
export function externalSSHOptions(knownHostsFiles: string[]): string[] {
  const options = [
    'ConnectionAttempts=3',
    'ConnectTimeout=10',
    'ControlMaster=no',
    'ControlPath=none',
    'LogLevel=error',
    'PasswordAuthentication=no',
    'ServerAliveInterval=60',
    'StrictHostKeyChecking=yes',
    `UserKnownHostsFile=${knownHostsFiles.map(quoteConfigValue).join(' ')}`,
    'GlobalKnownHostsFile=/dev/null',
    'CheckHostIP=no',
  ];
  return ['-F', '/dev/null', ...options.flatMap((option) => ['-o', option])];
}

/** OpenSSH splits option values on whitespace but honours double quotes. */
export function quoteConfigValue(value: string): string {
  return /[\s"]/.test(value) ? `"${value.replace(/(["\\])/g, '\\$1')}"` : value;
}

export function knownHostsFileOf(target: SSHTarget): string {
  return knownHostsPath(target.machineDir);
}

/** `user@host`, with an IPv6 address bracketed where a `:path` follows. */
export function sshDestination(user: string, host: string, withPath?: string): string {
  if (withPath === undefined) return `${user}@${host}`;
  return `${user}@${host.includes(':') ? `[${host}]` : host}:${withPath}`;
}

/**
 * Arguments for `ssh` to reach the machine, then run `command` (joined by the remote shell, as OpenSSH
 * does); no command → interactive login. `--` stops ssh from reading the command's own flags.
 */
export function sshArgs(target: SSHTarget, command: readonly string[] = []): string[] {
  return [
    ...externalSSHOptions([knownHostsFileOf(target)]),
    ...(target.keyPath === '' ? [] : ['-o', 'IdentitiesOnly=yes', '-i', target.keyPath]),
    '-p',
    String(target.port),
    '--',
    sshDestination(target.user, target.host),
    ...command,
  ];
}

export interface SSHFSOptions {
  remotePath: string;
  /** Local directory to mount on; docker-machine defaulted it to the remote path. */
  mountPoint?: string;
  /** Remote user; defaults to the machine's SSH user. */
  user?: string;
}

/** Arguments for `sshfs` (reference §1.4 `mount`), with the same host-key checking as ssh. */
export function sshfsArgs(target: SSHTarget, options: SSHFSOptions): string[] {
  return [
    ...externalSSHOptions([knownHostsFileOf(target)]),
    ...(target.keyPath === '' ? [] : ['-o', 'IdentitiesOnly=yes']),
    '-o',
    `Port=${target.port}`,
    ...(target.keyPath === '' ? [] : ['-o', `IdentityFile=${quoteConfigValue(target.keyPath)}`]),
    sshDestination(options.user ?? target.user, target.host, options.remotePath),
    options.mountPoint ?? options.remotePath,
  ];
}

/** Arguments for `fusermount` to undo a mount (`berth mount -u`). */
export function unmountArgs(mountPoint: string): string[] {
  return ['-u', mountPoint];
}

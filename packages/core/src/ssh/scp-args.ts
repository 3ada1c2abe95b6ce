import { BerthError } from '../errors.js';
import { externalSSHOptions, knownHostsFileOf, quoteConfigValue, sshDestination } from './external-ssh.js';
import type { SSHTarget } from './ssh-types.js';

/** One side of `berth scp`/`mount`: `[[user@]machine:]path`. No machine → a local path. */
export interface ScpLocation {
  machine?: string;
  user?: string;
  path: string;
}

/**
 * Parses `[[user@]machine:]path` (reference §1.4 scp). Local, as with OpenSSH's scp: no colon, a colon
 * after a slash (`./a:b`), a Windows drive (`C:\x`, `C:/x`), or the host `localhost`.
 */
export function parseScpLocation(arg: string): ScpLocation {
  const colon = arg.indexOf(':');
  if (colon <= 0 || /^[A-Za-z]:[\\/]/.test(arg)) return { path: arg };
  const hostPart = arg.slice(0, colon);
  if (hostPart.includes('/') || hostPart.includes('\\')) return { path: arg };
  const path = arg.slice(colon + 1);
  const at = hostPart.indexOf('@');
  const user = at === -1 ? undefined : hostPart.slice(0, at);
  const machine = at === -1 ? hostPart : hostPart.slice(at + 1);
  if (machine === 'localhost' || machine === '') return { path };
  return user === undefined || user === '' ? { machine, path } : { machine, user, path };
}

/** A resolved side: `target` is set for a machine side (user defaults to the machine's SSH user). */
export interface ScpEndpoint {
  path: string;
  target?: SSHTarget;
  user?: string;
}

export interface ScpArgsOptions {
  source: ScpEndpoint;
  destination: ScpEndpoint;
  recursive?: boolean;
  quiet?: boolean;
}

function machineSides(options: ScpArgsOptions): SSHTarget[] {
  return [options.source.target, options.destination.target].filter((t): t is SSHTarget => t !== undefined);
}

/** docker-machine: IdentitiesOnly only when no machine side lacks a key (a local side counts as having one). */
function identityOptions(targets: SSHTarget[], withPort: boolean): string[] {
  const args = targets.every((t) => t.keyPath !== '') ? ['-o', 'IdentitiesOnly=yes'] : [];
  for (const target of targets) {
    if (withPort) args.push('-o', `Port=${target.port}`);
    if (target.keyPath !== '') args.push('-o', `IdentityFile=${quoteConfigValue(target.keyPath)}`);
  }
  return args;
}

function knownHostsFiles(targets: SSHTarget[]): string[] {
  return [...new Set(targets.map(knownHostsFileOf))];
}

/** `scp://user@host:port/path`: the only way to give two machines different ports in one scp call. */
function scpURI(endpoint: ScpEndpoint, target: SSHTarget): string {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  // scp URL-decodes the path; an absolute path becomes `//abs`, a relative one stays under the home directory.
  return `scp://${endpoint.user ?? target.user}@${host}:${target.port}/${endpoint.path.replace(/%/g, '%25')}`;
}

function operand(endpoint: ScpEndpoint, useURI: boolean): string {
  const { target } = endpoint;
  if (target === undefined) return endpoint.path;
  return useURI ? scpURI(endpoint, target) : sshDestination(endpoint.user ?? target.user, target.host, endpoint.path);
}

/**
 * Arguments for `scp` (reference §1.4): `-3` routes machine-to-machine copies through this computer;
 * each machine side's port and key; both machines' pinned known_hosts files.
 */
export function scpArgs(options: ScpArgsOptions): string[] {
  const targets = machineSides(options);
  const useURI = new Set(targets.map((t) => t.port)).size > 1;
  return [
    ...externalSSHOptions(knownHostsFiles(targets)),
    '-3',
    ...(options.recursive === true ? ['-r'] : []),
    ...(options.quiet === true ? ['-q'] : []),
    ...identityOptions(targets, !useURI),
    operand(options.source, useURI),
    operand(options.destination, useURI),
  ];
}

/**
 * Quotes one word of rsync's `-e` command: rsync splits it on spaces and honours quotes but not
 * backslashes; a doubled quote inside a quoted string stands for itself (rsync(1), `--rsh`).
 */
function rsyncShellWord(word: string): string {
  return /[\s'"]/.test(word) ? `'${word.replace(/'/g, "''")}'` : word;
}

/** Arguments for `rsync` (`berth scp --delta`): `[--progress] -e "ssh <options>" [-r] SRC DEST`. */
export function rsyncArgs(options: ScpArgsOptions): string[] {
  const targets = machineSides(options);
  const [target, other] = targets;
  if (other !== undefined && target !== undefined) {
    throw new BerthError(
      'SCP_DELTA_BETWEEN_MACHINES',
      `berth scp --delta cannot copy from machine "${target.machineName}" to machine "${other.machineName}": rsync needs one local side`,
      { hint: 'Copy without --delta (scp routes it through this computer), or copy in two steps.' },
    );
  }
  const ssh = ['ssh', ...externalSSHOptions(knownHostsFiles(targets)), ...identityOptions(targets, true)];
  return [
    ...(options.quiet === true ? [] : ['--progress']),
    '-e',
    ssh.map(rsyncShellWord).join(' '),
    ...(options.recursive === true ? ['-r'] : []),
    operand(options.source, false),
    operand(options.destination, false),
  ];
}

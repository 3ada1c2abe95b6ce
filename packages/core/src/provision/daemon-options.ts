/**
 * The engine configuration file (reference §6.4), rendered from the machine's EngineOptions. Pure
 * functions: provision-machine.ts writes the result with `sudo tee` and the text on stdin, so nothing
 * here passes through a shell on the way; each format is quoted for whatever reads it.
 *
 * Differences from docker-machine, all deliberate: the daemon binary is the one found on the machine
 * (Debian's docker.io has /usr/sbin/dockerd; docker-machine hard-coded /usr/bin/dockerd); the
 * `provider=<driver>` label is not appended a second time when re-provisioning; values are quoted
 * instead of breaking the file; the CoreOS line has no double space when there is no `daemon` word.
 */
import type { AuthOptions, EngineOptions } from '../store/record.js';
import type { DaemonOptionsFormat } from './provisioners.js';
import { shellDoubleQuote, shellSingleQuotedBody, systemdWord } from './quoting.js';

export interface DaemonOptionsInput {
  engine: Pick<EngineOptions, 'StorageDriver' | 'Labels' | 'InsecureRegistry' | 'RegistryMirror' | 'ArbitraryFlags' | 'Env'>;
  auth: Pick<AuthOptions, 'CaCertRemotePath' | 'ServerCertRemotePath' | 'ServerKeyRemotePath'>;
  /** Becomes the label `provider=<driverName>`. */
  driverName: string;
  /** The port of the driver's engine URL (2376 by default). */
  enginePort: number;
  /**
   * The daemon command words for the systemd and CoreOS drop-ins: `['/usr/sbin/dockerd']`, or
   * `['/usr/bin/docker', 'daemon']` for engines before 1.12. Defaults to /usr/bin/dockerd
   * (/usr/lib/coreos/dockerd for CoreOS).
   */
  daemonCommand?: readonly string[];
}

/** The engine labels with `provider=<driver>` appended, unless that exact label is already there. */
export function engineLabels(labels: readonly string[] | null, driverName: string): string[] {
  const provider = `provider=${driverName}`;
  const all = [...(labels ?? [])];
  if (!all.includes(provider)) all.push(provider);
  return all;
}

/** `[flag, value]` pairs after the TLS flags, in docker-machine's order: labels, registries, mirrors, `--engine-opt`s. */
function extraOptions(input: DaemonOptionsInput): Array<[string, string | undefined]> {
  const { engine } = input;
  return [
    ...engineLabels(engine.Labels, input.driverName).map((label): [string, string] => ['--label', label]),
    ...(engine.InsecureRegistry ?? []).map((registry): [string, string] => ['--insecure-registry', registry]),
    ...(engine.RegistryMirror ?? []).map((mirror): [string, string] => ['--registry-mirror', mirror]),
    ...(engine.ArbitraryFlags ?? []).map((flag): [string, undefined] => [`--${flag}`, undefined]),
  ];
}

const execWord = (word: string): string => systemdWord(word, { escapeDollar: true });
const envWord = (entry: string): string => systemdWord(entry, { escapeDollar: false });

/** `Environment=` with each `--engine-env` entry followed by a space, as docker-machine wrote it. */
function environmentLine(env: readonly string[] | null): string {
  return `Environment=${(env ?? []).map((entry) => `${envWord(entry)} `).join('')}`;
}

/** The systemd drop-in (10-machine.conf) for Debian, Ubuntu, RedHat, Arch and SUSE. */
export function systemdDropIn(input: DaemonOptionsInput): string {
  const { engine, auth, enginePort } = input;
  const command = (input.daemonCommand ?? ['/usr/bin/dockerd']).map(execWord).join(' ');
  const head = [
    command,
    `-H tcp://0.0.0.0:${enginePort}`,
    '-H unix:///var/run/docker.sock',
    `--storage-driver ${execWord(engine.StorageDriver)}`,
    '--tlsverify',
    `--tlscacert ${execWord(auth.CaCertRemotePath)}`,
    `--tlscert ${execWord(auth.ServerCertRemotePath)}`,
    `--tlskey ${execWord(auth.ServerKeyRemotePath)}`,
  ].join(' ');
  const tail = extraOptions(input)
    .map(([flag, value]) => (value === undefined ? `${execWord(flag)} ` : `${flag} ${execWord(value)} `))
    .join('');
  return `[Service]\nExecStart=\nExecStart=${head} ${tail}\n${environmentLine(engine.Env)}\n`;
}

/** The CoreOS/Flatcar drop-in: no storage driver, `--host=` sockets, the distribution's DOCKER_OPT* variables. */
export function coreOSDropIn(input: DaemonOptionsInput): string {
  const { engine, auth, enginePort } = input;
  const command = (input.daemonCommand ?? ['/usr/lib/coreos/dockerd']).map(execWord).join(' ');
  const words = [
    command,
    '--host=unix:///var/run/docker.sock',
    `--host=tcp://0.0.0.0:${enginePort}`,
    '--tlsverify',
    `--tlscacert ${execWord(auth.CaCertRemotePath)}`,
    `--tlscert ${execWord(auth.ServerCertRemotePath)}`,
    `--tlskey ${execWord(auth.ServerKeyRemotePath)}`,
    ...extraOptions(input).map(([flag, value]) => (value === undefined ? execWord(flag) : `${flag} ${execWord(value)}`)),
    '$DOCKER_OPTS $DOCKER_OPT_BIP $DOCKER_OPT_MTU $DOCKER_OPT_IPMASQ',
  ];
  return `[Service]\nEnvironment=TMPDIR=/var/tmp\nExecStart=\nExecStart=${words.join(' ')}\n${environmentLine(engine.Env)}\n`;
}

/** One line per option inside a single-quoted shell string (`--label X`). */
function optionLines(options: Array<[string, string | undefined]>): string {
  return options.map(([flag, value]) => `${shellSingleQuotedBody(value === undefined ? flag : `${flag} ${value}`)}\n`).join('');
}

/** `export "K=V"` per `--engine-env` entry. */
function exportLines(env: readonly string[] | null): string {
  return (env ?? []).map((entry) => `export ${shellDoubleQuote(entry)}\n`).join('');
}

/**
 * The DOCKER_OPTS file sourced by Ubuntu upstart's /etc/default/docker and RancherOS. The init script
 * word-splits `$DOCKER_OPTS`, so a value cannot contain spaces; a quote no longer breaks the file.
 */
export function dockerOptsFile(input: DaemonOptionsInput): string {
  const { engine, auth, enginePort } = input;
  const fixed: Array<[string, string | undefined]> = [
    ['-H', `tcp://0.0.0.0:${enginePort}`],
    ['-H', 'unix:///var/run/docker.sock'],
    ['--storage-driver', engine.StorageDriver],
    ['--tlsverify', undefined],
    ['--tlscacert', auth.CaCertRemotePath],
    ['--tlscert', auth.ServerCertRemotePath],
    ['--tlskey', auth.ServerKeyRemotePath],
  ];
  return `\nDOCKER_OPTS='\n${optionLines([...fixed, ...extraOptions(input)])}\n'\n${exportLines(engine.Env)}\n`;
}

/** /var/lib/boot2docker/profile, read by boot2docker's init script. */
export function boot2dockerProfile(input: DaemonOptionsInput): string {
  const { engine, auth, enginePort } = input;
  const assign = (name: string, value: string): string => `${name}='${shellSingleQuotedBody(value)}'`;
  const plain = (name: string, value: string): string =>
    /^[A-Za-z0-9_@%+=:,./-]*$/.test(value) ? `${name}=${value}` : assign(name, value);
  return [
    '',
    `EXTRA_ARGS='\n${optionLines(extraOptions(input))}\n'`,
    plain('CACERT', auth.CaCertRemotePath),
    `DOCKER_HOST='-H tcp://0.0.0.0:${enginePort}'`,
    plain('DOCKER_STORAGE', engine.StorageDriver),
    'DOCKER_TLS=auto',
    plain('SERVERKEY', auth.ServerKeyRemotePath),
    plain('SERVERCERT', auth.ServerCertRemotePath),
    '',
    exportLines(engine.Env),
  ].join('\n') + '\n';
}

/** The file for a provisioner's format. */
export function renderDaemonOptions(format: DaemonOptionsFormat, input: DaemonOptionsInput): string {
  switch (format) {
    case 'systemd':
      return systemdDropIn(input);
    case 'coreos':
      return coreOSDropIn(input);
    case 'docker-opts':
      return dockerOptsFile(input);
    case 'boot2docker':
      return boot2dockerProfile(input);
  }
}

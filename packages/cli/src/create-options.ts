import { Option, type Command } from 'commander';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** A shared create flag: its CLI name, docker-machine's env var(s), default, and kind. */
export interface SharedFlag {
  name: string;
  kind: 'string' | 'bool' | 'stringSlice';
  usage: string;
  env?: string[];
  default?: string;
  short?: string;
}

/** docker-machine's shared create flags (reference §1.5), stored in HostOptions. */
export const SHARED_CREATE_FLAGS: readonly SharedFlag[] = [
  { name: 'driver', short: 'd', kind: 'string', usage: 'Driver to create machine with.', env: ['BERTH_DRIVER', 'MACHINE_DRIVER'], default: 'virtualbox' },
  { name: 'engine-install-url', kind: 'string', usage: 'Custom URL to use for engine installation', env: ['BERTH_DOCKER_INSTALL_URL', 'MACHINE_DOCKER_INSTALL_URL'], default: 'https://get.docker.com' },
  { name: 'engine-opt', kind: 'stringSlice', usage: 'Specify arbitrary flags to include with the created engine in the form flag=value' },
  { name: 'engine-insecure-registry', kind: 'stringSlice', usage: 'Specify insecure registries to allow with the created engine' },
  { name: 'engine-registry-mirror', kind: 'stringSlice', usage: 'Specify registry mirrors to use', env: ['ENGINE_REGISTRY_MIRROR'] },
  { name: 'engine-label', kind: 'stringSlice', usage: 'Specify labels for the created engine' },
  { name: 'engine-storage-driver', kind: 'string', usage: 'Specify a storage driver to use with the engine' },
  { name: 'engine-env', kind: 'stringSlice', usage: 'Specify environment variables to set in the engine' },
  { name: 'swarm', kind: 'bool', usage: 'Configure Machine to join a Swarm cluster' },
  { name: 'swarm-image', kind: 'string', usage: 'Specify Docker image to use for Swarm', env: ['BERTH_SWARM_IMAGE', 'MACHINE_SWARM_IMAGE'], default: 'swarm:latest' },
  { name: 'swarm-master', kind: 'bool', usage: 'Configure Machine to be a Swarm master' },
  { name: 'swarm-discovery', kind: 'string', usage: 'Discovery service to use with Swarm', default: '' },
  { name: 'swarm-strategy', kind: 'string', usage: 'Define a default scheduling strategy for Swarm', default: 'spread' },
  { name: 'swarm-opt', kind: 'stringSlice', usage: 'Define arbitrary flags for Swarm master' },
  { name: 'swarm-join-opt', kind: 'stringSlice', usage: 'Define arbitrary flags for Swarm join' },
  { name: 'swarm-host', kind: 'string', usage: 'ip/socket to listen on for Swarm master', default: 'tcp://0.0.0.0:3376' },
  { name: 'swarm-addr', kind: 'string', usage: 'addr to advertise for Swarm (default: detect and use the machine IP)', default: '' },
  { name: 'swarm-experimental', kind: 'bool', usage: 'Enable Swarm experimental features' },
  { name: 'tls-san', kind: 'stringSlice', usage: 'Support extra SANs for TLS certs' },
];

export function addCreateOptions(cmd: Command): Command {
  for (const flag of SHARED_CREATE_FLAGS) {
    const envNote = flag.env?.length ? ` [$${flag.env.join(', $')}]` : '';
    const flags = `${flag.short ? `-${flag.short}, ` : ''}--${flag.name}${flag.kind === 'bool' ? '' : ' <value>'}`;
    const option = new Option(flags, flag.usage + envNote);
    if (flag.kind === 'stringSlice') option.argParser(collect);
    cmd.addOption(option);
  }
  return cmd;
}

/**
 * Finds the driver before the real parse (docker-machine's phase 1): `-d X`, `--driver X`,
 * `-d=X`, `--driver=X` (and Go's other spellings `-driver`, `--d`), else $BERTH_DRIVER /
 * $MACHINE_DRIVER, else virtualbox.
 */
export function findDriverName(createArgs: readonly string[], env: Record<string, string | undefined>): string {
  for (let i = 0; i < createArgs.length; i++) {
    const arg = createArgs[i] as string;
    if (arg === '--') break;
    if (/^--?(?:d|driver)$/.test(arg)) return createArgs[i + 1] ?? '';
    const m = /^--?(?:d|driver)=(.*)$/.exec(arg);
    if (m) return m[1] as string;
  }
  return env.BERTH_DRIVER || env.MACHINE_DRIVER || 'virtualbox';
}

/** Reads a shared flag's value: the command line, else its env var(s), else the default. */
export function sharedFlagValue(
  flag: SharedFlag,
  parsed: unknown,
  env: Record<string, string | undefined>,
): string | boolean | string[] {
  const fromEnv = flag.env?.map((e) => env[e]).find((v) => v !== undefined && v !== '');
  if (flag.kind === 'stringSlice') {
    if (Array.isArray(parsed) && parsed.length) return parsed as string[];
    return fromEnv ? fromEnv.split(',').filter(Boolean) : [];
  }
  if (flag.kind === 'bool') return parsed === true;
  if (typeof parsed === 'string') return parsed;
  return fromEnv ?? flag.default ?? '';
}

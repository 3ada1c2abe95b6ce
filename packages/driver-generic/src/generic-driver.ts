/**
 * docker-machine's `generic` driver (reference §7.1): an existing host reached over SSH. The driver
 * itself does nothing remote except `restart`; berth's core provisions the host over SSH.
 */
import { DriverError, ErrorCodes } from '@berth/driver-sdk';
import type { Driver, DriverConfig, Flag, MachineRef } from '@berth/driver-sdk';
// fs.promises and system-ssh (child_process) load on first use: every `berth ls` starts this executable,
// for `none` machines too, and neither is needed to answer getState or getURL.
import { promises as fsp } from 'node:fs';
import { basename, join } from 'node:path';
import { canConnect, formatHostPort } from './tcp-probe.js';
import { DRIVER_VERSION } from './version.js';

export const GENERIC_DRIVER_NAME = 'generic';

/** docker-machine probes the SSH port with a 15 s dial to decide Running or Stopped. */
export const STATE_PROBE_TIMEOUT_MS = 15_000;

/** docker-machine's generic flags (drivers/generic/generic.go), names, env vars and defaults unchanged. */
export const GENERIC_CREATE_FLAGS: Flag[] = [
  { name: 'generic-engine-port', type: 'int', usage: 'Docker engine port', envVar: 'GENERIC_ENGINE_PORT', default: 2376 },
  { name: 'generic-ip-address', type: 'string', usage: 'IP Address of machine', envVar: 'GENERIC_IP_ADDRESS' },
  { name: 'generic-ssh-user', type: 'string', usage: 'SSH user', envVar: 'GENERIC_SSH_USER', default: 'root' },
  {
    name: 'generic-ssh-key',
    type: 'string',
    usage: 'SSH private key path (if not provided, default SSH key will be used)',
    envVar: 'GENERIC_SSH_KEY',
    default: '',
  },
  { name: 'generic-ssh-port', type: 'int', usage: 'SSH port', envVar: 'GENERIC_SSH_PORT', default: 22 },
];

interface GenericConfig {
  IPAddress: string;
  MachineName: string;
  SSHUser: string;
  SSHPort: number;
  SSHKeyPath: string;
  StorePath: string;
  SwarmMaster: boolean;
  SwarmHost: string;
  SwarmDiscovery: string;
  EnginePort: number;
  SSHKey: string;
}

export const genericDriver: Driver = {
  name: GENERIC_DRIVER_NAME,
  version: DRIVER_VERSION,
  createFlags: GENERIC_CREATE_FLAGS,
  // start, stop and kill are left out: docker-machine's generic driver cannot power a host on or off.
  capabilities: { provision: true },

  async configFromFlags(machine, flags) {
    const ip = flags['generic-ip-address'];
    if (typeof ip !== 'string' || ip === '') {
      throw new DriverError(ErrorCodes.INVALID_CONFIG, 'generic driver requires the --generic-ip-address option', {
        hint: 'Give the address of the host, e.g. --generic-ip-address 192.168.0.10',
      });
    }
    const config: GenericConfig = {
      IPAddress: ip,
      MachineName: machine.name,
      SSHUser: stringFlag(flags['generic-ssh-user'], 'root'),
      SSHPort: portFlag('generic-ssh-port', flags['generic-ssh-port'], 22),
      SSHKeyPath: '',
      StorePath: machine.storePath,
      SwarmMaster: flags['swarm-master'] === true,
      SwarmHost: stringFlag(flags['swarm-host'], ''),
      SwarmDiscovery: stringFlag(flags['swarm-discovery'], ''),
      EnginePort: portFlag('generic-engine-port', flags['generic-engine-port'], 2376),
      SSHKey: stringFlag(flags['generic-ssh-key'], ''),
    };
    return config as unknown as DriverConfig;
  },

  async preCreateCheck(machine) {
    const key = configOf(machine).SSHKey;
    if (!key) return;
    try {
      await fsp.access(key);
    } catch {
      throw new DriverError(ErrorCodes.SSH_KEY_NOT_FOUND, `SSH key does not exist: "${key}"`, {
        hint: 'Check the path given to --generic-ssh-key.',
      });
    }
  },

  async create(machine, ctx) {
    const config = configOf(machine);
    if (!config.SSHKey) {
      ctx.log.info('No SSH key specified. Assuming an existing key at the default location.', machine.name);
      return machine.config;
    }
    ctx.log.info('Importing SSH key...', machine.name);
    const target = join(machine.dir, basename(config.SSHKey));
    await fsp.copyFile(config.SSHKey, target);
    await fsp.chmod(target, 0o600);
    await fsp.copyFile(`${config.SSHKey}.pub`, `${target}.pub`).catch(() => undefined);
    return { ...machine.config, SSHKeyPath: target };
  },

  async restart(machine, ctx) {
    const config = configOf(machine);
    // The connection drops while the host goes down: only a failure to run the command counts.
    const { runSSH } = await import('./system-ssh.js');
    const result = await runSSH(sshTarget(machine), 'sudo shutdown -r now', ctx.signal);
    if (result.exitCode !== 0 && result.exitCode !== 255) {
      throw new DriverError(ErrorCodes.DRIVER_INTERNAL, `restarting ${config.IPAddress} failed: ${result.stderr.trim()}`);
    }
  },

  async remove() {
    // The host is not ours to delete: only the record goes.
  },

  async getState(machine) {
    return (await isReachable(configOf(machine))) ? 'Running' : 'Stopped';
  },

  async getURL(machine) {
    const config = configOf(machine);
    if (!(await isReachable(config))) {
      throw new DriverError(ErrorCodes.HOST_NOT_RUNNING, 'Host is not running');
    }
    return `tcp://${formatHostPort(config.IPAddress, config.EnginePort)}`;
  },

  async getIP(machine) {
    const ip = configOf(machine).IPAddress;
    if (!ip) throw new DriverError(ErrorCodes.INVALID_CONFIG, 'IP address is not set');
    return ip;
  },

  async getSSHInfo(machine) {
    const { host, port, user, keyPath } = sshTarget(machine);
    return { host, port, user, keyPath };
  },
};

function isReachable(config: GenericConfig): Promise<boolean> {
  return canConnect(config.IPAddress, config.SSHPort, STATE_PROBE_TIMEOUT_MS);
}

function sshTarget(machine: MachineRef) {
  const config = configOf(machine);
  return { host: config.IPAddress, port: config.SSHPort, user: config.SSHUser, keyPath: config.SSHKeyPath, dir: machine.dir };
}

function configOf(machine: MachineRef): GenericConfig {
  const c = machine.config as Partial<GenericConfig>;
  return {
    IPAddress: c.IPAddress ?? '',
    MachineName: c.MachineName ?? machine.name,
    SSHUser: c.SSHUser || 'root',
    SSHPort: c.SSHPort || 22,
    SSHKeyPath: c.SSHKeyPath ?? '',
    StorePath: c.StorePath ?? machine.storePath,
    SwarmMaster: c.SwarmMaster ?? false,
    SwarmHost: c.SwarmHost ?? '',
    SwarmDiscovery: c.SwarmDiscovery ?? '',
    EnginePort: c.EnginePort || 2376,
    SSHKey: c.SSHKey ?? '',
  };
}

function stringFlag(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}

function portFlag(name: string, value: unknown, fallback: number): number {
  const port = typeof value === 'number' ? value : fallback;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new DriverError(ErrorCodes.INVALID_FLAG, `--${name} must be a port number between 1 and 65535 (got ${String(value)})`);
  }
  return port;
}

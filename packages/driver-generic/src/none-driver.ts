/**
 * docker-machine's `none` driver: a machine that is only a URL of a Docker engine that already runs
 * somewhere. Nothing is created, provisioned, started or stopped; the machine is always Running.
 */
import { DriverError, ErrorCodes } from '@berth/driver-sdk';
import type { Driver, DriverConfig, MachineRef } from '@berth/driver-sdk';
import { DRIVER_VERSION } from './version.js';

export const NONE_DRIVER_NAME = 'none';

export const noneDriver: Driver = {
  name: NONE_DRIVER_NAME,
  version: DRIVER_VERSION,
  createFlags: [{ name: 'url', type: 'string', usage: 'URL of host when no driver is selected', default: '' }],
  // Not provisioned by berth; start/stop/restart/kill exist only to answer docker-machine's messages.
  capabilities: { provision: false, start: false, stop: false, restart: false, kill: false },

  async configFromFlags(machine, flags) {
    const url = flags['url'];
    if (typeof url !== 'string' || url === '') {
      throw new DriverError(ErrorCodes.INVALID_CONFIG, '--url option is required when no driver is selected', {
        hint: 'Give the Docker engine\'s URL, e.g. --url tcp://192.168.0.10:2376',
      });
    }
    return noneConfig(machine, url);
  },
  async create(machine) {
    return machine.config;
  },
  async remove() {},
  async start() {
    throw cannot('started');
  },
  async stop() {
    throw cannot('stopped');
  },
  async restart() {
    throw cannot('restarted');
  },
  async kill() {
    throw cannot('killed');
  },
  async getState() {
    return 'Running';
  },
  async getURL(machine) {
    return storedURL(machine);
  },
  async getIP(machine) {
    return hostOf(storedURL(machine), machine.name);
  },
  async getSSHInfo() {
    throw new DriverError(ErrorCodes.NOT_SUPPORTED, 'hosts without a driver cannot be reached over SSH');
  },
};

/**
 * The Driver blob docker-machine writes for `none`: BaseDriver's fields in their order, then URL.
 * The driver starts from a bare BaseDriver and never sets SSHUser/SSHPort, so they stay "" and 0.
 * docker-machine stores `u.Host` (with the port) as IPAddress; berth stores the host alone.
 */
export function noneConfig(machine: MachineRef, url: string): DriverConfig {
  return {
    IPAddress: hostOf(url, machine.name),
    MachineName: machine.name,
    SSHUser: '',
    SSHPort: 0,
    SSHKeyPath: '',
    StorePath: machine.storePath,
    SwarmMaster: false,
    SwarmHost: '',
    SwarmDiscovery: '',
    URL: url,
  };
}

/** The host part of a URL, without port or IPv6 brackets: `tcp://[::1]:2376` → `::1`. */
export function hostOf(url: string, machine: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DriverError(ErrorCodes.INVALID_CONFIG, `invalid URL "${url}" for machine "${machine}"`, {
      hint: 'Give a URL such as tcp://192.168.0.10:2376',
    });
  }
  return parsed.hostname.replace(/^\[(.*)\]$/, '$1');
}

function storedURL(machine: MachineRef): string {
  const url = machine.config['URL'];
  if (typeof url !== 'string' || url === '') {
    throw new DriverError(ErrorCodes.INVALID_CONFIG, `machine "${machine.name}" has no URL in its driver config`, {
      hint: `Check the Driver.URL field of ${machine.dir}/config.json`,
    });
  }
  return url;
}

function cannot(verb: 'started' | 'stopped' | 'restarted' | 'killed'): DriverError {
  return new DriverError(ErrorCodes.NOT_SUPPORTED, `hosts without a driver cannot be ${verb}`);
}

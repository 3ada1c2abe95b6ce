/**
 * docker-machine's `generic` driver: an existing host reached over SSH. Only its flags exist so far;
 * every method answers NOT_SUPPORTED until the driver is written. When it is, import ssh2 and the
 * like lazily (`await import(...)` inside the methods): start-up time counts for `berth ls`.
 */
import { DriverError, ErrorCodes } from '@berth/driver-sdk';
import type { Driver, Flag } from '@berth/driver-sdk';
import { DRIVER_VERSION } from './version.js';

export const GENERIC_DRIVER_NAME = 'generic';

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

function notImplemented(): never {
  throw new DriverError(ErrorCodes.NOT_SUPPORTED, 'the generic driver is not implemented yet');
}

export const genericDriver: Driver = {
  name: GENERIC_DRIVER_NAME,
  version: DRIVER_VERSION,
  createFlags: GENERIC_CREATE_FLAGS,
  // docker-machine's generic driver cannot start or stop a host (start/stop are left out: NOT_SUPPORTED);
  // restart and kill run `sudo shutdown -r|-P now` over SSH.
  configFromFlags: async () => notImplemented(),
  preCreateCheck: async () => notImplemented(),
  create: async () => notImplemented(),
  restart: async () => notImplemented(),
  kill: async () => notImplemented(),
  remove: async () => notImplemented(),
  getState: async () => notImplemented(),
  getURL: async () => notImplemented(),
  getIP: async () => notImplemented(),
  getSSHInfo: async () => notImplemented(),
};

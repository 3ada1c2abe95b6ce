/**
 * The `example` driver: machines in a pretend cloud. Creating a machine "allocates an instance" by
 * writing it into the machine's driver config; start, stop, kill and restart change its state there.
 * Nothing runs anywhere, which makes this driver a safe thing to read, copy and test.
 *
 * Drivers are stateless between calls: every call brings the machine's whole config, and calls that
 * change it return the new one, which berth saves. A real driver would call its cloud's API here
 * instead, and keep only ids and settings in the config.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DriverError, ErrorCodes } from '@berth/driver-sdk';
import type { Driver, DriverConfig, DriverContext, MachineRef } from '@berth/driver-sdk';
import manifest from '../package.json' with { type: 'json' };
import { configFromFlags, EXAMPLE_FLAGS, hostOf, readConfig, toDriverConfig } from './example-config.js';
import type { ExampleConfig, ExampleInstance } from './example-config.js';

/** How long "allocating an instance" takes: long enough to show progress and to be cancelled (Ctrl-C). */
const CREATE_DELAY_MS = 200;

export const exampleDriver: Driver = {
  name: 'example',
  version: manifest.version,
  createFlags: EXAMPLE_FLAGS,
  // No real machine to SSH into, so berth must not try to install Docker on it. start, stop, restart
  // and kill are declared by implementing them below (the SDK fills in the capabilities).
  capabilities: { provision: false },

  async configFromFlags(_machine, flags) {
    return toDriverConfig(configFromFlags(flags));
  },

  async create(machine, ctx) {
    const config = readConfig(machine);
    ctx.log.info(`Allocating an instance with ${config.cpus} CPU(s)...`);
    ctx.progress('Allocating an instance', 0);
    // Pass ctx.signal to anything slow: when the user presses Ctrl-C, berth cancels the request, the
    // signal aborts, and the SDK answers DRIVER_CANCELLED for us.
    await sleep(CREATE_DELAY_MS, undefined, { signal: ctx.signal });
    const instance: ExampleInstance = { id: `ex-${randomBytes(4).toString('hex')}`, state: 'Running' };
    ctx.progress(`Instance ${instance.id} is running`, 100);
    return toDriverConfig({ ...config, instance });
  },

  async start(machine, ctx) {
    return changeState(machine, ctx, 'Running');
  },
  async stop(machine, ctx) {
    return changeState(machine, ctx, 'Stopped');
  },
  async kill(machine, ctx) {
    return changeState(machine, ctx, 'Stopped');
  },
  async restart(machine, ctx) {
    return changeState(machine, ctx, 'Running');
  },

  async remove(machine, ctx) {
    const config = readConfig(machine);
    // Removing a machine whose instance is already gone must succeed: `berth rm` is how users clean up.
    if (config.instance === undefined) {
      ctx.log.debug('no instance to delete');
      return;
    }
    ctx.log.info(`Deleting instance ${config.instance.id}`);
    const { instance: _deleted, ...rest } = config;
    return toDriverConfig(rest);
  },

  async getState(machine) {
    return readConfig(machine).instance?.state ?? 'NotFound';
  },

  async getURL(machine) {
    return runningConfig(machine).url;
  },

  async getIP(machine) {
    return hostOf(runningConfig(machine).url);
  },
  // No getSSHInfo: the SDK answers NOT_SUPPORTED for methods a driver leaves out.
};

async function changeState(machine: MachineRef, ctx: DriverContext, state: ExampleInstance['state']): Promise<DriverConfig> {
  const config = readConfig(machine);
  const instance = existingInstance(machine, config);
  ctx.log.debug(`instance ${instance.id}: ${instance.state} -> ${state}`);
  return toDriverConfig({ ...config, instance: { ...instance, state } });
}

/** The config of a machine whose instance runs; getURL and getIP answer HOST_NOT_RUNNING otherwise. */
function runningConfig(machine: MachineRef): ExampleConfig {
  const config = readConfig(machine);
  const instance = existingInstance(machine, config);
  if (instance.state !== 'Running') {
    throw new DriverError(ErrorCodes.HOST_NOT_RUNNING, `Host is not running: machine "${machine.name}" is ${instance.state}`, {
      hint: `Start it with \`berth start ${machine.name}\`.`,
    });
  }
  return config;
}

function existingInstance(machine: MachineRef, config: ExampleConfig): ExampleInstance {
  if (config.instance === undefined) {
    throw new DriverError(ErrorCodes.MACHINE_NOT_FOUND, `machine "${machine.name}" has no instance in the example cloud`, {
      hint: `Remove it with \`berth rm ${machine.name}\` and create it again.`,
    });
  }
  return config.instance;
}

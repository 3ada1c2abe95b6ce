import { BerthError } from '../errors.js';
import type { MachineRecord } from '../store/record.js';
import { runOnMachines } from './lifecycle.js';
import type { MachineClient } from './machine-client.js';
import { machineState } from './driver-queries.js';
import { provisionRunningMachine, type ProvisionFlowOptions } from './provision-flow.js';

/**
 * `provision [NAME...]` (reference §1.4): re-runs OS detection and the whole provisioning with the
 * stored engine/auth/swarm options, on every named machine concurrently (§1.3).
 */
export async function provisionMachines(
  client: MachineClient,
  names: readonly string[],
  options: ProvisionFlowOptions = {},
): Promise<void> {
  await runOnMachines(client, names, async (record) => {
    await requireProvisionableRunning(client, record);
    await provisionRunningMachine(client, record, options);
  });
}

/**
 * Provisioning needs a machine berth provisions (not `none`) that is Running: say so before any SSH
 * attempt times out. Shared by `provision` and `regenerate-certs`.
 */
export async function requireProvisionableRunning(client: MachineClient, record: MachineRecord): Promise<void> {
  const driver = await client.drivers().get(record.DriverName);
  if (!driver.info.capabilities.provision) {
    throw new BerthError('NOT_SUPPORTED', `Machine "${record.Name}" uses the ${record.DriverName} driver: berth does not provision it`, {
      hint: 'Configure Docker on that host yourself.',
    });
  }
  const state = await machineState(client, record);
  if (state !== 'Running') {
    throw new BerthError('HOST_NOT_RUNNING', `Machine "${record.Name}" is not running`, {
      hint: `Start it with \`berth start ${record.Name}\`, then try again.`,
    });
  }
}

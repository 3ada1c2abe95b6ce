import type { MachineRecord } from '../store/record.js';
import type { MachineClient } from './machine-client.js';
import { recordRef } from './machine-ref.js';
import { provisionRunningMachine } from './provision-flow.js';
import { waitForState } from './wait-for-state.js';

/** After the driver created the machine: wait for Running, then provision it (§1.5 steps f–i). */
export async function provisionCreatedMachine(client: MachineClient, record: MachineRecord, signal?: AbortSignal): Promise<void> {
  const driver = await client.drivers().get(record.DriverName);
  client.logger.info('Waiting for machine to be running, this may take a few minutes...');
  await waitForState(() => driver.getState(recordRef(client.storePath, record)), 'Running', {
    machine: record.Name,
    ...(signal ? { signal } : {}),
  });
  // First contact: the host key seen now is pinned in the machine folder.
  await provisionRunningMachine(client, record, { hostKeyPolicy: 'accept-new', ...(signal ? { signal } : {}) });
  await client.store.save(record);
}

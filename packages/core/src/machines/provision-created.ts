import { BerthError } from '../errors.js';
import type { MachineRecord } from '../store/record.js';
import type { MachineClient } from './machine-client.js';

/** Provisioning after create (reference §1.5 steps f–i). Filled in with the provisioners (SSH, engine install, TLS). */
export async function provisionCreatedMachine(_client: MachineClient, record: MachineRecord, _signal?: AbortSignal): Promise<void> {
  throw new BerthError('NOT_SUPPORTED', `Provisioning "${record.Name}" with the ${record.DriverName} driver is not available in this build`, {
    hint: 'Only the none driver can create machines yet.',
  });
}

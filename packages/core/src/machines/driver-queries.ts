// The queries answered by the driver alone (`status`, `ip`): no TLS client code to load before the
// driver is spawned (machine-queries.ts has the ones that talk to the engine).
import type { MachineState } from '@berth/driver-sdk';
import { BerthError } from '../errors.js';
import type { MachineRecord } from '../store/record.js';
import type { MachineClient } from './machine-client.js';
import { recordRef } from './machine-ref.js';
import { codeOf, hintOf, messageOf } from './query-errors.js';

export async function machineIP(client: MachineClient, record: MachineRecord): Promise<string> {
  const driver = await client.drivers().get(record.DriverName);
  return driver.getIP(recordRef(client.storePath, record));
}

export async function machineState(client: MachineClient, record: MachineRecord): Promise<MachineState> {
  const driver = await client.drivers().get(record.DriverName);
  try {
    return await driver.getState(recordRef(client.storePath, record));
  } catch (err) {
    throw new BerthError(codeOf(err), `error getting state for host ${record.Name}: ${messageOf(err)}`, {
      ...hintOf(err),
      cause: err,
    });
  }
}

import type { SSHTarget } from '../ssh/ssh-types.js';
import { storeLayout } from '../paths.js';
import type { MachineRecord } from '../store/record.js';
import type { MachineClient } from './machine-client.js';
import { recordRef } from './machine-ref.js';

/** Where to reach a machine over SSH: the driver's getSSHInfo plus the machine folder (host-key pin). */
export async function machineSSHTarget(client: MachineClient, record: MachineRecord): Promise<SSHTarget> {
  const driver = await client.drivers().get(record.DriverName);
  const info = await driver.getSSHInfo(recordRef(client.storePath, record));
  return {
    host: info.host,
    port: info.port,
    user: info.user,
    keyPath: info.keyPath,
    machineDir: storeLayout(client.storePath).machineDir(record.Name),
    machineName: record.Name,
  };
}

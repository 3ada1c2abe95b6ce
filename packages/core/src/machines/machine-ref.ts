import type { DriverConfig, MachineRef } from '@berth/driver-sdk';
import { storeLayout } from '../paths.js';
import type { MachineRecord } from '../store/record.js';

/** What a driver call carries for one machine (drivers are stateless between calls). */
export function toMachineRef(storePath: string, name: string, config: DriverConfig): MachineRef {
  return { name, dir: storeLayout(storePath).machineDir(name), storePath, config };
}

export function recordRef(storePath: string, record: MachineRecord): MachineRef {
  return toMachineRef(storePath, record.Name, record.Driver);
}

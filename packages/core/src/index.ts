export { BerthError, isBerthError, isErrnoException } from './errors.js';
export type { Logger } from './logger.js';
export { silentLogger } from './logger.js';
export { resolveStorePath, readCompatEnv, storeLayout } from './paths.js';
export type { Env } from './paths.js';
export * from './store/record.js';
export { serializeRecord, newMachineRecord } from './store/new-record.js';
export { validateMachineName, compareMachineNames } from './store/machine-name.js';
export { createFileStore } from './store/file-store.js';
export type { FileStore } from './store/file-store.js';
export { createDriverHost } from './drivers/driver-host.js';
export type { DriverHost } from './drivers/driver-host.js';
export type { RemoteDriver } from './drivers/remote-driver.js';
export { createMachineClient } from './machines/machine-client.js';
export type { MachineClient, MachineClientOptions } from './machines/machine-client.js';
export { listMachines, listMachineNames, LS_DEFAULT_TIMEOUT_MS } from './machines/list-machines.js';
export type { ListedMachine, ListOptions } from './machines/list-machines.js';
export { parseListFilters } from './machines/list-filters.js';
export { createMachine } from './machines/create-machine.js';
export type { CreateMachineOptions } from './machines/create-machine.js';
export { removeMachines, removalError } from './machines/remove-machines.js';
export type { RemoveResult } from './machines/remove-machines.js';
export { runOnMachines, applyLifecycle } from './machines/lifecycle.js';
export type { LifecycleAction } from './machines/lifecycle.js';
export {
  loadMachine, machineURL, machineIP, machineState, checkMachineConnection, engineVersion,
} from './machines/machine-queries.js';
export { machineTLSFiles, queryEngineVersion } from './machines/engine-connection.js';
export { getDockerVersion } from './engine/docker-version.js';

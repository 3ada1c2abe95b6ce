import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The only place that reads the environment for paths. */
export type Env = Record<string, string | undefined>;

export const DEFAULT_STORE_DIRNAME = '.berth';

/**
 * Store root: --storage-path, else BERTH_STORAGE_PATH, else MACHINE_STORAGE_PATH (docker-machine's
 * variable, so existing scripts keep working), else ~/.berth.
 */
export function resolveStorePath(flag: string | undefined, env: Env = process.env): string {
  const chosen = flag || env.BERTH_STORAGE_PATH || env.MACHINE_STORAGE_PATH;
  return resolve(chosen || join(homedir(), DEFAULT_STORE_DIRNAME));
}

/** Reads a BERTH_* variable, falling back to docker-machine's MACHINE_* name. */
export function readCompatEnv(name: string, env: Env = process.env): string | undefined {
  const value = env[`BERTH_${name}`];
  if (value !== undefined && value !== '') return value;
  const legacy = env[`MACHINE_${name}`];
  return legacy === '' ? undefined : legacy;
}

export function storeLayout(storePath: string) {
  return {
    root: storePath,
    certsDir: join(storePath, 'certs'),
    machinesDir: join(storePath, 'machines'),
    cacheDir: join(storePath, 'cache'),
    driversDir: join(storePath, 'drivers'),
    locksDir: join(storePath, '.locks'),
    machineDir: (name: string) => join(storePath, 'machines', name),
  };
}

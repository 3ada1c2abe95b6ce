/**
 * Starts, ahead of time, the drivers a command is about to ask: a driver's start-up (a Node process,
 * ~80 ms) is most of what `ls` or `status NAME` cost, and begun while the CLI itself is still starting
 * it no longer adds to it. Only each config.json's `DriverName` is read (no migration, no validation:
 * the command itself loads the records properly and reports what is wrong with them). A guess that
 * turns out unneeded costs one driver process, which the client's dispose() stops like any other.
 */
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { storeLayout } from '../paths.js';
import { validateMachineName } from '../store/machine-name.js';
import type { MachineClient } from './machine-client.js';

/** Launches the drivers of `names` (every machine when omitted); resolves once they are spawned, never rejects. */
export async function prelaunchDrivers(client: MachineClient, names?: readonly string[]): Promise<void> {
  const drivers = await driverNamesOf(client.storePath, names);
  await Promise.all(drivers.map((driver) => client.drivers().launch(driver)));
}

async function driverNamesOf(storePath: string, names: readonly string[] | undefined): Promise<string[]> {
  const machinesDir = storeLayout(storePath).machinesDir;
  const machineNames = names ?? (await readdir(machinesDir).catch(() => [] as string[])).filter((n) => !n.startsWith('.'));
  const found = await Promise.all(machineNames.map((name) => driverNameOf(machinesDir, name)));
  return [...new Set(found.filter((d): d is string => d !== undefined))];
}

async function driverNameOf(machinesDir: string, name: string): Promise<string | undefined> {
  try {
    validateMachineName(name);
    const config: unknown = JSON.parse(readFileSync(join(machinesDir, name, 'config.json'), 'utf8'));
    const driver = (config as { DriverName?: unknown } | null)?.DriverName;
    return typeof driver === 'string' && driver !== '' ? driver : undefined;
  } catch {
    return undefined;
  }
}

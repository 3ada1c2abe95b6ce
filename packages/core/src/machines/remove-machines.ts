import { BerthError, isBerthError } from '../errors.js';
import type { MachineClient } from './machine-client.js';
import { recordRef } from './machine-ref.js';

export interface RemoveResult {
  name: string;
  removed: boolean;
  /** docker-machine's `Error removing host "NAME": <err>` text, when the driver failed. */
  error?: string;
  /** The machine did not exist (nothing to force). */
  notFound?: boolean;
}

/**
 * `rm`: per machine, the driver removes the VM/instance, then the record goes. With `force` the
 * record goes even when the driver (or loading) failed. Each machine is locked while it is removed.
 */
export async function removeMachines(
  client: MachineClient,
  names: readonly string[],
  options: { force?: boolean } = {},
): Promise<RemoveResult[]> {
  return Promise.all(names.map((name) => removeOne(client, name, !!options.force)));
}

async function removeOne(client: MachineClient, name: string, force: boolean): Promise<RemoveResult> {
  const lock = await client.store.lockMachine(name);
  try {
    let failure: unknown;
    try {
      const record = await client.store.load(name);
      const driver = await client.drivers().get(record.DriverName);
      await driver.remove(recordRef(client.storePath, record));
    } catch (err) {
      if (isBerthError(err, 'MACHINE_NOT_FOUND')) return { name, removed: false, error: err.message, notFound: true };
      failure = err;
    }
    if (failure === undefined || force) await client.store.remove(name);
    if (failure === undefined) return { name, removed: true };
    const message = failure instanceof Error ? failure.message : String(failure);
    return { name, removed: force, error: `Error removing host "${name}": ${message}` };
  } finally {
    await lock.release();
  }
}

/** Turns failed removals into the command's error (docker-machine: without -f they fail the command). */
export function removalError(results: readonly RemoveResult[]): BerthError | undefined {
  const failed = results.filter((r) => r.error);
  if (!failed.length) return undefined;
  const forceable = failed.some((r) => !r.notFound);
  return new BerthError('REMOVE_FAILED', failed.map((r) => r.error).join('\n'), {
    ...(forceable ? { hint: 'Use `berth rm -f NAME` to remove the local record anyway.' } : {}),
  });
}

import { BerthError, isBerthError } from '../errors.js';
import type { FileLock } from '../store/lock.js';
import type { MachineClient } from './machine-client.js';
import { recordRef } from './machine-ref.js';
import { messageOf } from './query-errors.js';

export interface RemoveResult {
  name: string;
  removed: boolean;
  /**
   * docker-machine's error lines for this machine, one per line: `Error removing host "NAME": <err>`
   * when loading or the driver failed, then `Can't remove "NAME"` when the record could not go.
   */
  error?: string;
  /** The machine does not exist, or its name is invalid: there is nothing to force. */
  notFound?: boolean;
}

/**
 * `rm`: per machine, the driver removes the VM/instance, then the record goes. With `force` the
 * record goes even when the driver (or loading) failed. Each machine is locked while it is removed,
 * and each one fails on its own: a bad name or a failed driver never stops the others.
 */
export async function removeMachines(
  client: MachineClient,
  names: readonly string[],
  options: { force?: boolean } = {},
): Promise<RemoveResult[]> {
  const force = !!options.force;
  const settled = await Promise.allSettled(names.map((name) => removeOne(client, name, force)));
  return settled.map((s, i) => (s.status === 'fulfilled' ? s.value : failed(names[i] as string, s.reason, force)));
}

async function removeOne(client: MachineClient, name: string, force: boolean): Promise<RemoveResult> {
  let lock: FileLock;
  try {
    lock = await client.store.lockMachine(name);
  } catch (err) {
    // An invalid name, or another berth holds the machine: nothing was touched.
    return failed(name, err, force, isBerthError(err, 'INVALID_MACHINE_NAME'));
  }
  try {
    return await removeLocked(client, name, force);
  } finally {
    await lock.release();
  }
}

async function removeLocked(client: MachineClient, name: string, force: boolean): Promise<RemoveResult> {
  try {
    const record = await client.store.load(name);
    const driver = await client.drivers().get(record.DriverName);
    await driver.remove(recordRef(client.storePath, record));
  } catch (err) {
    const notFound = isBerthError(err, 'MACHINE_NOT_FOUND');
    if (!force || notFound) return failed(name, err, force, notFound);
    const recordFailure = await removeRecord(client, name);
    if (recordFailure === undefined) return { name, removed: true, error: removeHostError(name, err) };
    return failed(name, recordFailure, true);
  }
  const recordFailure = await removeRecord(client, name);
  if (recordFailure === undefined) return { name, removed: true };
  return failed(name, recordFailure, true);
}

/** Deletes the machine's folder; the error when it could not (reported with the machine, not thrown). */
async function removeRecord(client: MachineClient, name: string): Promise<unknown> {
  try {
    await client.store.remove(name);
    return undefined;
  } catch (err) {
    return err;
  }
}

/** Nothing was removed: docker-machine's error line, and with -f its `Can't remove` line. */
function failed(name: string, err: unknown, force: boolean, notFound = false): RemoveResult {
  const lines = [removeHostError(name, err), ...(force ? [cantRemove(name)] : [])];
  return { name, removed: false, error: lines.join('\n'), ...(notFound ? { notFound } : {}) };
}

function removeHostError(name: string, err: unknown): string {
  return `Error removing host "${name}": ${messageOf(err)}`;
}

function cantRemove(name: string): string {
  return `Can't remove "${name}"`;
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

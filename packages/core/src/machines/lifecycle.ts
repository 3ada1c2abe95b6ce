import type { MachineState } from '@berth/driver-sdk';
import { BerthError, withHint } from '../errors.js';
import { storeLayout } from '../paths.js';
import type { MachineRecord } from '../store/record.js';
import type { MachineClient } from './machine-client.js';
import { recordRef } from './machine-ref.js';
import { hintOf, messageOf } from './query-errors.js';
import { forgetCachedURL } from './url-cache.js';
import { waitForState } from './wait-for-state.js';

export type LifecycleAction = 'start' | 'stop' | 'restart' | 'kill';

/**
 * Multi-machine actions (reference §1.3): every machine is loaded first (any failure stops
 * everything), then the action runs on all of them concurrently; errors are joined by newlines and
 * each machine's record is saved back under its lock.
 */
export async function runOnMachines(
  client: MachineClient,
  names: readonly string[],
  action: (record: MachineRecord) => Promise<void>,
): Promise<void> {
  const loaded = await Promise.allSettled(names.map((n) => client.store.load(n)));
  const loadErrors = loaded.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (loadErrors.length) throw combinedError(loadErrors, 'MACHINE_NOT_FOUND');
  const records = loaded.map((r) => (r as PromiseFulfilledResult<MachineRecord>).value);
  const results = await Promise.allSettled(
    records.map(async (record) => {
      const lock = await client.store.lockMachine(record.Name);
      try {
        await action(record);
        await client.store.save(record);
      } finally {
        await lock.release();
      }
    }),
  );
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (failures.length) throw combinedError(failures, 'ACTION_FAILED');
}

/**
 * One failure is thrown as it is (its code and hint intact); several become one error, a line
 * each, every line keeping its own hint (docker-machine joins the messages with newlines).
 */
function combinedError(errors: readonly unknown[], code: 'MACHINE_NOT_FOUND' | 'ACTION_FAILED'): unknown {
  if (errors.length === 1) return errors[0];
  return new BerthError(code, errors.map(lineOf).join('\n'));
}

/** One lifecycle action on one machine, with docker-machine's messages and state waits. */
export async function applyLifecycle(client: MachineClient, record: MachineRecord, action: LifecycleAction): Promise<void> {
  const driver = await client.drivers().get(record.DriverName);
  const ref = () => recordRef(client.storePath, record);
  const state = () => driver.getState(ref());
  const wait = (wanted: MachineState) => waitForState(state, wanted, { machine: record.Name });
  const log = client.logger;
  const name = record.Name;
  switch (action) {
    case 'start':
      log.info(`Starting "${name}"...`);
      if ((await state()) === 'Running') throw new BerthError('ALREADY_RUNNING', `Machine "${name}" is already running.`);
      record.Driver = await driver.start(ref());
      await wait('Running');
      log.info(`Machine "${name}" was started.`);
      await waitForEngine(client, record, driver.info.capabilities.provision);
      return;
    case 'stop':
      log.info(`Stopping "${name}"...`);
      if ((await state()) === 'Stopped') throw new BerthError('ALREADY_STOPPED', `Machine "${name}" is already stopped.`);
      record.Driver = await driver.stop(ref());
      await wait('Stopped');
      forgetCachedURL(storeLayout(client.storePath).machineDir(name));
      log.info(`Machine "${name}" was stopped.`);
      return;
    case 'kill':
      log.info(`Killing "${name}"...`);
      if ((await state()) === 'Stopped') throw new BerthError('ALREADY_STOPPED', `Machine "${name}" is already stopped.`);
      record.Driver = await driver.kill(ref());
      await wait('Stopped');
      forgetCachedURL(storeLayout(client.storePath).machineDir(name));
      log.info(`Machine "${name}" was killed.`);
      return;
    case 'restart': {
      log.info(`Restarting "${name}"...`);
      const current = await state();
      if (current === 'Stopped') {
        record.Driver = await driver.start(ref());
        await wait('Running');
      } else if (current === 'Running') {
        record.Driver = await driver.restart(ref());
        await wait('Running');
      }
      await waitForEngine(client, record, driver.info.capabilities.provision);
      return;
    }
  }
}

/** After start/restart: wait until the engine answers over TLS (machines berth provisions only). */
async function waitForEngine(client: MachineClient, record: MachineRecord, provisioned: boolean): Promise<void> {
  if (!provisioned) return;
  const { waitForMachineEngine } = await import('./wait-for-engine.js');
  await waitForMachineEngine(client, record);
}

/** An error's message with its hint, as the CLI renders one error: "Machine x is corrupt. Restore ..." */
function lineOf(err: unknown): string {
  return withHint(messageOf(err), hintOf(err).hint);
}

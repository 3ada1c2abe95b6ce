import { BerthError } from '../errors.js';
import type { HostKeyPolicy } from '../ssh/host-key.js';
import type { MachineRecord } from '../store/record.js';
import type { UpgradeResult } from '../provision/upgrade.js';
import { runOnMachines } from './lifecycle.js';
import type { MachineClient } from './machine-client.js';
import { machineURL } from './machine-queries.js';
import { recordRef } from './machine-ref.js';
import { machineSSHTarget } from './machine-ssh.js';
import { waitForMachineEngine } from './wait-for-engine.js';
import { waitForState } from './wait-for-state.js';

export interface UpgradeMachineOptions {
  signal?: AbortSignal;
  /** Default 'accept-new', as for provisioning. */
  hostKeyPolicy?: HostKeyPolicy;
}

/** `upgrade [NAME...]` (reference §6.7) on every named machine concurrently (§1.3). */
export async function upgradeMachines(
  client: MachineClient,
  names: readonly string[],
  options: UpgradeMachineOptions = {},
): Promise<void> {
  await runOnMachines(client, names, async (record) => {
    await upgradeMachine(client, record, options);
  });
}

/**
 * Upgrades the engine of one machine: starts it when it is not running, then over SSH detects the
 * provisioner and runs `upgradeEngine` (which honours the stored install URL, docker/machine#4442),
 * and waits for the restarted engine. Updates `record` in place (a start may change driver data).
 */
export async function upgradeMachine(
  client: MachineClient,
  record: MachineRecord,
  options: UpgradeMachineOptions = {},
): Promise<UpgradeResult> {
  const [{ openSSHSession }, { waitForSSH }, { parseOsRelease }, { detectProvisioner }, { upgradeEngine }] = await Promise.all([
    import('../ssh/connect.js'),
    import('../ssh/wait-for-ssh.js'),
    import('../provision/os-release.js'),
    import('../provision/provisioners.js'),
    import('../provision/upgrade.js'),
  ]);
  const log = client.logger;
  const name = record.Name;
  const driver = await client.drivers().get(record.DriverName);
  if (!driver.info.capabilities.provision) {
    throw new BerthError('NOT_SUPPORTED', `Machine "${name}" uses the ${record.DriverName} driver: berth does not manage its Docker`, {
      hint: 'Upgrade Docker on that host yourself.',
    });
  }
  const ref = () => recordRef(client.storePath, record);
  const state = await driver.getState(ref());
  if (state !== 'Running') {
    log.info('Starting machine so machine can be upgraded...');
    if (!driver.info.capabilities.start) {
      throw new BerthError('NOT_SUPPORTED', `Machine "${name}" is ${state} and the ${record.DriverName} driver cannot start it`, {
        hint: `Start the host yourself, then run \`berth upgrade ${name}\`.`,
      });
    }
    record.Driver = await driver.start(ref());
    await waitForState(() => driver.getState(ref()), 'Running', { machine: name });
    log.info(`Machine "${name}" was started.`);
  }

  const signalOpt = options.signal ? { signal: options.signal } : {};
  const hostKeyPolicy = options.hostKeyPolicy ?? 'accept-new';
  const agent = client.env.SSH_AUTH_SOCK ? { agentSocket: client.env.SSH_AUTH_SOCK } : {};
  const target = await machineSSHTarget(client, record);
  await waitForSSH(target, { ...signalOpt, hostKeyPolicy, ...agent });
  // The version before the upgrade decides whether the pre-CE docker-engine package is purged first;
  // an engine that does not answer is upgraded all the same.
  const engineVersion = await waitForMachineEngine(client, record, { timeoutMs: 10_000 }).catch(() => undefined);
  const engineURL = await machineURL(client, record);
  const session = await openSSHSession(target, { ...signalOpt, hostKeyPolicy, ...agent });
  try {
    const osRelease = await session.run('cat /etc/os-release', signalOpt);
    if (osRelease.exitCode !== 0) {
      throw new BerthError('PROVISION_FAILED', `Error detecting OS: cannot read /etc/os-release on "${name}" (exit ${osRelease.exitCode})`, {
        hint: `Check the host with \`berth ssh ${name}\`.`,
      });
    }
    const provisioner = detectProvisioner(parseOsRelease(osRelease.stdout));
    return await upgradeEngine({
      session,
      record,
      provisioner,
      driverName: record.DriverName,
      engineURL,
      logger: log,
      waitForEngine: () => waitForMachineEngine(client, record),
      ...(engineVersion === undefined ? {} : { engineVersion }),
      ...signalOpt,
    });
  } finally {
    await session.close().catch(() => undefined);
  }
}

/**
 * `upgrade` (reference §6.7), fixing docker/machine#4442: docker-machine upgraded through the package
 * manager even when the engine had come from a custom install URL, so those machines never changed.
 * Here a custom URL's script is run again (scripts like get.docker.com upgrade what is there); with
 * the default URL the package manager upgrades the engine package the machine actually has
 * (docker-ce, docker.io, docker-engine, ...). Then the engine options are rewritten (the daemon binary
 * can move between packages) and the engine restarted.
 */
import { BerthError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { SSHSession } from '../ssh/ssh-types.js';
import { DEFAULT_ENGINE_INSTALL_URL, type MachineRecord } from '../store/record.js';
import { parseTcpUrl } from '../engine/tcp-url.js';
import { renderDaemonOptions } from './daemon-options.js';
import { findDaemonCommand, installScriptCommand, NO_INSTALL_URL, runInstallScript } from './engine-install.js';
import { isPackageInstalled, runPackageAction } from './package-actions.js';
import type { PackageManager, Provisioner } from './provisioners.js';
import { restartEngine, writeRemoteFile, type RemoteContext } from './remote-commands.js';
import { chooseStorageDriver } from './storage-driver.js';

export interface UpgradeEngineOptions {
  session: SSHSession;
  record: MachineRecord;
  /** From detectProvisioner on the machine's os-release. */
  provisioner: Provisioner;
  driverName: string;
  /** The driver's URL, `tcp://IP:PORT`. */
  engineURL: string;
  logger: Logger;
  /** Resolves with the engine version once the restarted engine answers over TLS. */
  waitForEngine: () => Promise<string>;
  /** The engine's version before the upgrade (Docker API); up to 1.13.1 the old `docker-engine` package is purged first. */
  engineVersion?: string;
  signal?: AbortSignal;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface UpgradeResult {
  /** `package`: the package manager upgraded `packages`; `script`: the install URL's script ran. */
  method: 'package' | 'script';
  packages: string[];
  dockerVersion: string;
}

/** Engine packages in the order they are looked for, per package manager. */
const ENGINE_PACKAGES: Record<PackageManager, readonly string[]> = {
  apt: ['docker-ce', 'docker.io', 'docker-engine'],
  yum: ['docker-ce', 'docker', 'docker-engine', 'moby-engine'],
  dnf: ['docker-ce', 'docker', 'docker-engine', 'moby-engine'],
  zypper: ['docker'],
  pacman: ['docker'],
  none: [],
};
/** Upgraded together with docker-ce when installed, so the CLI and containerd match the engine. */
const DOCKER_CE_COMPANIONS = ['docker-ce-cli', 'containerd.io'];
/** The last engine of the pre-CE `docker-engine` packages (docker-machine's cut-off). */
const LAST_LEGACY_ENGINE: readonly number[] = [1, 13, 1];

export async function upgradeEngine(options: UpgradeEngineOptions): Promise<UpgradeResult> {
  const { record, provisioner, logger } = options;
  const ctx: RemoteContext = {
    session: options.session,
    machineName: record.Name,
    logger,
    pty: provisioner.needsPty,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  };
  const installURL = record.HostOptions.EngineOptions.InstallURL;
  rejectUnmanagedEngine(record.Name, provisioner, installURL);
  const manager = provisioner.packageManager;

  logger.info('Upgrading docker...');
  let packages: string[] = [];
  const isLegacy = options.engineVersion !== undefined && compareVersions(options.engineVersion, LAST_LEGACY_ENGINE) <= 0;
  if (isLegacy && (await isPackageInstalled(ctx, manager, 'docker-engine'))) {
    await runPackageAction(ctx, manager, 'purge', ['docker-engine']);
  } else if (installURL === DEFAULT_ENGINE_INSTALL_URL) {
    packages = await installedEnginePackages(ctx, manager);
  }

  if (packages.length > 0) {
    await runPackageAction(ctx, manager, 'upgrade', packages);
  } else if (provisioner.engineInstall === 'package' && installURL === DEFAULT_ENGINE_INSTALL_URL) {
    packages = ['docker'];
    await runPackageAction(ctx, manager, 'install', packages);
  } else {
    await runInstallScript(ctx, installURL, installScriptCommand(installURL, { onlyIfMissing: false }));
  }

  await rewriteDaemonOptions(ctx, options);
  logger.info('Restarting docker...');
  await restartEngine(ctx, provisioner.serviceManager);
  const dockerVersion = await options.waitForEngine();
  return { method: packages.length > 0 ? 'package' : 'script', packages, dockerVersion };
}

/** Engines berth cannot upgrade from inside the machine: part of the OS, or installed by the user. */
function rejectUnmanagedEngine(name: string, provisioner: Provisioner, installURL: string): void {
  const hints: Partial<Record<string, string>> = {
    boot2docker: 'boot2docker machines are upgraded by replacing their ISO: recreate the machine with a newer boot2docker ISO.',
    coreOS: 'Docker is part of the operating system on CoreOS/Flatcar: update the OS instead.',
    rancheros: `Upgrade RancherOS itself: \`berth ssh ${name} sudo ros os upgrade\`.`,
  };
  const hint = hints[provisioner.name];
  if (hint) {
    throw new BerthError('NOT_SUPPORTED', `Upgrading Docker on "${name}" (${provisioner.name}) is not supported`, { hint });
  }
  if (installURL === NO_INSTALL_URL) {
    throw new BerthError('NOT_SUPPORTED', `Docker on "${name}" was not installed by berth (its install URL is "none")`, {
      hint: `Upgrade Docker on the machine yourself, then run \`berth restart ${name}\`.`,
    });
  }
}

/** The engine package the machine has (first found), with docker-ce's companions when it is docker-ce. */
async function installedEnginePackages(ctx: RemoteContext, manager: PackageManager): Promise<string[]> {
  for (const candidate of ENGINE_PACKAGES[manager]) {
    if (!(await isPackageInstalled(ctx, manager, candidate))) continue;
    if (candidate !== 'docker-ce') return [candidate];
    const companions: string[] = [];
    for (const companion of DOCKER_CE_COMPANIONS) {
      if (await isPackageInstalled(ctx, manager, companion)) companions.push(companion);
    }
    return [candidate, ...companions];
  }
  return [];
}

/**
 * Writes the engine options again with the daemon binary now on the machine (Debian's docker.io has
 * /usr/sbin/dockerd, docker-ce /usr/bin/dockerd). Skipped for a machine never provisioned with TLS paths.
 */
async function rewriteDaemonOptions(ctx: RemoteContext, options: UpgradeEngineOptions): Promise<void> {
  const { provisioner, record } = options;
  const auth = record.HostOptions.AuthOptions;
  if (!auth.CaCertRemotePath || !auth.ServerCertRemotePath || !auth.ServerKeyRemotePath) return;
  const format = provisioner.daemonOptionsFormat;
  const daemonCommand = format === 'systemd' || format === 'coreos' ? await findDaemonCommand(ctx, provisioner) : undefined;
  const engine = record.HostOptions.EngineOptions;
  const storageDriver = await chooseStorageDriver(ctx, provisioner.storageDriverRule, engine.StorageDriver);
  const content = renderDaemonOptions(format, {
    engine: { ...engine, StorageDriver: storageDriver },
    auth,
    driverName: options.driverName,
    enginePort: parseTcpUrl(options.engineURL).port,
    ...(daemonCommand ? { daemonCommand } : {}),
  });
  await writeRemoteFile(ctx, provisioner.daemonOptionsFile, content);
}

/** Compares a version string (`1.13.1`, `v20.10.7`, `1.12.0-rc1`) with numeric parts; missing parts are 0. */
export function compareVersions(version: string, other: readonly number[]): number {
  const parts = (/(\d+(?:\.\d+)*)/.exec(version)?.[1] ?? '0').split('.').map(Number);
  for (let i = 0; i < Math.max(parts.length, other.length); i++) {
    const difference = (parts[i] ?? 0) - (other[i] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

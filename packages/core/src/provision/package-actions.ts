/**
 * Package actions per family (reference §6.2), bounded: docker-machine retried `apt-get update` for
 * 3 minutes on the dpkg lock and let apt retry unreachable mirrors, so a host without network stalled
 * for minutes. Here apt gets no network retries and short timeouts, lock waits are capped, and
 * packages whose command is already on the machine are not installed at all.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { BerthError } from '../errors.js';
import type { CommandResult } from '../ssh/ssh-types.js';
import { commandError, hasCommand, runRemote, type RemoteContext } from './remote-commands.js';
import type { BasePackage, PackageManager } from './provisioners.js';
import { shellQuote } from './quoting.js';

export type PackageAction = 'install' | 'upgrade' | 'remove' | 'purge';

/** An offline host answers `apt-get update` in ~7 s with these options; a slow mirror gets two minutes, not more. */
export const APT_UPDATE_TIMEOUT_MS = 120_000;
/** Installing or upgrading downloads packages (docker-ce is ~100 MB): minutes on a slow mirror. */
export const PACKAGE_TIMEOUT_MS = 600_000;
/** Old apt (before 1.9.11) ignores DPkg::Lock::Timeout and fails at once on a held lock: retry a few times. */
export const APT_LOCK_ATTEMPTS = 3;
const APT_LOCK_RETRY_MS = 5_000;

/** No network retries, 10 s network timeouts, wait up to 60 s for the dpkg lock (cloud-init, unattended-upgrades). */
const APT_OPTIONS = '-o Acquire::Retries=0 -o Acquire::http::Timeout=10 -o DPkg::Lock::Timeout=60';
/** yum/dnf: one retry and 15 s network timeouts instead of 10 retries of 30 s per mirror. */
const RPM_OPTIONS = '--setopt=retries=1 --setopt=timeout=15';
const APT_LOCK_MESSAGE = /Could not get lock|Unable to acquire the dpkg frontend lock|Unable to lock directory/;

const VERBS: Record<PackageAction, string> = { install: 'Installing', upgrade: 'Upgrading', remove: 'Removing', purge: 'Purging' };

/** `apt-get update` (apt only; the other managers refresh their metadata themselves). */
export function aptUpdateCommand(options: { sudo: boolean }): string {
  return `${options.sudo ? 'sudo ' : ''}apt-get update ${APT_OPTIONS}`;
}

/** The command for a package action, or undefined for a family without a package manager. */
export function packageCommand(
  manager: PackageManager,
  action: PackageAction,
  packages: readonly string[],
  options: { sudo: boolean } = { sudo: true },
): string | undefined {
  const sudo = options.sudo ? 'sudo ' : '';
  const names = packages.map(shellQuote).join(' ');
  switch (manager) {
    case 'apt': {
      const apt = `${sudo}env DEBIAN_FRONTEND=noninteractive apt-get`;
      if (action === 'install') return `${apt} install -y --no-install-recommends ${APT_OPTIONS} ${names}`;
      if (action === 'upgrade') return `${apt} install -y --only-upgrade ${APT_OPTIONS} ${names}`;
      return `${apt} ${action} -y ${APT_OPTIONS} ${names}`;
    }
    case 'yum':
    case 'dnf':
      return `${sudo}${manager} ${action === 'purge' ? 'remove' : action} -y ${RPM_OPTIONS} ${names}`;
    case 'pacman':
      if (action === 'install') return `${sudo}pacman -Sy --noconfirm --noprogressbar --needed ${names}`;
      if (action === 'upgrade') return `${sudo}pacman -Sy --noconfirm --noprogressbar ${names}`;
      return `${sudo}pacman -R --noconfirm ${names}`;
    case 'zypper':
      return `${sudo}zypper -n ${{ install: 'in', upgrade: 'up', remove: 'rm', purge: 'rm' }[action]} ${names}`;
    case 'none':
      return undefined;
  }
}

/** Runs an apt command, retrying (a bounded number of times) only while another apt/dpkg holds the lock. */
async function runWithAptLockRetries(ctx: RemoteContext, command: string, timeoutMs: number): Promise<CommandResult> {
  let result = await runRemote(ctx, command, { timeoutMs });
  for (let attempt = 1; attempt < APT_LOCK_ATTEMPTS && result.exitCode !== 0; attempt++) {
    if (!APT_LOCK_MESSAGE.test(`${result.stdout}\n${result.stderr}`)) break;
    ctx.logger.debug(`(${ctx.machineName}) apt is locked by another process, retrying in ${APT_LOCK_RETRY_MS / 1000} s`);
    await (ctx.sleep ?? defaultSleep)(APT_LOCK_RETRY_MS, ctx.signal);
    result = await runRemote(ctx, command, { timeoutMs });
  }
  return result;
}

/**
 * Runs a package action. For apt, `apt-get update` runs first on install/upgrade; its failure is only
 * a warning (an offline host may still install from its cache). A failed action throws
 * PACKAGE_ACTION_FAILED naming the packages.
 */
export async function runPackageAction(
  ctx: RemoteContext,
  manager: PackageManager,
  action: PackageAction,
  packages: readonly string[],
  options: { sudo?: boolean } = {},
): Promise<void> {
  const sudo = options.sudo ?? true;
  const command = packageCommand(manager, action, packages, { sudo });
  if (command === undefined || packages.length === 0) return;
  const isApt = manager === 'apt';
  if (isApt && (action === 'install' || action === 'upgrade')) {
    const update = await runWithAptLockRetries(ctx, aptUpdateCommand({ sudo }), APT_UPDATE_TIMEOUT_MS);
    if (update.exitCode !== 0) ctx.logger.warn(`apt-get update on "${ctx.machineName}" failed (exit ${update.exitCode}); trying the package cache`);
  }
  const result = isApt ? await runWithAptLockRetries(ctx, command, PACKAGE_TIMEOUT_MS) : await runRemote(ctx, command, { timeoutMs: PACKAGE_TIMEOUT_MS });
  if (result.exitCode !== 0) {
    throw commandError(ctx, {
      code: 'PACKAGE_ACTION_FAILED',
      what: `${VERBS[action]} ${packages.join(', ')} with ${manager}`,
      command,
      result,
      hint: `Check that "${ctx.machineName}" can reach its package mirrors, or install ${packages.join(' ')} there yourself.`,
    });
  }
}

/** Installs the provisioner's base packages whose command is not on the machine yet. */
export async function installBasePackages(ctx: RemoteContext, manager: PackageManager, packages: readonly BasePackage[]): Promise<void> {
  const missing: string[] = [];
  for (const pkg of packages) {
    if (!(await hasCommand(ctx, pkg.command))) missing.push(pkg.name);
  }
  await runPackageAction(ctx, manager, 'install', missing);
}

/** Installs sudo when it is missing (minimal Debian/Arch images); that only works when the SSH user is root. */
export async function ensureSudo(ctx: RemoteContext, manager: PackageManager): Promise<void> {
  if (await hasCommand(ctx, 'sudo')) return;
  ctx.logger.info('Installing sudo...');
  try {
    await runPackageAction(ctx, manager, 'install', ['sudo'], { sudo: false });
  } catch (err) {
    if (!(err instanceof BerthError && err.code === 'PACKAGE_ACTION_FAILED')) throw err;
    throw new BerthError('PROVISION_FAILED', `sudo is not installed on "${ctx.machineName}" and could not be installed: ${err.message}`, {
      hint: 'Install sudo on the machine, or connect to it as root.',
      cause: err,
    });
  }
}

/** Whether a package is installed: `dpkg -s` (apt), `rpm -q` (yum, dnf, zypper), `pacman -Q`. */
export async function isPackageInstalled(ctx: RemoteContext, manager: PackageManager, name: string): Promise<boolean> {
  const pkg = shellQuote(name);
  switch (manager) {
    case 'apt': {
      const result = await runRemote(ctx, `dpkg -s ${pkg}`);
      return result.exitCode === 0 && /^Status: install ok installed\r?$/m.test(result.stdout);
    }
    case 'yum':
    case 'dnf':
    case 'zypper':
      return (await runRemote(ctx, `rpm -q ${pkg}`)).exitCode === 0;
    case 'pacman':
      return (await runRemote(ctx, `pacman -Q ${pkg}`)).exitCode === 0;
    case 'none':
      return false;
  }
}

const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> => delay(ms, undefined, signal ? { signal } : {});

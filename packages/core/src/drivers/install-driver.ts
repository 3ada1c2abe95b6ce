/**
 * `berth driver install SPEC` (ARCHITECTURE "Finding drivers", 4): npm installs the package into
 * `<store>/drivers`, its manifest is checked, every driver it declares must start and answer
 * `initialize`; if any step fails, everything is put back and the error says why in one line.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BerthError, isBerthError } from '../errors.js';
import { silentLogger } from '../logger.js';
import { storeLayout } from '../paths.js';
import { checkManifestProtocol, readDriverManifest, type DriverManifest } from './driver-manifest.js';
import { ensureDriversProject } from './drivers-project.js';
import { lockDrivers } from './drivers-lock.js';
import { installedPackageDir } from './find-packaged-driver.js';
import { snapshotDrivers } from './install-rollback.js';
import { parseInstallSpec, type InstallSpec } from './install-spec.js';
import { NPM_QUIET_FLAGS, parsePackOutput, runNpm } from './npm-runner.js';
import { describePackageStartFailure, validateDriverPackage, type ValidateDriverOptions } from './validate-driver.js';

export interface InstallDriverOptions extends ValidateDriverOptions {
  storePath: string;
  /** Relative paths in SPEC are resolved against this. */
  cwd: string;
  /** Told when each step starts, for a progress line. */
  onStep?: (step: InstallStep) => void;
  signal?: AbortSignal;
}

export type InstallStep =
  | { step: 'pack'; path: string }
  | { step: 'npm'; packageName: string }
  | { step: 'validate'; packageName: string; drivers: string[] };

/** One driver the installed package declares. */
export interface InstalledDriver {
  name: string;
  version: string;
  packageName: string;
  protocol: number[];
  /** The driver's entry file. */
  path: string;
}

export async function installDriver(spec: string, options: InstallDriverOptions): Promise<InstalledDriver[]> {
  const parsed = await parseInstallSpec(spec, options.cwd);
  const driversDir = storeLayout(options.storePath).driversDir;
  const lock = await lockDrivers(options.storePath, options.signal === undefined ? {} : { signal: options.signal });
  const workDir = await mkdtemp(join(tmpdir(), 'berth-driver-install-'));
  try {
    const npm = (args: string[], cwd: string) =>
      runNpm(args, { cwd, env: options.env, ...(options.signal === undefined ? {} : { signal: options.signal }) });
    const { target, packageName } = await npmTarget(parsed, workDir, npm, options);
    const snapshot = await snapshotDrivers({
      driversDir,
      packageName,
      backupDir: await mkdtemp(join(workDir, 'backup-')),
      // Not cancelled by the install's signal: after a Ctrl-C this is the clean-up that must still run.
      uninstall: async (name) => void (await runNpm(['uninstall', ...NPM_QUIET_FLAGS, name], { cwd: driversDir, env: options.env })),
    });
    try {
      await ensureDriversProject(options.storePath);
      options.onStep?.({ step: 'npm', packageName });
      await npm(['install', ...NPM_QUIET_FLAGS, '--save', target], driversDir);
      const installed = await checkInstalled(installedPackageDir({ dir: driversDir }, packageName), packageName, options);
      // Aborted while the drivers were being checked (which the signal does not stop): undo it all the same.
      options.signal?.throwIfAborted();
      return installed;
    } catch (err) {
      throw await rolledBack(packageName, err, () => snapshot.restore());
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
    await lock.release();
  }
}

type Npm = (args: string[], cwd: string) => Promise<{ stdout: string; stderr: string }>;

/**
 * What to hand `npm install`, and the package it will install. A directory is packed into the work
 * directory first, so the install is a copy; a tarball's package name is read by a dry-run pack.
 */
async function npmTarget(parsed: InstallSpec, workDir: string, npm: Npm, options: InstallDriverOptions) {
  if (parsed.kind === 'registry') {
    const target = parsed.range === undefined ? parsed.packageName : `${parsed.packageName}@${parsed.range}`;
    return { target, packageName: parsed.packageName };
  }
  if (parsed.kind === 'directory') options.onStep?.({ step: 'pack', path: parsed.path });
  const args = parsed.kind === 'directory'
    ? ['pack', parsed.path, '--pack-destination', workDir, '--json']
    : ['pack', parsed.path, '--dry-run', '--json'];
  let packed: { name: string; filename: string };
  try {
    packed = parsePackOutput((await npm(args, workDir)).stdout);
  } catch (err) {
    if (!isBerthError(err)) throw err;
    throw new BerthError('DRIVER_INSTALL_FAILED', `${parsed.input} was not installed: ${err.message}`, { cause: err, ...(err.hint ? { hint: err.hint } : {}) });
  }
  return { target: parsed.kind === 'directory' ? join(workDir, packed.filename) : parsed.path, packageName: packed.name };
}

/** The installed package must be a berth driver package of a protocol berth speaks, and its drivers must start. */
async function checkInstalled(packageDir: string, packageName: string, options: InstallDriverOptions): Promise<InstalledDriver[]> {
  const manifest: DriverManifest = await readDriverManifest(packageDir);
  checkManifestProtocol(manifest);
  options.onStep?.({ step: 'validate', packageName, drivers: Object.keys(manifest.drivers) });
  const validated = await validateDriverPackage(manifest, 'installed', {
    ...options,
    logger: options.logger ?? silentLogger,
  }).catch((err: unknown) => {
    throw new BerthError('DRIVER_START_FAILED', describePackageStartFailure(manifest, err), { cause: err });
  });
  return validated.map(({ resolved }) => ({
    name: resolved.name,
    version: manifest.version,
    packageName,
    protocol: manifest.protocol,
    path: resolved.entry,
  }));
}

/** The install's error after the rollback: `berth-driver-bad was not installed: <why>` (and what could not be undone). */
async function rolledBack(packageName: string, err: unknown, restore: () => Promise<void>): Promise<BerthError> {
  let rollbackProblem = '';
  try {
    await restore();
  } catch (restoreErr) {
    rollbackProblem = `; ${restoreErr instanceof Error ? restoreErr.message : String(restoreErr)}`;
  }
  const why = err instanceof Error ? err.message.split(/\r?\n/)[0] : String(err);
  const hint = isBerthError(err) ? err.hint : undefined;
  return new BerthError('DRIVER_INSTALL_FAILED', `${packageName} was not installed: ${why}${rollbackProblem}`, {
    cause: err,
    ...(hint === undefined || isBerthError(err, 'DRIVER_START_FAILED') ? {} : { hint }),
    details: { package: packageName },
  });
}

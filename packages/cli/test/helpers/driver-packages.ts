// The third-party driver packages of the repository (examples/ and the broken ones in
// test/fixtures/drivers), packed and installed the way their authors and users would, with npm kept
// offline; and a way to find the driver processes a test left behind.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmod, copyFile, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, expect } from 'vitest';
import { cleanup, REPO_ROOT } from './run-berth.js';

export const EXAMPLE_DIR = join(REPO_ROOT, 'examples/berth-driver-example');
export const PYEXAMPLE_SCRIPT = join(REPO_ROOT, 'examples/berth-driver-pyexample/berth-driver-pyexample');
export const BAD_DRIVERS_DIR = join(REPO_ROOT, 'test/fixtures/drivers');

/**
 * npm settings for every run that may start npm: never the network (a test must not reach the
 * registry), and a cache of the test's own. npm reads both from the environment.
 */
export function offlineNpmEnv(cacheDir: string): Record<string, string> {
  return { npm_config_offline: 'true', npm_config_cache: cacheDir, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
}

/** `npm pack` of a package directory into `destination` (its prepack script runs); the tarball's path. */
export async function npmPack(packageDir: string, destination: string, cacheDir: string): Promise<string> {
  const { stdout } = await promisify(execFile)('npm', ['pack', '--json', '--pack-destination', destination], {
    cwd: packageDir,
    env: { ...process.env, ...offlineNpmEnv(cacheDir) },
  });
  const [packed] = JSON.parse(stdout.slice(stdout.indexOf('['))) as Array<{ filename: string }>;
  if (packed === undefined) throw new Error(`npm pack printed no file for ${packageDir}: ${stdout}`);
  return join(destination, packed.filename);
}

/** Puts the Python driver in `binDir` as an executable `berth-driver-pyexample`; returns its path. */
export async function installPyexample(binDir: string): Promise<string> {
  const target = join(binDir, 'berth-driver-pyexample');
  await copyFile(PYEXAMPLE_SCRIPT, target);
  await chmod(target, 0o755);
  return target;
}

/**
 * PIDs of running processes whose environment holds BERTH_E2E_MARKER=`marker`. berth hands its
 * environment to the drivers it starts, so a driver of a test that set the marker has it too,
 * whatever language it is written in (Linux: /proc). Other test files' processes never match.
 */
export async function processesWithMarker(marker: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    const environ = await readFile(`/proc/${pid}/environ`, 'latin1').catch(() => '');
    if (environ.split('\0').includes(`BERTH_E2E_MARKER=${marker}`)) found.push(pid);
  }
  return found;
}

/** Ends the processes by PID (they are the test's own); returns the command lines of those still there. */
export async function killLeftovers(pids: readonly number[]): Promise<string[]> {
  const commands: string[] = [];
  for (const pid of pids) {
    const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (command === '') continue; // exited meanwhile
    commands.push(`${pid}: ${command.replaceAll('\0', ' ').trim()}`);
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return commands;
}

/**
 * Gives each test of the file a fresh marker (for BERTH_E2E_MARKER in its berth runs' environment),
 * and after each test kills the processes still carrying it and fails the test if there were any.
 * Call once at the top of a test file; the getter returns the current test's marker.
 */
export function useProcessMarker(): () => string {
  let marker = '';
  beforeEach(() => {
    marker = randomUUID();
  });
  afterEach(async () => {
    // Every berth run of the test carries the marker, and so does every driver it started.
    const leftovers = await killLeftovers(await processesWithMarker(marker));
    await cleanup();
    expect(leftovers, 'driver processes still running after the test').toEqual([]);
  });
  return () => marker;
}

// Third-party drivers end to end, through the built CLI: the example package packed with npm and
// installed from its tarball, the Python driver found on PATH, and broken packages that
// `berth driver install` must refuse without leaving anything behind. npm runs offline throughout.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BAD_DRIVERS_DIR, EXAMPLE_DIR, installPyexample, npmPack, offlineNpmEnv, useProcessMarker,
} from './helpers/driver-packages.js';
import { cleanupSuite, newStore, runBerth, STACK_LINE, suiteScope, tempDir } from './helpers/run-berth.js';
import type { RunOptions, RunResult } from './helpers/run-berth.js';

let packs: string; // the tarballs, packed once for the file
let npmCache: string;
const marker = useProcessMarker();

beforeAll(async () => {
  packs = await tempDir('berth-packs-', suiteScope);
  npmCache = await tempDir('berth-npm-cache-', suiteScope);
  await npmPack(EXAMPLE_DIR, packs, npmCache); // its prepack script builds dist/main.js first
  for (const bad of BAD_PACKAGES) await npmPack(join(BAD_DRIVERS_DIR, bad.packageName), packs, npmCache);
}, 120_000);
afterAll(cleanupSuite);


/** berth with the test's marker and an offline npm (plus `env`). */
function berth(args: readonly string[], options: RunOptions & { store: string }): Promise<RunResult> {
  return runBerth(args, { ...options, env: { BERTH_E2E_MARKER: marker(), ...offlineNpmEnv(npmCache), ...options.env } });
}

async function expectSuccess(run: Promise<RunResult>): Promise<RunResult> {
  const result = await run;
  expect(result.code, `stdout: ${result.stdout}\nstderr: ${result.stderr}`).toBe(0);
  return result;
}

/** `berth ls` rows as [NAME, ACTIVE, DRIVER, STATE] (the first four columns are never empty). */
async function listMachines(store: string, env?: Record<string, string>): Promise<string[][]> {
  const { stdout } = await expectSuccess(berth(['ls'], { store, env }));
  return stdout.trim().split('\n').slice(1).filter(Boolean).map((line) => line.split(/\s+/).slice(0, 4));
}

interface DriverRow { name: string; version: string; source: string; protocol: number[]; package: string; path: string }

async function listDrivers(store: string, env?: Record<string, string>): Promise<DriverRow[]> {
  return JSON.parse((await expectSuccess(berth(['driver', 'ls', '--json'], { store, env }))).stdout) as DriverRow[];
}

/** The package folders in <store>/drivers/node_modules (npm's own dot-files left out). */
async function installedPackages(store: string): Promise<string[]> {
  const entries = await readdir(join(store, 'drivers/node_modules')).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  return entries.filter((name) => !name.startsWith('.'));
}

async function installExample(store: string): Promise<RunResult> {
  return expectSuccess(berth(['driver', 'install', './berth-driver-example-1.0.0.tgz'], { store, cwd: packs }));
}

describe('the example package, packed and installed', () => {
  it('installs from its tarball with no network and is listed as installed', async () => {
    const store = await newStore();
    const installed = await installExample(store);
    expect(installed.stdout).toContain('Installed driver "example" 1.0.0 (berth-driver-example) from ./berth-driver-example-1.0.0.tgz');

    const example = (await listDrivers(store)).find((driver) => driver.name === 'example');
    expect(example).toMatchObject({ version: '1.0.0', source: 'installed', protocol: [1], package: 'berth-driver-example' });
    expect(example?.path).toBe(join(store, 'drivers/node_modules/berth-driver-example/dist/main.js'));
    const table = (await expectSuccess(berth(['driver', 'ls'], { store }))).stdout;
    expect(table.split('\n')[0]?.split(/\s+/)).toEqual(['NAME', 'VERSION', 'SOURCE', 'PROTOCOL', 'PACKAGE', 'PATH']);
    expect(table).toMatch(/^example\s+1\.0\.0\s+installed\s+1\s+berth-driver-example\s/m);
    // The tarball has no dependencies: npm installed the driver and nothing else.
    expect(await installedPackages(store)).toEqual(['berth-driver-example']);
  });

  it('creates, lists, stops, starts and removes a machine with the installed driver', async () => {
    const store = await newStore();
    await installExample(store);
    const created = await expectSuccess(
      berth(['create', '-d', 'example', '--example-url', 'tcp://127.0.0.1:12376', '--example-cpus', '2', 'ex1'], { store }),
    );
    expect(created.stdout + created.stderr).toContain('(ex1) Allocating an instance with 2 CPU(s)...'); // the driver's log
    expect(await listMachines(store)).toEqual([['ex1', '-', 'example', 'Running']]);
    expect((await expectSuccess(berth(['url', 'ex1'], { store }))).stdout.trim()).toBe('tcp://127.0.0.1:12376');

    await expectSuccess(berth(['stop', 'ex1'], { store }));
    expect(await listMachines(store)).toEqual([['ex1', '-', 'example', 'Stopped']]);
    const url = await berth(['url', 'ex1'], { store });
    expect(url.code).toBe(1);
    expect(url.stderr).toMatch(/not running/i);
    await expectSuccess(berth(['start', 'ex1'], { store }));
    expect(await listMachines(store)).toEqual([['ex1', '-', 'example', 'Running']]);

    await expectSuccess(berth(['rm', '-y', 'ex1'], { store }));
    expect(await listMachines(store)).toEqual([]);
  });

  it('is uninstalled by `driver rm`, after which `create -d example` cannot find it', async () => {
    const store = await newStore();
    await installExample(store);
    await expectSuccess(berth(['driver', 'rm', 'example'], { store }));
    expect((await listDrivers(store)).map((driver) => driver.name)).not.toContain('example');
    const create = await berth(['create', '-d', 'example', 'ex2'], { store });
    expect(create.code).not.toBe(0);
    expect(create.stderr).toContain('Driver "example" not found');
  });
});

describe('the Python driver on PATH', () => {
  it('creates, lists, stops, starts and removes a machine', async () => {
    const store = await newStore();
    const bin = await tempDir('berth-bin-');
    const script = await installPyexample(bin);
    const env = { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}` };

    expect((await listDrivers(store, env)).find((driver) => driver.name === 'pyexample')).toMatchObject({ source: 'path', path: script });
    const created = await expectSuccess(
      berth(['create', '-d', 'pyexample', '--pyexample-cpus', '2', '--pyexample-tags', 'a', '--pyexample-tags', 'b', 'py1'], { store, env }),
    );
    expect(created.stdout + created.stderr).toContain('(py1) Allocating an instance with 2 CPU(s)...');
    const config = JSON.parse(await readFile(join(store, 'machines/py1/config.json'), 'utf8')) as { DriverName: string; Driver: unknown };
    expect(config.DriverName).toBe('pyexample');
    expect(config.Driver).toMatchObject({ url: 'tcp://127.0.0.1:2376', cpus: 2, tags: ['a', 'b'], instance: { state: 'Running' } });
    expect(await listMachines(store, env)).toEqual([['py1', '-', 'pyexample', 'Running']]);

    await expectSuccess(berth(['stop', 'py1'], { store, env }));
    expect(await listMachines(store, env)).toEqual([['py1', '-', 'pyexample', 'Stopped']]);
    const ip = await berth(['ip', 'py1'], { store, env });
    expect(ip.code).toBe(1);
    expect(ip.stderr).toMatch(/not running/i);
    await expectSuccess(berth(['start', 'py1'], { store, env }));
    expect(await listMachines(store, env)).toEqual([['py1', '-', 'pyexample', 'Running']]);
    expect((await expectSuccess(berth(['ip', 'py1'], { store, env }))).stdout.trim()).toBe('127.0.0.1');

    await expectSuccess(berth(['rm', '-y', 'py1'], { store, env }));
    expect(await listMachines(store, env)).toEqual([]);
  });

  it('answers a bad flag with its coded error, and berth creates nothing', async () => {
    const store = await newStore();
    const bin = await tempDir('berth-bin-');
    await installPyexample(bin);
    const env = { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}` };
    const create = await berth(['create', '-d', 'pyexample', '--pyexample-cpus', '0', 'py2'], { store, env });
    expect(create.code).not.toBe(0);
    expect(create.stderr).toContain('--pyexample-cpus must be a whole number from 1 to 64, got 0');
    expect(await listMachines(store, env)).toEqual([]);
  });
});

interface BadPackage {
  packageName: string;
  driverName: string;
  /** What the one-line error must say: the cause, in the user's words. */
  cause: RegExp[];
}

const BAD_PACKAGES: BadPackage[] = [
  { packageName: 'berth-driver-protocol-two', driverName: 'protocol-two', cause: [/protocol 2\b/, /berth speaks 1\b/] },
  { packageName: 'berth-driver-crash-at-start', driverName: 'crash-at-start', cause: [/exit code 3/, /cannot load the settings file/] },
  { packageName: 'berth-driver-junk-stdout', driverName: 'junk-stdout', cause: [/stdout/, /Hello from the junk-stdout driver/] },
];

describe('broken driver packages', () => {
  it.each(BAD_PACKAGES)('refuses $packageName with a one-line error and leaves nothing installed', async (bad) => {
    const store = await newStore();
    await installExample(store); // something already installed, which the failed install must not disturb
    const manifest = join(store, 'drivers/package.json');
    const before = await readFile(manifest, 'utf8');

    const install = await berth(['driver', 'install', `./${bad.packageName}-1.0.0.tgz`], { store, cwd: packs });
    expect(install.code).toBe(1);
    const errorLines = install.stderr.split('\n').filter((line) => line.startsWith('Error'));
    expect(errorLines, install.stderr).toHaveLength(1);
    expect(errorLines[0]).toContain(`${bad.packageName} was not installed`);
    for (const cause of bad.cause) expect(errorLines[0]).toMatch(cause);
    expect(install.stderr).not.toMatch(STACK_LINE);

    expect(await readFile(manifest, 'utf8')).toBe(before);
    expect(await installedPackages(store)).toEqual(['berth-driver-example']);
    expect((await listDrivers(store)).map((driver) => driver.name)).toEqual(['example', 'generic', 'none']);
  });

  it('refuses each of them in a fresh store too, which then lists no installed driver', async () => {
    const store = await newStore();
    for (const bad of BAD_PACKAGES) {
      const install = await berth(['driver', 'install', join(packs, `${bad.packageName}-1.0.0.tgz`)], { store });
      expect(install.code, install.stderr).toBe(1);
    }
    expect(await installedPackages(store)).toEqual([]);
    const manifest = await readFile(join(store, 'drivers/package.json'), 'utf8').catch(() => '{}');
    expect(JSON.parse(manifest).dependencies ?? {}).toEqual({});
    expect((await listDrivers(store)).filter((driver) => driver.source === 'installed')).toEqual([]);
  });

  it('a driver that speaks only protocol 2 fails its handshake naming both versions', async () => {
    // Started by override, past the manifest check install makes: its initialize answers PROTOCOL_MISMATCH.
    const store = await newStore();
    const entry = join(BAD_DRIVERS_DIR, 'berth-driver-protocol-two/main.js');
    const inspect = await berth(['driver', 'inspect', 'protocol-two'], { store, env: { BERTH_DRIVER_PROTOCOL_TWO_PATH: entry } });
    expect(inspect.code).toBe(1);
    expect(inspect.stderr).toContain('berth speaks driver protocol versions [1], but the protocol-two driver 1.0.0 speaks [2]');
  });
});

import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { driverOverrideEnvName, launchCommandFor, resolveDriver } from './resolve-driver.js';

let dir: string;
let store: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'berth-resolve-'));
  store = join(dir, 'store');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function file(path: string, mode = 0o644, content = '#!/bin/sh\n'): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}

/** A driver package at `pkgDir` declaring `drivers` (name → relative entry), with the entry files made. */
function driverPackage(pkgDir: string, name: string, drivers: Record<string, string>, protocol = [1], version = '1.0.0'): void {
  file(join(pkgDir, 'package.json'), 0o644, JSON.stringify({ name, version, berth: { protocol, drivers } }));
  for (const entry of Object.values(drivers)) file(join(pkgDir, entry), 0o644, 'process.exit(9)\n');
}

function driversProject(content: { dependencies?: Record<string, string>; linked?: Record<string, string> }): void {
  const { dependencies = {}, linked } = content;
  file(join(store, 'drivers', 'package.json'), 0o644, JSON.stringify({ private: true, dependencies, ...(linked ? { berth: { linked } } : {}) }));
}

const installedDir = (pkg: string) => join(store, 'drivers', 'node_modules', ...pkg.split('/'));

describe('driverOverrideEnvName', () => {
  it('upper-cases the name and turns dashes into underscores', () => {
    expect(driverOverrideEnvName('virtualbox')).toBe('BERTH_DRIVER_VIRTUALBOX_PATH');
    expect(driverOverrideEnvName('my-cloud')).toBe('BERTH_DRIVER_MY_CLOUD_PATH');
  });
});

describe('launchCommandFor', () => {
  it('runs JS entries under this node, without a shell', () => {
    for (const entry of ['/d/main.js', '/d/main.mjs', '/d/main.cjs', '/d/MAIN.JS']) {
      expect(launchCommandFor(entry)).toEqual({ command: process.execPath, args: [entry] });
    }
  });
  it('spawns anything else directly', () => {
    expect(launchCommandFor('/usr/bin/berth-driver-x')).toEqual({ command: '/usr/bin/berth-driver-x', args: [] });
  });
});

describe('resolveDriver', () => {
  it('prefers the override variable to everything else', async () => {
    const entry = file(join(dir, 'dev', 'main.mjs'));
    file(join(dir, 'bin', 'berth-driver-fake'), 0o755);
    driverPackage(join(dir, 'linked'), 'berth-driver-fake', { fake: 'main.js' });
    driversProject({ linked: { fake: join(dir, 'linked') } });
    const resolved = await resolveDriver('fake', {
      storePath: store,
      builtins: { fake: '/builtin/fake.js' },
      env: { BERTH_DRIVER_FAKE_PATH: entry, PATH: join(dir, 'bin') },
    });
    expect(resolved).toEqual({ name: 'fake', command: process.execPath, args: [entry], source: 'override', entry });
  });

  it('fails clearly when the override points at nothing, instead of falling through', async () => {
    await expect(resolveDriver('fake', { builtins: { fake: '/b.js' }, env: { BERTH_DRIVER_FAKE_PATH: join(dir, 'missing.js') } })).rejects.toMatchObject({
      code: 'DRIVER_NOT_FOUND',
      message: expect.stringContaining('BERTH_DRIVER_FAKE_PATH is set to'),
    });
  });

  it('uses a linked package before a built-in and an installed one', async () => {
    driverPackage(join(dir, 'src', 'gen'), 'berth-driver-generic', { generic: 'dist/main.js' }, [1], '0.9.0-dev');
    driverPackage(installedDir('berth-driver-generic'), 'berth-driver-generic', { generic: 'main.js' });
    driversProject({ dependencies: { 'berth-driver-generic': '^1.0.0' }, linked: { generic: join(dir, 'src', 'gen') } });
    const entry = join(dir, 'src', 'gen', 'dist', 'main.js');
    expect(await resolveDriver('generic', { storePath: store, builtins: { generic: '/pkg/main.js' }, env: {} })).toEqual({
      name: 'generic', command: process.execPath, args: [entry], source: 'linked', entry, packageName: 'berth-driver-generic', version: '0.9.0-dev',
    });
  });

  it('uses a built-in before an installed package and PATH', async () => {
    file(join(dir, 'bin', 'berth-driver-generic'), 0o755);
    driverPackage(installedDir('berth-driver-generic'), 'berth-driver-generic', { generic: 'main.js' });
    driversProject({ dependencies: { 'berth-driver-generic': '^1.0.0' } });
    const resolved = await resolveDriver('generic', { storePath: store, builtins: { generic: '/pkg/dist/main.js' }, env: { PATH: join(dir, 'bin') } });
    expect(resolved).toEqual({ name: 'generic', command: process.execPath, args: ['/pkg/dist/main.js'], source: 'builtin', entry: '/pkg/dist/main.js' });
  });

  it('uses an installed package before PATH: berth-driver-NAME, then @scope/berth-driver-NAME, then any that declares NAME', async () => {
    file(join(dir, 'bin', 'berth-driver-acme'), 0o755);
    driverPackage(installedDir('@zed/berth-driver-acme'), '@zed/berth-driver-acme', { acme: 'scoped.js' });
    driverPackage(installedDir('berth-driver-acme'), 'berth-driver-acme', { acme: 'plain.js' }, [1], '2.0.0');
    driverPackage(installedDir('aaa-multi'), 'aaa-multi', { acme: 'multi.js', other: 'other.js' });
    driverPackage(installedDir('never-listed'), 'never-listed', { ghost: 'ghost.js' });
    const env = { PATH: join(dir, 'bin') };
    const deps = { 'aaa-multi': '1', '@zed/berth-driver-acme': '1', 'berth-driver-acme': '2' };
    driversProject({ dependencies: deps });
    expect(await resolveDriver('acme', { storePath: store, env })).toMatchObject({
      source: 'installed', entry: join(installedDir('berth-driver-acme'), 'plain.js'), packageName: 'berth-driver-acme', version: '2.0.0',
    });
    driversProject({ dependencies: { 'aaa-multi': '1', '@zed/berth-driver-acme': '1' } });
    expect(await resolveDriver('acme', { storePath: store, env })).toMatchObject({ source: 'installed', packageName: '@zed/berth-driver-acme' });
    driversProject({ dependencies: { 'aaa-multi': '1' } });
    expect(await resolveDriver('acme', { storePath: store, env })).toMatchObject({ source: 'installed', packageName: 'aaa-multi' });
    expect(await resolveDriver('other', { storePath: store, env })).toMatchObject({ source: 'installed', entry: join(installedDir('aaa-multi'), 'other.js') });
    // A package folder that the project does not list is never looked at.
    await expect(resolveDriver('ghost', { storePath: store, env })).rejects.toMatchObject({ code: 'DRIVER_NOT_FOUND' });
  });

  it('refuses an installed package of another protocol before starting anything', async () => {
    driverPackage(installedDir('berth-driver-future'), 'berth-driver-future', { future: 'main.js' }, [7], '9.0.0');
    driversProject({ dependencies: { 'berth-driver-future': '9' } });
    await expect(resolveDriver('future', { storePath: store, env: {} })).rejects.toMatchObject({
      code: 'PROTOCOL_MISMATCH',
      message: 'berth-driver-future 9.0.0 speaks driver protocol 7, but berth speaks 1',
    });
  });

  it('reports a listed package whose folder is gone, and a link to a directory that is gone', async () => {
    driversProject({ dependencies: { 'berth-driver-lost': '1' }, linked: { away: join(dir, 'gone') } });
    await expect(resolveDriver('lost', { storePath: store, env: {} })).rejects.toMatchObject({
      code: 'DRIVER_NOT_FOUND',
      message: expect.stringMatching(/^berth-driver-lost is listed in .* but is not installed in /),
    });
    await expect(resolveDriver('away', { storePath: store, env: {} })).rejects.toMatchObject({
      code: 'DRIVER_NOT_FOUND',
      message: expect.stringContaining(`Driver "away" is linked to ${join(dir, 'gone')}, but its package cannot be read`),
      hint: expect.stringContaining('berth driver unlink away'),
    });
  });

  it('finds an executable berth-driver-<name> on PATH, skipping ones that are not executable', async () => {
    file(join(dir, 'a', 'berth-driver-acme'), 0o644);
    const executable = file(join(dir, 'b', 'berth-driver-acme'), 0o755);
    const env = { PATH: ['', join(dir, 'missing'), join(dir, 'a'), join(dir, 'b')].join(delimiter) };
    expect(await resolveDriver('acme', { storePath: store, env })).toEqual({ name: 'acme', command: executable, args: [], source: 'path', entry: executable });
  });

  it('reports every place it looked, and the install command, when nothing is found', async () => {
    await expect(resolveDriver('acme', { storePath: store, env: { PATH: dir } })).rejects.toMatchObject({
      code: 'DRIVER_NOT_FOUND',
      message:
        'Driver "acme" not found: looked in BERTH_DRIVER_ACME_PATH, the linked drivers, the built-in drivers, ' +
        `${join(store, 'drivers')} (berth-driver-acme), PATH (berth-driver-acme)`,
      hint: expect.stringMatching(/^Install it with `berth driver install acme`/),
    });
  });

  it('rejects names that could escape the naming scheme', async () => {
    for (const name of ['../x', 'Foo', 'a b', '', '-x', '@acme/x']) {
      await expect(resolveDriver(name, { env: {} })).rejects.toMatchObject({ code: 'INVALID_DRIVER_NAME' });
    }
  });

  it('says so when <store>/drivers/package.json is broken', async () => {
    for (const content of ['{"dependencies": []}', '{"dependencies": {"x": 1}}', '{"berth": {"linked": {"x": "relative/dir"}}}', '[]', '{']) {
      file(join(store, 'drivers', 'package.json'), 0o644, content);
      await expect(resolveDriver('acme', { storePath: store, env: {} })).rejects.toMatchObject({
        code: 'DRIVERS_PROJECT_CORRUPT',
        message: expect.stringContaining(`${join(store, 'drivers', 'package.json')} is broken: `),
      });
    }
  });
});

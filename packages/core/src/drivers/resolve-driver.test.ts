import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { driverOverrideEnvName, launchCommandFor, resolveDriver } from './resolve-driver.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'berth-resolve-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function file(path: string, mode = 0o644): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, mode);
  return path;
}

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
  it('prefers the override variable to a built-in and PATH', async () => {
    const entry = file(join(dir, 'dev', 'main.mjs'));
    file(join(dir, 'bin', 'berth-driver-fake'), 0o755);
    const resolved = await resolveDriver('fake', {
      builtins: { fake: '/builtin/fake.js' },
      env: { BERTH_DRIVER_FAKE_PATH: entry, PATH: join(dir, 'bin') },
    });
    expect(resolved).toEqual({ name: 'fake', command: process.execPath, args: [entry], source: 'override' });
  });

  it('fails clearly when the override points at nothing, instead of falling through', async () => {
    await expect(resolveDriver('fake', { builtins: { fake: '/b.js' }, env: { BERTH_DRIVER_FAKE_PATH: join(dir, 'missing.js') } })).rejects.toMatchObject({
      code: 'DRIVER_NOT_FOUND',
      message: expect.stringContaining('BERTH_DRIVER_FAKE_PATH is set to'),
    });
  });

  it('uses a built-in before PATH', async () => {
    file(join(dir, 'bin', 'berth-driver-generic'), 0o755);
    const resolved = await resolveDriver('generic', { builtins: { generic: '/pkg/dist/main.js' }, env: { PATH: join(dir, 'bin') } });
    expect(resolved).toEqual({ name: 'generic', command: process.execPath, args: ['/pkg/dist/main.js'], source: 'builtin' });
  });

  it('finds an executable berth-driver-<name> on PATH, skipping ones that are not executable', async () => {
    file(join(dir, 'a', 'berth-driver-acme'), 0o644);
    const executable = file(join(dir, 'b', 'berth-driver-acme'), 0o755);
    const env = { PATH: ['', join(dir, 'missing'), join(dir, 'a'), join(dir, 'b')].join(delimiter) };
    expect(await resolveDriver('acme', { env })).toEqual({ name: 'acme', command: executable, args: [], source: 'path' });
  });

  it('reports every place it looked when nothing is found', async () => {
    await expect(resolveDriver('acme', { env: { PATH: dir } })).rejects.toMatchObject({
      code: 'DRIVER_NOT_FOUND',
      message: 'Driver "acme" not found: looked in BERTH_DRIVER_ACME_PATH, the built-in drivers and PATH (berth-driver-acme)',
      hint: expect.stringMatching(/^Install it with `berth driver install acme`/),
    });
  });

  it('rejects names that could escape the naming scheme', async () => {
    for (const name of ['../x', 'Foo', 'a b', '', '-x']) {
      await expect(resolveDriver(name, { env: {} })).rejects.toMatchObject({ code: 'INVALID_DRIVER_NAME' });
    }
  });
});

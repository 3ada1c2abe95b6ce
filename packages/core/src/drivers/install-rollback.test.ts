import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshotDrivers } from './install-rollback.js';

let root: string;
let drivers: string;
let backup: string;
let uninstalled: string[];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'berth-rollback-'));
  drivers = join(root, 'store', 'drivers');
  backup = join(root, 'backup');
  mkdirSync(backup);
  uninstalled = [];
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, content: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
}
const read = (path: string) => readFileSync(path, 'utf8');
const pkgDir = (name: string) => join(drivers, 'node_modules', ...name.split('/'));

/** What npm uninstall does, roughly: the folder goes and package.json changes (restored afterwards anyway). */
async function fakeUninstall(name: string): Promise<void> {
  uninstalled.push(name);
  rmSync(pkgDir(name), { recursive: true, force: true });
  write(join(drivers, 'package.json'), '{"touched by":"npm uninstall"}');
}

function snapshot(packageName: string) {
  return snapshotDrivers({ driversDir: drivers, packageName, backupDir: backup, uninstall: fakeUninstall });
}

/** What a failed `npm install` of a new package leaves: edited files and the new folder. */
function simulateInstall(name: string, version: string): void {
  write(join(drivers, 'package.json'), `{"dependencies":{"${name}":"${version}"},"berth":{}}   `);
  write(join(drivers, 'package-lock.json'), `{"lock":"${version}"}`);
  write(join(pkgDir(name), 'package.json'), `{"version":"${version}"}`);
  write(join(drivers, 'node_modules', '.package-lock.json'), '{}');
}

describe('snapshotDrivers().restore()', () => {
  it('puts the files back byte for byte and removes a new package through npm', async () => {
    const original = '{\n  "private": true,\n  "dependencies": { "berth-driver-old": "^1.0.0" }\n}\n';
    write(join(drivers, 'package.json'), original);
    write(join(drivers, 'package-lock.json'), '{"lock":"old"}\n');
    write(join(pkgDir('berth-driver-old'), 'package.json'), '{"version":"1.0.0"}');
    const snap = await snapshot('@acme/berth-driver-new');
    simulateInstall('@acme/berth-driver-new', '2.0.0');

    await snap.restore();
    expect(uninstalled).toEqual(['@acme/berth-driver-new']);
    expect(read(join(drivers, 'package.json'))).toBe(original);
    expect(read(join(drivers, 'package-lock.json'))).toBe('{"lock":"old"}\n');
    expect(existsSync(pkgDir('@acme/berth-driver-new'))).toBe(false);
    expect(read(join(pkgDir('berth-driver-old'), 'package.json'))).toBe('{"version":"1.0.0"}');
  });

  it('removes the folder even when npm uninstall fails', async () => {
    write(join(drivers, 'package.json'), '{}');
    const snap = await snapshotDrivers({
      driversDir: drivers,
      packageName: 'berth-driver-new',
      backupDir: backup,
      uninstall: async () => {
        throw new Error('npm is broken');
      },
    });
    simulateInstall('berth-driver-new', '1.0.0');
    await expect(snap.restore()).rejects.toMatchObject({ code: 'DRIVER_ROLLBACK_FAILED', message: expect.stringContaining('npm is broken') });
    expect(existsSync(pkgDir('berth-driver-new'))).toBe(false);
    expect(read(join(drivers, 'package.json'))).toBe('{}');
  });

  it('brings back the previous version of a package that was being upgraded', async () => {
    write(join(drivers, 'package.json'), '{"dependencies":{"berth-driver-x":"1.0.0"}}');
    write(join(pkgDir('berth-driver-x'), 'package.json'), '{"version":"1.0.0"}');
    write(join(pkgDir('berth-driver-x'), 'dist', 'main.js'), 'v1');
    const snap = await snapshot('berth-driver-x');
    simulateInstall('berth-driver-x', '2.0.0');
    write(join(pkgDir('berth-driver-x'), 'dist', 'new-only.js'), 'v2');

    await snap.restore();
    expect(uninstalled).toEqual([]);
    expect(read(join(pkgDir('berth-driver-x'), 'package.json'))).toBe('{"version":"1.0.0"}');
    expect(read(join(pkgDir('berth-driver-x'), 'dist', 'main.js'))).toBe('v1');
    expect(existsSync(join(pkgDir('berth-driver-x'), 'dist', 'new-only.js'))).toBe(false);
    expect(read(join(drivers, 'package.json'))).toBe('{"dependencies":{"berth-driver-x":"1.0.0"}}');
    expect(existsSync(join(drivers, 'package-lock.json'))).toBe(false);
    // npm's record of node_modules no longer matches what was put back by hand: it goes.
    expect(existsSync(join(drivers, 'node_modules', '.package-lock.json'))).toBe(false);
  });

  it('leaves no drivers directory behind when there was none', async () => {
    const snap = await snapshot('berth-driver-first');
    simulateInstall('berth-driver-first', '1.0.0');
    await snap.restore();
    expect(existsSync(drivers)).toBe(false);
  });

  it('removes a node_modules that the failed install created', async () => {
    write(join(drivers, 'package.json'), '{}');
    const snap = await snapshot('berth-driver-first');
    simulateInstall('berth-driver-first', '1.0.0');
    await snap.restore();
    expect(existsSync(join(drivers, 'node_modules'))).toBe(false);
    expect(read(join(drivers, 'package.json'))).toBe('{}');
  });
});

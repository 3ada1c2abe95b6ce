import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseInstallSpec } from './install-spec.js';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'berth-spec-'));
  mkdirSync(join(cwd, 'pkg'));
  mkdirSync(join(cwd, 'example'));
  writeFileSync(join(cwd, 'berth-driver-x-1.0.0.tgz'), '');
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

describe('parseInstallSpec', () => {
  it('reads a bare or scoped name as a registry package, even when a directory has that name', async () => {
    expect(await parseInstallSpec('example', cwd)).toEqual({ kind: 'registry', input: 'example', packageName: 'berth-driver-example', driverName: 'example' });
    expect(await parseInstallSpec('@acme/foo@^1.2', cwd)).toMatchObject({ kind: 'registry', packageName: '@acme/berth-driver-foo', range: '^1.2' });
  });

  it('reads paths as a directory or a tarball, resolved against cwd', async () => {
    expect(await parseInstallSpec('./pkg', cwd)).toEqual({ kind: 'directory', input: './pkg', path: join(cwd, 'pkg') });
    expect(await parseInstallSpec(join(cwd, 'pkg'), cwd)).toMatchObject({ kind: 'directory', path: join(cwd, 'pkg') });
    expect(await parseInstallSpec('berth-driver-x-1.0.0.tgz', cwd)).toMatchObject({ kind: 'tarball', path: join(cwd, 'berth-driver-x-1.0.0.tgz') });
  });

  it('says which path does not exist', async () => {
    await expect(parseInstallSpec('./nope', cwd)).rejects.toMatchObject({ message: `Cannot install "./nope": ${join(cwd, 'nope')} does not exist` });
    await expect(parseInstallSpec('dir/sub', cwd)).rejects.toMatchObject({ message: expect.stringContaining('does not exist') });
  });

  it('refuses a name that is neither a path nor a valid driver name', async () => {
    await expect(parseInstallSpec('Bad_Name', cwd)).rejects.toMatchObject({ code: 'INVALID_DRIVER_NAME' });
  });
});

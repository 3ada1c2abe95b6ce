import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkManifestProtocol, readDriverManifest } from './driver-manifest.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'berth-manifest-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writePackage(pkg: unknown): void {
  writeFileSync(join(dir, 'package.json'), typeof pkg === 'string' ? pkg : JSON.stringify(pkg));
}

describe('readDriverManifest', () => {
  it('reads name, version, protocols and absolute entries without running anything', async () => {
    writePackage({ name: 'berth-driver-foo', version: '1.2.3', main: 'boom.js', berth: { protocol: [1], drivers: { foo: './dist/main.js', 'foo-lite': 'bin/lite' } } });
    writeFileSync(join(dir, 'boom.js'), 'throw new Error("must not run")');
    expect(await readDriverManifest(dir)).toEqual({
      dir,
      packageName: 'berth-driver-foo',
      version: '1.2.3',
      protocol: [1],
      drivers: { foo: join(dir, 'dist', 'main.js'), 'foo-lite': join(dir, 'bin', 'lite') },
    });
  });

  it('reports a missing package.json as DRIVER_MANIFEST_NOT_FOUND', async () => {
    await expect(readDriverManifest(join(dir, 'nope'))).rejects.toMatchObject({ code: 'DRIVER_MANIFEST_NOT_FOUND' });
  });

  it.each([
    ['not JSON', '{ nope', /is not valid JSON/],
    ['no berth field', { name: 'left-pad', version: '1.0.0' }, /left-pad .* is not a berth driver package: its package.json has no "berth" field/],
    ['no protocol', { name: 'x', berth: { drivers: { x: './m.js' } } }, /invalid "berth" field/],
    ['empty protocol', { name: 'x', berth: { protocol: [], drivers: { x: './m.js' } } }, /"protocol" lists no version/],
    ['no drivers', { name: 'x', berth: { protocol: [1], drivers: {} } }, /"drivers" declares no driver/],
    ['bad driver name', { name: 'x', berth: { protocol: [1], drivers: { 'Bad Name': './m.js' } } }, /lowercase words/],
    ['entry outside the package', { name: 'x', berth: { protocol: [1], drivers: { x: '../../etc/evil' } } }, /is outside the package/],
    ['entry is the package dir', { name: 'x', berth: { protocol: [1], drivers: { x: '.' } } }, /is outside the package/],
  ])('refuses a manifest with %s in one line', async (_what, pkg, message) => {
    writePackage(pkg);
    const error = await readDriverManifest(dir).catch((err: unknown) => err);
    expect(error).toMatchObject({ code: 'DRIVER_MANIFEST_INVALID', message: expect.stringMatching(message) });
    expect((error as Error).message).not.toContain('\n');
  });
});

describe('checkManifestProtocol', () => {
  const manifest = (protocol: number[]) => ({ dir, packageName: 'berth-driver-foo', version: '2.0.0', protocol, drivers: {} });

  it('accepts a package that shares a version with berth', () => {
    expect(() => checkManifestProtocol(manifest([1, 2]), [1])).not.toThrow();
  });

  it('refuses one that does not, naming both sides', () => {
    expect(() => checkManifestProtocol(manifest([2, 3]), [1])).toThrow(
      expect.objectContaining({
        code: 'PROTOCOL_MISMATCH',
        message: 'berth-driver-foo 2.0.0 speaks driver protocol 2, 3, but berth speaks 1',
      }),
    );
  });
});

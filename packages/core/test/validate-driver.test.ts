// Validating a driver package starts each driver it declares, runs initialize and shuts it down; a
// failure is one line that says which driver failed and why (what `berth driver install` reports).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readDriverManifest } from '../src/drivers/driver-manifest.js';
import { describePackageStartFailure, validateDriverPackage } from '../src/drivers/validate-driver.js';

const fakeDriverURL = pathToFileURL(new URL('./fixtures/fake-driver.mjs', import.meta.url).pathname).href;
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'berth-validate-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A package whose drivers run the given sources. */
async function driverPackage(drivers: Record<string, string>) {
  mkdirSync(join(dir, 'pkg'), { recursive: true });
  const entries = Object.fromEntries(Object.keys(drivers).map((name) => [name, `./${name}.mjs`]));
  writeFileSync(join(dir, 'pkg', 'package.json'), JSON.stringify({ name: 'berth-driver-test', version: '1.0.0', berth: { protocol: [1], drivers: entries } }));
  for (const [name, source] of Object.entries(drivers)) writeFileSync(join(dir, 'pkg', `${name}.mjs`), source);
  return readDriverManifest(join(dir, 'pkg'));
}

const options = (env: Record<string, string> = {}) => ({
  hostInfo: { name: 'berth-test', version: '0.0.0' },
  env: { PATH: process.env.PATH ?? '', ...env },
  startTimeoutMs: 5_000,
  shutdownStepMs: 500,
});

async function failure(manifestPromise: ReturnType<typeof driverPackage>, env: Record<string, string> = {}) {
  const manifest = await manifestPromise;
  const err = await validateDriverPackage(manifest, 'installed', options(env)).then(() => undefined, (e: unknown) => e);
  expect(err).toBeDefined();
  return describePackageStartFailure(manifest, err);
}

describe('validateDriverPackage', () => {
  it('starts every declared driver, answers their initialize results and leaves nothing running', async () => {
    const manifest = await driverPackage({ good: `import '${fakeDriverURL}';`, also: `import '${fakeDriverURL}';` });
    const validated = await validateDriverPackage(manifest, 'installed', options());
    expect(validated.map((v) => [v.resolved.name, v.resolved.source, v.resolved.packageName, v.info.driver.name])).toEqual([
      ['good', 'installed', 'berth-driver-test', 'good'],
      ['also', 'installed', 'berth-driver-test', 'also'],
    ]);
  });

  it('a crash at start: the exit code and the last stderr line', async () => {
    const line = await failure(driverPackage({ bad: "process.stderr.write('loading\\ncannot load the cloud SDK\\n'); process.exit(3);" }));
    expect(line).toBe('driver "bad" crashed at start (exit code 3): cannot load the cloud SDK');
  });

  it('junk on stdout', async () => {
    const line = await failure(driverPackage({ noisy: `import '${fakeDriverURL}';` }), { FAKE_GARBAGE: '1' });
    expect(line).toMatch(/^driver "noisy" broke the driver protocol: /);
    expect(line).toContain('hello from a stray console.log');
  });

  it('a protocol version berth does not speak', async () => {
    const line = await failure(driverPackage({ future: `import '${fakeDriverURL}';` }), { FAKE_PROTOCOL_VERSION: '2' });
    expect(line).toBe('driver "future" answered with driver protocol version 2, but berth speaks 1');
  });

  it('an error answer to initialize', async () => {
    const source = `
      import { createRequire } from 'node:module';
      const { createMessageConnection, ResponseError, StreamMessageReader, StreamMessageWriter } = createRequire('${fakeDriverURL}')('vscode-jsonrpc/node');
      const c = createMessageConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
      c.onRequest('initialize', () => { throw new ResponseError(1000, 'no credentials configured', { code: 'INVALID_CONFIG' }); });
      c.listen();`;
    const line = await failure(driverPackage({ picky: source }));
    expect(line).toBe('driver "picky" failed to initialize: no credentials configured');
  });

  it('the second driver of a package failing is the one named', async () => {
    const line = await failure(driverPackage({ fine: `import '${fakeDriverURL}';`, broken: 'process.exit(4);' }));
    expect(line).toBe('driver "broken" crashed at start (exit code 4)');
  });
});

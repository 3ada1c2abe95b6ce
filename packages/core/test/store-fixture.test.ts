import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileStore, type FileStore } from '../src/store/file-store.js';
import { serializeRecord } from '../src/store/new-record.js';

const fixture = fileURLToPath(new URL('./fixtures/docker-machine-store/', import.meta.url));

/** Copies the fixture store to `target`, writing the real store path where the files say /STORE. */
async function installFixture(target: string): Promise<void> {
  await cp(fixture, target, { recursive: true });
  const escaped = JSON.stringify(target).slice(1, -1);
  const files = (await readdir(target, { recursive: true })).filter((file) => file.endsWith('.json'));
  for (const file of files) {
    const path = join(target, file);
    await writeFile(path, (await readFile(path, 'utf8')).replaceAll('/STORE', escaped));
  }
}

describe('a docker-machine 0.16.2 store', () => {
  let root: string;
  let storePath: string;
  let store: FileStore;
  const configOf = (name: string) => join(storePath, 'machines', name, 'config.json');

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'berth-dm-store-'));
    storePath = join(root, 'machine');
    await installFixture(storePath);
    store = createFileStore(storePath);
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('lists and loads the none and generic machines', async () => {
    expect(await store.listNames()).toEqual(['generic-host', 'none-host']);
    const none = await store.load('none-host');
    expect(none).toMatchObject({ DriverName: 'none', Name: 'none-host', Driver: { URL: 'tcp://192.168.50.10:2376' } });
    const generic = await store.load('generic-host');
    expect(generic.Driver).toMatchObject({ IPAddress: '192.168.50.20', SSHUser: 'debian', EnginePort: 2376, StorePath: storePath });
    expect(generic.HostOptions.AuthOptions.ServerCertSANs).toEqual(['generic.example.com']);
    expect(generic.HostOptions.EngineOptions.Labels).toEqual(['env=test']);
  });

  it.each(['none-host', 'generic-host'])('round-trips %s byte for byte, and loading writes nothing', async (name) => {
    const before = await readFile(configOf(name), 'utf8');
    const mtime = (await stat(configOf(name))).mtimeMs;
    const record = await store.load(name);
    expect(serializeRecord(record)).toBe(before);
    expect(Object.keys(record.Driver)).toEqual(Object.keys(JSON.parse(before).Driver));
    expect((await stat(configOf(name))).mtimeMs).toBe(mtime);
    expect(await readdir(join(storePath, 'machines', name))).toEqual(['config.json']);
    await store.save(record);
    expect(await readFile(configOf(name), 'utf8')).toBe(before);
  });

  it.each([
    ['legacy-v1', 'v1-config.json'],
    ['legacy-v2', 'v2-config.json'],
  ])('migrates %s to ConfigVersion 3 and keeps the original as config.json.bak', async (name, legacyFile) => {
    const original = await readFile(join(storePath, 'legacy', legacyFile), 'utf8');
    await mkdir(join(storePath, 'machines', name));
    await writeFile(configOf(name), original);

    const record = await store.load(name);

    expect(await readFile(`${configOf(name)}.bak`, 'utf8')).toBe(original);
    const migrated = await readFile(configOf(name), 'utf8');
    expect(migrated).toBe(serializeRecord(record));
    expect(JSON.parse(migrated)).toMatchObject({
      ConfigVersion: 3,
      Name: name,
      Driver: { MachineName: name, StorePath: storePath },
      HostOptions: {
        AuthOptions: {
          CertDir: join(storePath, 'certs'),
          CaPrivateKeyPath: join(storePath, 'certs', 'ca-key.pem'),
        },
      },
    });
    const driverKeys = Object.keys(record.Driver);
    expect(driverKeys).toEqual([...driverKeys].sort());

    const again = await store.load(name);
    expect(again).toEqual(record);
    expect(await readFile(configOf(name), 'utf8')).toBe(migrated);
    expect(await readFile(`${configOf(name)}.bak`, 'utf8')).toBe(original);
  });
});

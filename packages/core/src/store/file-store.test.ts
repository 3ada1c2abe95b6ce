import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileStore, type FileStore } from './file-store.js';
import { newMachineRecord, serializeRecord } from './new-record.js';

describe('createFileStore', () => {
  let root: string;
  let storePath: string;
  let store: FileStore;

  const recordFor = (name: string) =>
    newMachineRecord({ name, storePath, driverName: 'none', driverConfig: { MachineName: name, URL: 'tcp://1.2.3.4:2376' } });
  const writeConfig = async (name: string, text: string) => {
    await mkdir(join(storePath, 'machines', name), { recursive: true });
    await writeFile(join(storePath, 'machines', name, 'config.json'), text);
  };

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'berth-store-'));
    storePath = join(root, 'store');
    store = createFileStore(storePath);
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('saves config.json 0600 in 0700 directories it creates, and loads it back', async () => {
    const record = recordFor('dev');
    await store.save(record);
    const file = join(storePath, 'machines', 'dev', 'config.json');
    expect(await readFile(file, 'utf8')).toBe(serializeRecord(record));
    if (process.platform !== 'win32') {
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      for (const dir of [storePath, join(storePath, 'machines'), join(storePath, 'machines', 'dev')]) {
        expect((await stat(dir)).mode & 0o777).toBe(0o700);
      }
    }
    expect(await store.load('dev')).toEqual(record);
    expect(await readdir(join(storePath, 'machines', 'dev'))).toEqual(['config.json']);
  });

  it('lists machine directories in byte order, skipping dot entries and files', async () => {
    expect(await store.listNames()).toEqual([]);
    for (const name of ['web10', 'Web2', 'db', 'web2']) await store.save(recordFor(name));
    await mkdir(join(storePath, 'machines', '.trash'));
    await writeFile(join(storePath, 'machines', 'stray-file'), '');
    expect(await store.listNames()).toEqual(['Web2', 'db', 'web10', 'web2']);
  });

  it('tells whether a machine exists', async () => {
    expect(await store.exists('dev')).toBe(false);
    await store.save(recordFor('dev'));
    expect(await store.exists('dev')).toBe(true);
  });

  it('reports a missing machine the way docker-machine does', async () => {
    await expect(store.load('ghost')).rejects.toMatchObject({
      code: 'MACHINE_NOT_FOUND',
      message: 'Docker machine "ghost" does not exist. Use "berth ls" to list machines. Use "berth create" to add a new one.',
    });
  });

  // Reference §4.2: a zero-byte or truncated file reads as docker-machine's
  // `Error getting migrated host: unexpected end of JSON input`; the hint names the file.
  it.each([
    ['empty', ''],
    ['truncated after a value', '{"ConfigVersion": 3,'],
    ['truncated in a string', '{"ConfigVersion": 3, "DriverName": "no'],
    ['truncated in a number', '{"ConfigVersion": 3'],
  ])('%s config.json: STORE_CORRUPT in docker-machine\'s words', async (_what, text) => {
    await writeConfig('cut', text);
    const file = join(storePath, 'machines', 'cut', 'config.json');
    await expect(store.load('cut')).rejects.toMatchObject({
      code: 'STORE_CORRUPT',
      message: 'Error getting migrated host: unexpected end of JSON input',
      hint: `${file} is not valid JSON. Restore config.json.bak if there is one, or remove the machine with \`berth rm -f cut\`.`,
    });
  });

  it('keeps the parser\'s text for garbage that is not a truncation', async () => {
    await writeConfig('garbage', '{"ConfigVersion": 3}}');
    await expect(store.load('garbage')).rejects.toMatchObject({
      code: 'STORE_CORRUPT',
      message: expect.stringMatching(/^Error getting migrated host: .*position 20/),
      hint: expect.stringContaining(join('garbage', 'config.json')),
    });
  });

  it('reports a machine directory without config.json as STORE_CORRUPT', async () => {
    await mkdir(join(storePath, 'machines', 'half'), { recursive: true });
    await expect(store.load('half')).rejects.toMatchObject({
      code: 'STORE_CORRUPT',
      message: expect.stringContaining(`cannot be read: ${join(storePath, 'machines', 'half', 'config.json')}: ENOENT`),
    });
  });

  it('names the record after its directory, whatever the file says', async () => {
    await writeConfig('renamed', serializeRecord(recordFor('original')));
    expect((await store.load('renamed')).Name).toBe('renamed');
  });

  it('validates names before touching the disk', async () => {
    for (const op of [() => store.load('../x'), () => store.remove('..'), () => store.exists('a/b'), () => store.lockMachine('.')]) {
      await expect(op()).rejects.toMatchObject({ code: 'INVALID_MACHINE_NAME' });
    }
    await expect(store.save({ ...recordFor('ok'), Name: '../../etc' })).rejects.toMatchObject({ code: 'INVALID_MACHINE_NAME' });
  });

  it('loadAll returns every machine and keeps a broken one as an error', async () => {
    await store.save(recordFor('good'));
    await writeConfig('bad', 'not json');
    await writeConfig('future', JSON.stringify({ ConfigVersion: 9, Driver: {} }));
    const loaded = await store.loadAll();
    expect(loaded.map((l) => [l.name, l.record?.Name, l.error?.code])).toEqual([
      ['bad', undefined, 'STORE_CORRUPT'],
      ['future', undefined, 'CONFIG_FROM_FUTURE'],
      ['good', 'good', undefined],
    ]);
  });

  it('migrates an old config once, keeping the original bytes in config.json.bak', async () => {
    const original = JSON.stringify({
      ConfigVersion: 2,
      Driver: { MachineName: 'old', IPAddress: '10.0.0.5' },
      DriverName: 'generic',
      HostOptions: { AuthOptions: { StorePath: '/elsewhere' } },
      Name: 'old',
    });
    await writeConfig('old', original);
    const record = await store.load('old');
    const dir = join(storePath, 'machines', 'old');
    expect(record.Driver).toEqual({ IPAddress: '10.0.0.5', MachineName: 'old', StorePath: storePath });
    expect(await readFile(join(dir, 'config.json.bak'), 'utf8')).toBe(original);
    expect(await readFile(join(dir, 'config.json'), 'utf8')).toBe(serializeRecord(record));
    expect((await readdir(dir)).sort()).toEqual(['config.json', 'config.json.bak']);
    expect(await store.load('old')).toEqual(record);
  });

  it('removes a machine directory recursively, and a missing one quietly', async () => {
    await store.save(recordFor('dev'));
    await writeFile(join(storePath, 'machines', 'dev', 'id_rsa'), 'key');
    await store.remove('dev');
    expect(await store.exists('dev')).toBe(false);
    await store.remove('dev');
  });

  it('keeps lock files under .locks, out of the machines directory', async () => {
    await store.save(recordFor('dev'));
    const machineLock = await store.lockMachine('dev');
    const storeLock = await store.lockStore();
    expect(machineLock.path).toBe(join(storePath, '.locks', 'machines', 'dev'));
    expect(storeLock.path).toBe(join(storePath, '.locks', 'store'));
    expect(await store.listNames()).toEqual(['dev']);
    expect(await readdir(join(storePath, 'machines'))).toEqual(['dev']);
    await expect(store.lockMachine('dev', { timeoutMs: 50 })).rejects.toMatchObject({
      code: 'STORE_LOCKED',
      message: `Machine "dev" is locked by this berth process (pid ${process.pid})`,
    });
    await expect(store.lockStore({ timeoutMs: 50 })).rejects.toThrow(`The store "${storePath}" is locked by`);
    await machineLock.release();
    await storeLock.release();
    await (await store.lockMachine('dev', { timeoutMs: 50 })).release();
  });
});

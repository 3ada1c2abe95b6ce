import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareFileAtomic, writeFileAtomic } from './atomic-write.js';

describe('writeFileAtomic', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-atomic-unit-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the file with exactly the given mode and leaves no temp file', async () => {
    const file = join(dir, 'config.json');
    const previous = process.umask(0o077);
    try {
      await writeFileAtomic(file, '{"a":1}', { mode: 0o640 });
    } finally {
      process.umask(previous);
    }
    expect(await readFile(file, 'utf8')).toBe('{"a":1}');
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o640);
    expect(await readdir(dir)).toEqual(['config.json']);
  });

  it('replaces an existing file and accepts bytes', async () => {
    const file = join(dir, 'config.json');
    await writeFile(file, 'old content that is longer than the new one');
    await writeFileAtomic(file, Buffer.from('new'), { mode: 0o600 });
    expect(await readFile(file, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['config.json']);
  });

  it('removes its temp file and rethrows when the rename fails', async () => {
    const target = join(dir, 'config.json');
    await mkdir(join(target, 'occupied'), { recursive: true }); // a non-empty directory cannot be replaced
    await expect(writeFileAtomic(target, 'x', { mode: 0o600 })).rejects.toMatchObject({
      code: expect.stringMatching(/^(EISDIR|ENOTEMPTY|EEXIST|EPERM)$/),
    });
    expect(await readdir(dir)).toEqual(['config.json']);
  });

  it('rethrows when the directory does not exist', async () => {
    await expect(writeFileAtomic(join(dir, 'missing', 'config.json'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('prepareFileAtomic shows nothing at the target until commit, then exactly the data and mode', async () => {
    const target = join(dir, 'key.pem');
    await writeFile(target, 'old');
    const prepared = await prepareFileAtomic(target, 'new', { mode: 0o600 });
    expect(await readFile(target, 'utf8')).toBe('old');
    await prepared.commit();
    expect(await readFile(target, 'utf8')).toBe('new');
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['key.pem']);
  });

  it('prepareFileAtomic: discard leaves the target as it was and no temp file', async () => {
    const target = join(dir, 'cert.pem');
    const prepared = await prepareFileAtomic(target, 'never', { mode: 0o644 });
    await prepared.discard();
    expect(await readdir(dir)).toEqual([]);
  });
});

import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock } from '../src/store/lock.js';
import { compileForChild } from './store-fixtures/compile-for-child.js';
import { killAll, spawnChild, type Child } from './store-fixtures/spawn-child.js';

describe('acquireLock across processes', () => {
  let compiledDir: string;
  let lockModule: string;
  let dir: string;
  const children: Child[] = [];

  beforeAll(async () => {
    compiledDir = await mkdtemp(join(tmpdir(), 'berth-compiled-'));
    lockModule = await compileForChild('store/lock.ts', compiledDir);
  });

  afterAll(async () => {
    await rm(compiledDir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-lock-'));
  });

  afterEach(async () => {
    await killAll(children);
    await rm(dir, { recursive: true, force: true });
  });

  it('20 processes incrementing a counter 10 times each lose no update', async () => {
    const lockPath = join(dir, '.locks', 'counter');
    const counterPath = join(dir, 'counter');
    await writeFile(counterPath, '0');
    for (let i = 0; i < 20; i++) children.push(spawnChild('lock-counter.mjs', [lockModule, lockPath, counterPath, '10']));
    // Normally ~1.5 s. One CI run hung here once (not reproduced since): fail early with the lock's and
    // the children's state instead of at the test timeout with nothing to go on.
    const results = await Promise.race([
      Promise.all(children.map((child) => child.closed)),
      sleep(45_000).then(async () => expect.fail(await stuckReport(lockPath, counterPath, children))),
    ]);
    for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0 });
    expect(await readFile(counterPath, 'utf8')).toBe('200');
    expect(await readdir(join(dir, '.locks'))).toEqual([]);
  });

  it('reports a live owner by pid when the wait times out', async () => {
    const lockPath = join(dir, '.locks', 'machines', 'dev');
    const holder = spawnChild('hold-lock.mjs', [lockModule, lockPath]);
    children.push(holder);
    await holder.waitForLine(/^locked$/);
    await expect(acquireLock(lockPath, { timeoutMs: 300, subject: 'Machine "dev"' })).rejects.toMatchObject({
      code: 'STORE_LOCKED',
      message: `Machine "dev" is locked by another berth process (pid ${holder.process.pid})`,
    });
  });

  it('takes over the lock of a process that was killed while holding it', async () => {
    const lockPath = join(dir, '.locks', 'machines', 'dev');
    const holder = spawnChild('hold-lock.mjs', [lockModule, lockPath]);
    children.push(holder);
    await holder.waitForLine(/^locked$/);
    holder.process.kill('SIGKILL');
    await holder.closed;
    const started = Date.now();
    const lock = await acquireLock(lockPath, { timeoutMs: 5_000 });
    expect(Date.now() - started).toBeLessThan(1_000);
    const owner = JSON.parse(await readFile(lockPath, 'utf8')) as { pid: number };
    expect(owner.pid).toBe(process.pid);
    await lock.release();
    expect(await readdir(join(dir, '.locks', 'machines'))).toEqual([]);
  });
});

/** What a stuck counter run looks like: the lock file, the counter, and each live child's /proc state. */
async function stuckReport(lockPath: string, counterPath: string, children: Child[]): Promise<string> {
  const read = (path: string) => readFile(path, 'utf8').catch((err: Error) => `(${err.message})`);
  const states = await Promise.all(
    children.map(async (child) => `${child.process.pid}: ${(await read(`/proc/${child.process.pid}/stat`)).split(' ').slice(2, 3).join('')} exit=${child.process.exitCode}`),
  );
  return `still running after 45 s; counter ${await read(counterPath)}; lock ${await read(lockPath)}; children ${states.join(', ')}`;
}

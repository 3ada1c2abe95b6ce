import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compileForChild } from './store-fixtures/compile-for-child.js';
import { contentFor } from './store-fixtures/rewrite-content.mjs';
import { killAll, spawnChild, type Child } from './store-fixtures/spawn-child.js';

const ROUNDS = 40;
const SIZE = 1024 * 1024; // big enough that a kill often lands inside a write (several ms each)

describe('writeFileAtomic under SIGKILL', () => {
  let compiledDir: string;
  let atomicWriteModule: string;
  let dir: string;
  const children: Child[] = [];

  beforeAll(async () => {
    compiledDir = await mkdtemp(join(tmpdir(), 'berth-compiled-'));
    atomicWriteModule = await compileForChild('store/atomic-write.ts', compiledDir);
  });

  afterAll(async () => {
    await rm(compiledDir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-atomic-'));
  });

  afterEach(async () => {
    await killAll(children);
    await rm(dir, { recursive: true, force: true });
  });

  it('leaves the old or the new content after every kill, never a torn file', async () => {
    const target = join(dir, 'config.json');
    let current = 0;
    await writeFile(target, contentFor(current, SIZE));
    let writesSeen = 0;

    for (let round = 0; round < ROUNDS; round++) {
      const child = spawnChild('rewrite-loop.mjs', [atomicWriteModule, target, String(current + 1), String(SIZE)]);
      children.push(child);
      await child.waitForLine(/^ready$/);
      // Most rounds kill a writer that is already looping; some kill it during its first write.
      if (round % 3 !== 0) await child.waitForLine(/^done /);
      await sleep(Math.random() * 30);
      child.process.kill('SIGKILL');
      const { signal } = await child.closed;
      expect(signal).toBe('SIGKILL');

      const done = child.lines.filter((line) => line.startsWith('done ')).map((line) => Number(line.slice(5)));
      writesSeen += done.length;
      const lastDone = done.length > 0 ? Math.max(...done) : current;
      const text = await readFile(target, 'utf8');
      const seq = (JSON.parse(text) as { seq: number }).seq;
      expect([lastDone, lastDone + 1]).toContain(seq);
      expect(text).toBe(contentFor(seq, SIZE));
      current = seq;
    }

    expect(writesSeen).toBeGreaterThanOrEqual(ROUNDS - Math.ceil(ROUNDS / 3));
    // Temp files of killed writers may remain; the target itself is always whole.
    const leftovers = (await readdir(dir)).filter((name) => name !== 'config.json');
    expect(leftovers.every((name) => name.startsWith('config.json.tmp-'))).toBe(true);
  });
});

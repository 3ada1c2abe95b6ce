import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findExecutable, runInherited } from './ssh-spawn.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'berth-ssh-spawn-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(process.platform === 'win32')('findExecutable', () => {
  it('finds an executable file on PATH, skipping non-executable ones', async () => {
    await writeFile(join(dir, 'plain'), '');
    await writeFile(join(dir, 'tool'), '#!/bin/sh\n');
    await chmod(join(dir, 'tool'), 0o755);
    const env = { PATH: ['/nonexistent', dir].join(':') };
    expect(await findExecutable('tool', env)).toBe(join(dir, 'tool'));
    expect(await findExecutable('plain', env)).toBeUndefined();
    expect(await findExecutable('tool', {})).toBeUndefined();
  });
});

describe.skipIf(process.platform === 'win32')('runInherited', () => {
  it('resolves to the exit status, 128+N for a signal', async () => {
    const env = { PATH: process.env['PATH'] ?? '' };
    expect(await runInherited('/bin/sh', ['-c', 'exit 7'], env)).toBe(7);
    expect(await runInherited('/bin/sh', ['-c', 'kill -TERM $$'], env)).toBe(143);
  });

  it('rejects when the program cannot be started', async () => {
    await expect(runInherited(join(dir, 'missing'), [], {})).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

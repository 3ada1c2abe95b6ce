import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureDriversProject, readDriversProject, writeLinkedDrivers } from './drivers-project.js';

let store: string;
beforeEach(() => {
  store = join(mkdtempSync(join(tmpdir(), 'berth-project-')), 'store');
});
afterEach(() => rmSync(join(store, '..'), { recursive: true, force: true }));

const file = () => join(store, 'drivers', 'package.json');

describe('the drivers project', () => {
  it('reads as empty before it exists, and is created as a private npm project', async () => {
    expect(await readDriversProject(store)).toEqual({ dir: join(store, 'drivers'), file: file(), dependencies: {}, linked: {} });
    expect(existsSync(file())).toBe(false);
    await ensureDriversProject(store);
    expect(JSON.parse(readFileSync(file(), 'utf8'))).toMatchObject({ private: true, name: 'berth-drivers', dependencies: {} });
  });

  it('ensure leaves an existing file alone', async () => {
    mkdirSync(join(store, 'drivers'), { recursive: true });
    writeFileSync(file(), '{"dependencies":{"berth-driver-x":"1.0.0"}}');
    await ensureDriversProject(store);
    expect(readFileSync(file(), 'utf8')).toBe('{"dependencies":{"berth-driver-x":"1.0.0"}}');
  });

  it('writes linked drivers and keeps every other field', async () => {
    mkdirSync(join(store, 'drivers'), { recursive: true });
    writeFileSync(file(), JSON.stringify({ name: 'berth-drivers', dependencies: { 'berth-driver-x': '^1' }, berth: { other: 1 }, npmThing: true }));
    await writeLinkedDrivers(store, { zed: '/src/zed', alpha: '/src/alpha' });
    expect(JSON.parse(readFileSync(file(), 'utf8'))).toEqual({
      name: 'berth-drivers', dependencies: { 'berth-driver-x': '^1' }, berth: { other: 1, linked: { alpha: '/src/alpha', zed: '/src/zed' } }, npmThing: true,
    });
    expect(await readDriversProject(store)).toMatchObject({ dependencies: { 'berth-driver-x': '^1' }, linked: { alpha: '/src/alpha', zed: '/src/zed' } });
  });
});

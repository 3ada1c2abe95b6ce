import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { ResolvedDriver } from './resolve-driver.js';
import { spawnDriver } from './spawn-driver.js';

const node = (name: string, script: string): ResolvedDriver => ({
  name, command: process.execPath, args: ['-e', script], source: 'override', entry: process.execPath,
});

describe('spawnDriver', () => {
  it('keeps an exit that happens before the take-over and replays it', async () => {
    const spawned = spawnDriver(node('quick', 'process.exit(3)'), {});
    await new Promise((resolve) => spawned.child.once('exit', resolve));
    const exit = new Promise<[number | null, string | null]>((resolve) =>
      spawned.takeOver({ onExit: (code, signal) => resolve([code, signal]), onError: () => {} }),
    );
    await expect(exit).resolves.toEqual([3, null]);
  });

  it('keeps a spawn failure for the owner instead of throwing an unhandled error event', async () => {
    const spawned = spawnDriver({ name: 'gone', command: '/nonexistent/berth-driver-gone', args: [], source: 'path', entry: '/nonexistent/berth-driver-gone' }, {});
    await sleep(100);
    const error = new Promise<Error>((resolve) => spawned.takeOver({ onExit: () => {}, onError: resolve }));
    await expect(error).resolves.toMatchObject({ code: 'ENOENT' });
    expect(spawned.child.pid).toBeUndefined();
  });

  it('passes the cookie and the driver name, and nothing of the parent environment', async () => {
    const script = 'process.stdout.write(JSON.stringify(process.env))';
    const spawned = spawnDriver(node('echo', script), { ONLY: 'this' });
    let out = '';
    spawned.child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await new Promise((resolve) => spawned.takeOver({ onExit: resolve, onError: resolve }));
    const env = JSON.parse(out) as Record<string, string>;
    expect(env).toMatchObject({ ONLY: 'this', BERTH_DRIVER_COOKIE: expect.any(String), BERTH_DRIVER_NAME: 'echo' });
    expect(env.HOME).toBeUndefined();
  });

  it('refuses a second owner', () => {
    const spawned = spawnDriver(node('twice', ''), {});
    spawned.takeOver({ onExit: () => {}, onError: () => {} });
    expect(() => spawned.takeOver({ onExit: () => {}, onError: () => {} })).toThrow(/already taken over/);
  });
});

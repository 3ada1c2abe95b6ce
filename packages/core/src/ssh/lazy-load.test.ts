import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const state = vi.hoisted(() => ({ loaded: false }));
vi.mock('ssh2', async (importActual) => {
  state.loaded = true;
  return importActual();
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address !== null ? address.port : 1;
}

describe('ssh2 is loaded only when a connection is made', () => {
  it('importing every SSH module leaves ssh2 unloaded (ls and env never pay for it)', async () => {
    await Promise.all([
      import('./connect.js'),
      import('./channel.js'),
      import('./ssh-session.js'),
      import('./host-key.js'),
      import('./known-hosts.js'),
      import('./pin-host-key.js'),
      import('./wait-for-ssh.js'),
      import('./interactive-shell.js'),
      import('./external-ssh.js'),
      import('./scp-args.js'),
      import('./key-permissions.js'),
      import('./ssh-errors.js'),
    ]);
    expect(state.loaded).toBe(false);
  });

  it('connecting loads it', async () => {
    const { openSSHSession } = await import('./connect.js');
    const dir = await mkdtemp(join(tmpdir(), 'berth-lazy-'));
    try {
      const target = { host: '127.0.0.1', port: await closedPort(), user: 'u', keyPath: '', machineDir: dir, machineName: 'm' };
      await expect(openSSHSession(target)).rejects.toMatchObject({ code: 'SSH_CONNECT_FAILED' });
      expect(state.loaded).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { knownHostsPath } from '../src/ssh/known-hosts.js';
import { waitForSSH } from '../src/ssh/wait-for-ssh.js';
import { createSSHFixture, freePort, startSshd, stopAllSshd } from './fixtures/ssh-server.js';
import type { SSHFixture } from './fixtures/ssh-server.js';

describe('waitForSSH against a real sshd', () => {
  let fixture: SSHFixture;
  beforeEach(async () => {
    fixture = await createSSHFixture();
  });
  afterEach(async () => {
    await stopAllSshd();
    await fixture.cleanup();
  });

  it('succeeds once sshd starts a second after the wait began, and pins its key', async () => {
    const port = await freePort();
    const retries: string[] = [];
    const started = Date.now();
    const starting = new Promise((resolve, reject) => {
      setTimeout(() => startSshd({ dir: fixture.dir, authorizedKeys: fixture.authorizedKeys, port }).then(resolve, reject), 1_000);
    });
    await waitForSSH(fixture.target(port), { timeoutMs: 20_000, onRetry: (_attempt, err) => retries.push(err.message) });
    await starting;
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(1_000);
    expect(elapsed).toBeLessThan(5_000); // backoff is capped at 2 s
    expect(retries.length).toBeGreaterThanOrEqual(3);
    expect(retries[0]).toContain('ECONNREFUSED');
    expect(await readFile(knownHostsPath(fixture.machineDir), 'utf8')).toContain(`[127.0.0.1]:${port} ssh-ed25519 `);
  });

  it('fails fast with a wrong key instead of retrying until the timeout', async () => {
    const sshd = await startSshd({ dir: fixture.dir, authorizedKeys: fixture.authorizedKeys });
    const started = Date.now();
    await expect(waitForSSH(fixture.target(sshd.port, { keyPath: fixture.wrongKey }), { timeoutMs: 30_000 })).rejects.toMatchObject({
      code: 'SSH_AUTH_FAILED',
    });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('fails fast when the host key changed', async () => {
    const first = await startSshd({ dir: fixture.dir, authorizedKeys: fixture.authorizedKeys });
    await waitForSSH(fixture.target(first.port));
    await first.stop();
    const second = await startSshd({ dir: fixture.dir, authorizedKeys: fixture.authorizedKeys, port: first.port });
    const started = Date.now();
    await expect(waitForSSH(fixture.target(second.port), { timeoutMs: 30_000 })).rejects.toMatchObject({ code: 'SSH_HOST_KEY_CHANGED' });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('gives up after the timeout with SSH_UNAVAILABLE naming the machine and the last error', async () => {
    const port = await freePort();
    const started = Date.now();
    await expect(waitForSSH(fixture.target(port), { timeoutMs: 1_500 })).rejects.toMatchObject({
      code: 'SSH_UNAVAILABLE',
      message: expect.stringMatching(
        new RegExp(`^Too many retries waiting for SSH to be available on "m1" \\(127\\.0\\.0\\.1:${port}\\)\\. Last error: .*ECONNREFUSED`),
      ),
    });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(1_400);
    expect(elapsed).toBeLessThan(4_000);
  });

  it('stops when aborted', async () => {
    const port = await freePort();
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user pressed Ctrl-C')), 300);
    await expect(waitForSSH(fixture.target(port), { signal: controller.signal })).rejects.toThrow('user pressed Ctrl-C');
  });
});

import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSSHSession } from '../src/ssh/connect.js';
import { knownHostsPath, parseKnownHosts } from '../src/ssh/known-hosts.js';
import { ensureHostKeyPinned, scanHostKey } from '../src/ssh/pin-host-key.js';
import { createSSHFixture, fingerprintOf, generateKey, startSshd, stopAllSshd } from './fixtures/ssh-server.js';
import type { SSHFixture } from './fixtures/ssh-server.js';

async function runOnce(...args: Parameters<typeof openSSHSession>): Promise<string> {
  const session = await openSSHSession(...args);
  try {
    return (await session.run('echo connected')).stdout;
  } finally {
    await session.close();
  }
}

describe('host-key pinning against a real sshd', () => {
  let fixture: SSHFixture;
  beforeEach(async () => {
    fixture = await createSSHFixture();
  });
  afterEach(async () => {
    await stopAllSshd();
    await fixture.cleanup();
  });

  it('records the key on first use in OpenSSH format, then refuses a new host key on the same address', async () => {
    const first = await startSshd({ dir: fixture.dir, authorizedKeys: fixture.authorizedKeys });
    const target = fixture.target(first.port);
    expect(await runOnce(target)).toBe('connected\n');

    const text = await readFile(knownHostsPath(fixture.machineDir), 'utf8');
    const publicKey = (await readFile(`${first.hostKeyPath}.pub`, 'utf8')).split(' ').slice(0, 2).join(' ');
    expect(text).toBe(`[127.0.0.1]:${first.port} ${publicKey}\n`);
    expect((await stat(knownHostsPath(fixture.machineDir))).mode & 0o777).toBe(0o600);
    const [entry] = parseKnownHosts(text);
    expect(entry?.key.fingerprint).toBe(await fingerprintOf(`${first.hostKeyPath}.pub`));

    // the same server again: accepted, file unchanged
    expect(await runOnce(target)).toBe('connected\n');
    expect(await readFile(knownHostsPath(fixture.machineDir), 'utf8')).toBe(text);

    // rebuilt machine: same address, new host key
    await first.stop();
    const second = await startSshd({ dir: fixture.dir, authorizedKeys: fixture.authorizedKeys, port: first.port });
    const oldPrint = await fingerprintOf(`${first.hostKeyPath}.pub`);
    const newPrint = await fingerprintOf(`${second.hostKeyPath}.pub`);
    const refused = openSSHSession(target);
    await expect(refused).rejects.toMatchObject({
      code: 'SSH_HOST_KEY_CHANGED',
      message: `The SSH host key of machine "m1" (127.0.0.1:${first.port}) has changed: expected ${oldPrint}, got ${newPrint}`,
      hint: expect.stringContaining('`berth ssh --replace-host-key m1`'),
    });
    // 'pin' refuses it too, and nothing was written
    await expect(openSSHSession(target, { hostKeyPolicy: 'pin' })).rejects.toMatchObject({ code: 'SSH_HOST_KEY_CHANGED' });
    expect(await readFile(knownHostsPath(fixture.machineDir), 'utf8')).toBe(text);

    // replace: accepted and re-pinned; afterwards the normal policy accepts it
    expect(await runOnce(target, { hostKeyPolicy: 'replace' })).toBe('connected\n');
    const replaced = parseKnownHosts(await readFile(knownHostsPath(fixture.machineDir), 'utf8'));
    expect(replaced.map((e) => e.key.fingerprint)).toEqual([newPrint]);
    expect(await runOnce(target)).toBe('connected\n');
  });

  it('refuses a changed key before authenticating, so even a wrong client key reports the host key', async () => {
    const server = await startSshd({ dir: fixture.dir, authorizedKeys: fixture.authorizedKeys });
    await writeFile(knownHostsPath(fixture.machineDir), `[127.0.0.1]:${server.port} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n`);
    await expect(openSSHSession(fixture.target(server.port, { keyPath: fixture.wrongKey }))).rejects.toMatchObject({ code: 'SSH_HOST_KEY_CHANGED' });
  });

  it("'pin' refuses a machine with nothing pinned; keys follow the machine when its address changes", async () => {
    const hostKeyPath = await generateKey(join(fixture.dir, 'shared_host_key'));
    const a = await startSshd({ dir: fixture.dir, authorizedKeys: fixture.authorizedKeys, hostKeyPath });
    await expect(openSSHSession(fixture.target(a.port), { hostKeyPolicy: 'pin' })).rejects.toMatchObject({ code: 'SSH_HOST_KEY_UNKNOWN' });
    expect(await runOnce(fixture.target(a.port))).toBe('connected\n');

    // same machine (same host key) at a new address: accepted, and the new address gets its own line
    const b = await startSshd({ dir: fixture.dir, authorizedKeys: fixture.authorizedKeys, hostKeyPath });
    expect(await runOnce(fixture.target(b.port), { hostKeyPolicy: 'pin' })).toBe('connected\n');
    const lines = (await readFile(knownHostsPath(fixture.machineDir), 'utf8')).trim().split('\n');
    expect(lines.map((l) => l.split(' ')[0])).toEqual([`[127.0.0.1]:${a.port}`, `[127.0.0.1]:${b.port}`]);

    // a different server at yet another address is not this machine
    const stranger = await startSshd({ dir: fixture.dir, authorizedKeys: fixture.authorizedKeys });
    await expect(openSSHSession(fixture.target(stranger.port))).rejects.toMatchObject({ code: 'SSH_HOST_KEY_CHANGED' });
  });

  it('prefers the pinned key type when the server has several host keys', async () => {
    const ecdsa = await generateKey(join(fixture.dir, 'host_ecdsa'), 'ecdsa');
    const server = await startSshd({ dir: fixture.dir, authorizedKeys: fixture.authorizedKeys, hostKeyPath: ecdsa });
    expect(await runOnce(fixture.target(server.port))).toBe('connected\n');
    await server.stop();
    const ed25519 = await generateKey(join(fixture.dir, 'host_ed25519'));
    // ssh2 would pick ed25519 first on its own; the pinned ecdsa key must win
    const both = await startSshd({
      dir: fixture.dir,
      authorizedKeys: fixture.authorizedKeys,
      port: server.port,
      hostKeyPath: ed25519,
      extraConfig: `HostKey ${ecdsa}`,
    });
    expect(await runOnce(fixture.target(both.port))).toBe('connected\n');
  });

  it('scans and pins a key without authenticating (for the ssh binary), and replaces it on request', async () => {
    const server = await startSshd({ dir: fixture.dir, authorizedKeys: fixture.authorizedKeys });
    const target = fixture.target(server.port, { keyPath: fixture.wrongKey });
    const key = await scanHostKey(target);
    expect(key.fingerprint).toBe(await fingerprintOf(`${server.hostKeyPath}.pub`));
    await ensureHostKeyPinned(target);
    expect(parseKnownHosts(await readFile(knownHostsPath(fixture.machineDir), 'utf8')).map((e) => e.key.fingerprint)).toEqual([key.fingerprint]);

    await server.stop();
    const rebuilt = await startSshd({ dir: fixture.dir, authorizedKeys: fixture.authorizedKeys, port: server.port });
    // already pinned for this address: no connection, the ssh binary will do the check
    await ensureHostKeyPinned(target);
    await ensureHostKeyPinned(target, { hostKeyPolicy: 'replace' });
    expect(parseKnownHosts(await readFile(knownHostsPath(fixture.machineDir), 'utf8')).map((e) => e.key.fingerprint)).toEqual([
      await fingerprintOf(`${rebuilt.hostKeyPath}.pub`),
    ]);
  });
});

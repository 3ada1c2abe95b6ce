import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sshArgs, sshfsArgs, unmountArgs } from '../src/ssh/external-ssh.js';
import { ensureHostKeyPinned } from '../src/ssh/pin-host-key.js';
import { rsyncArgs, scpArgs } from '../src/ssh/scp-args.js';
import { createSSHFixture, startSshd, stopAllSshd } from './fixtures/ssh-server.js';
import type { SSHFixture } from './fixtures/ssh-server.js';

const NO_ENV = { extendEnv: false, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } } as const;

describe('the system ssh, scp and rsync with the built argv', () => {
  let fixture: SSHFixture;
  beforeEach(async () => {
    fixture = await createSSHFixture();
  });
  afterEach(async () => {
    await stopAllSshd();
    await fixture.cleanup();
  });

  it('ssh works against the pinned known_hosts and refuses a changed key', async () => {
    const first = await startSshd({ dir: fixture.dir, authorizedKeys: fixture.authorizedKeys });
    const target = fixture.target(first.port);
    // nothing pinned yet: StrictHostKeyChecking=yes refuses
    const unpinned = await execa('ssh', sshArgs(target, ['true']), { ...NO_ENV, reject: false, timeout: 20_000 });
    expect(unpinned.exitCode).toBe(255);
    expect(unpinned.stderr).toContain('Host key verification failed');

    await ensureHostKeyPinned(target);
    const ok = await execa('ssh', sshArgs(target, ['echo', 'hello', '$((6*7))', ';', 'exit', '4']), { ...NO_ENV, reject: false, timeout: 20_000 });
    expect(ok.stdout).toBe('hello 42');
    expect(ok.exitCode).toBe(4);
    // a command word that looks like an ssh flag goes to the remote side
    const dash = await execa('ssh', sshArgs(target, ['-V']), { ...NO_ENV, reject: false, timeout: 20_000 });
    expect(dash.stdout + dash.stderr).not.toContain('OpenSSH_');

    await first.stop();
    const second = await startSshd({ dir: fixture.dir, authorizedKeys: fixture.authorizedKeys, port: first.port });
    const refused = await execa('ssh', sshArgs(fixture.target(second.port), ['true']), { ...NO_ENV, reject: false, timeout: 20_000 });
    expect(refused.exitCode).toBe(255);
    expect(refused.stderr).toContain('REMOTE HOST IDENTIFICATION HAS CHANGED');

    await ensureHostKeyPinned(target, { hostKeyPolicy: 'replace' });
    const again = await execa('ssh', sshArgs(target, ['echo', 'back']), { ...NO_ENV, timeout: 20_000 });
    expect(again.stdout).toBe('back');
  });

  it('scp copies to, from and between machines (-3), also with different ports', async () => {
    const a = await startSshd({ dir: fixture.dir, authorizedKeys: fixture.authorizedKeys });
    const b = await startSshd({ dir: fixture.dir, authorizedKeys: fixture.authorizedKeys });
    const machineA = fixture.target(a.port);
    const machineB = fixture.target(b.port, { machineName: 'm2', machineDir: join(fixture.dir, 'machines', 'm 2 with spaces') });
    await mkdir(machineB.machineDir, { recursive: true });
    await ensureHostKeyPinned(machineA);
    await ensureHostKeyPinned(machineB);

    const local = join(fixture.dir, 'local.txt');
    await writeFile(local, 'payload\n');
    const remote = join(fixture.dir, 'remote dir');
    await mkdir(remote);
    await execa('scp', scpArgs({ source: { path: local }, destination: { target: machineA, path: join(remote, 'up.txt') } }), { ...NO_ENV, timeout: 20_000 });
    expect(await readFile(join(remote, 'up.txt'), 'utf8')).toBe('payload\n');

    await execa('scp', scpArgs({ source: { target: machineA, path: join(remote, 'up.txt') }, destination: { path: join(fixture.dir, 'down.txt') } }), { ...NO_ENV, timeout: 20_000 });
    expect(await readFile(join(fixture.dir, 'down.txt'), 'utf8')).toBe('payload\n');

    // machine to machine, different ports → scp:// URIs; two known_hosts files
    await execa('scp', scpArgs({ source: { target: machineA, path: join(remote, 'up.txt') }, destination: { target: machineB, path: join(remote, 'across%.txt') } }), { ...NO_ENV, timeout: 20_000 });
    expect(await readFile(join(remote, 'across%.txt'), 'utf8')).toBe('payload\n');

    // recursive
    await execa('scp', scpArgs({ source: { target: machineA, path: remote }, destination: { path: join(fixture.dir, 'copy') }, recursive: true, quiet: true }), { ...NO_ENV, timeout: 20_000 });
    expect(await readFile(join(fixture.dir, 'copy', 'up.txt'), 'utf8')).toBe('payload\n');
  });

  it('rsync (--delta) copies through ssh with the same options', async () => {
    const a = await startSshd({ dir: fixture.dir, authorizedKeys: fixture.authorizedKeys });
    // spaces and a quote in the machine folder: rsync splits its -e command itself
    const machineDir = join(fixture.dir, "it's a folder");
    await mkdir(machineDir);
    await copyFile(fixture.clientKey, join(machineDir, 'id key'));
    const machine = fixture.target(a.port, { machineDir, keyPath: join(machineDir, 'id key') });
    await ensureHostKeyPinned(machine);
    const local = join(fixture.dir, 'local file.txt');
    await writeFile(local, 'delta\n');
    await execa('rsync', rsyncArgs({ source: { path: local }, destination: { target: machine, path: join(fixture.dir, 'synced.txt') }, quiet: true }), { ...NO_ENV, timeout: 20_000 });
    expect(await readFile(join(fixture.dir, 'synced.txt'), 'utf8')).toBe('delta\n');
  });

  it.skipIf(!existsSync('/dev/fuse') || !existsSync('/usr/bin/sshfs'))('sshfs mounts a machine folder with the same host-key checking, fusermount -u unmounts it', async () => {
    const a = await startSshd({ dir: fixture.dir, authorizedKeys: fixture.authorizedKeys });
    const machine = fixture.target(a.port);
    await ensureHostKeyPinned(machine);
    const exported = join(fixture.dir, 'exported');
    await mkdir(exported);
    await writeFile(join(exported, 'seen.txt'), 'through fuse\n');
    const mountPoint = join(fixture.dir, 'mnt');
    await mkdir(mountPoint);
    await execa('sshfs', sshfsArgs(machine, { remotePath: exported, mountPoint }), { ...NO_ENV, timeout: 20_000 });
    try {
      expect(await readFile(join(mountPoint, 'seen.txt'), 'utf8')).toBe('through fuse\n');
    } finally {
      await execa('fusermount', unmountArgs(mountPoint), { ...NO_ENV, timeout: 20_000 });
    }
    expect(existsSync(join(mountPoint, 'seen.txt'))).toBe(false);
  });
});

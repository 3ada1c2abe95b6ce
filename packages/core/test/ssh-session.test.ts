import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSSHSession } from '../src/ssh/connect.js';
import type { SSHSession } from '../src/ssh/ssh-types.js';
import { createSSHFixture, startSshd, stopAllSshd } from './fixtures/ssh-server.js';
import type { SSHFixture, TestSshd } from './fixtures/ssh-server.js';

describe('openSSHSession against a real sshd', () => {
  let fixture: SSHFixture;
  let sshd: TestSshd;
  let session: SSHSession | undefined;

  beforeEach(async () => {
    fixture = await createSSHFixture();
    sshd = await startSshd({ dir: fixture.dir, authorizedKeys: fixture.authorizedKeys });
  });
  afterEach(async () => {
    await session?.close();
    session = undefined;
    await stopAllSshd();
    await fixture.cleanup();
  });

  it('runs commands, keeping stdout, stderr and the exit code apart', async () => {
    session = await openSSHSession(fixture.target(sshd.port));
    await expect(session.run('echo out; echo err >&2; exit 3')).resolves.toEqual({ stdout: 'out\n', stderr: 'err\n', exitCode: 3 });
    await expect(session.run('true')).resolves.toEqual({ stdout: '', stderr: '', exitCode: 0 });
    // several commands on one connection, also concurrently
    const results = await Promise.all([1, 2, 3].map((n) => session!.run(`echo ${n}`)));
    expect(results.map((r) => r.stdout)).toEqual(['1\n', '2\n', '3\n']);
  });

  it('reports a command killed by a signal as 128 + signal number', async () => {
    session = await openSSHSession(fixture.target(sshd.port));
    const result = await session.run('kill -TERM $$');
    expect(result.exitCode).toBe(128 + 15);
  });

  it('feeds input to stdin and sends EOF when there is none', async () => {
    session = await openSSHSession(fixture.target(sshd.port));
    await expect(session.run('tr a-z A-Z', { input: 'hello\nworld\n' })).resolves.toMatchObject({ stdout: 'HELLO\nWORLD\n', exitCode: 0 });
    await expect(session.run('cat', { input: Buffer.from([0, 1, 2]) })).resolves.toMatchObject({ stdout: '\u0000\u0001\u0002' });
    // no input: cat must see EOF instead of hanging
    await expect(session.run('cat; echo done')).resolves.toMatchObject({ stdout: 'done\n', exitCode: 0 });
  });

  it('allocates a PTY on request (sudo requiretty), merging stderr into stdout', async () => {
    session = await openSSHSession(fixture.target(sshd.port));
    const withPty = await session.run('tty; echo err >&2', { pty: true });
    expect(withPty.stdout).toMatch(/^\/dev\/pts\/\d+\r?\nerr\r?\n$/);
    expect(withPty.exitCode).toBe(0);
    const without = await session.run('tty');
    expect(without.stdout.trim()).toBe('not a tty');
  });

  it('writes files over SFTP with an exact mode, replacing existing ones', async () => {
    session = await openSSHSession(fixture.target(sshd.port));
    const path = join(fixture.dir, 'written.txt');
    await session.writeFile(path, 'first version, longer\n', 0o600);
    expect(await readFile(path, 'utf8')).toBe('first version, longer\n');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await writeFile(path, 'x', { mode: 0o644 });
    await session.writeFile(path, Buffer.from('second\n'), 0o640);
    expect(await readFile(path, 'utf8')).toBe('second\n');
    expect((await stat(path)).mode & 0o777).toBe(0o640);
  });

  it('fails a write into a missing folder with SSH_WRITE_FAILED naming the path', async () => {
    session = await openSSHSession(fixture.target(sshd.port));
    const path = join(fixture.dir, 'no-such-dir', 'f');
    await expect(session.writeFile(path, 'x')).rejects.toMatchObject({ code: 'SSH_WRITE_FAILED', message: expect.stringContaining(path) });
  });

  it('closes the channel on abort and on timeout', async () => {
    session = await openSSHSession(fixture.target(sshd.port));
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('stop it')), 200);
    await expect(session.run('sleep 30', { signal: controller.signal })).rejects.toThrow('stop it');
    await expect(session.run('sleep 30', { timeoutMs: 200 })).rejects.toMatchObject({ code: 'SSH_COMMAND_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(5_000);
    // the connection is still usable
    await expect(session.run('echo ok')).resolves.toMatchObject({ stdout: 'ok\n' });
  });

  it('rejects pending commands with SSH_CONNECTION_LOST when sshd goes away', async () => {
    session = await openSSHSession(fixture.target(sshd.port));
    const pending = session.run('sleep 30');
    await new Promise((r) => setTimeout(r, 300));
    // kill the per-connection sshd process: the listener's children share its process group
    await session.run('kill -KILL $PPID').catch(() => undefined);
    await expect(pending).rejects.toMatchObject({ code: 'SSH_CONNECTION_LOST' });
    await expect(session.run('true')).rejects.toMatchObject({ code: 'SSH_CONNECTION_LOST' });
  });

  it('reports a wrong key as SSH_AUTH_FAILED and a refused port as SSH_CONNECT_FAILED', async () => {
    await expect(openSSHSession(fixture.target(sshd.port, { keyPath: fixture.wrongKey }))).rejects.toMatchObject({
      code: 'SSH_AUTH_FAILED',
      message: expect.stringContaining(fixture.wrongKey),
    });
    await sshd.stop();
    await expect(openSSHSession(fixture.target(sshd.port))).rejects.toMatchObject({
      code: 'SSH_CONNECT_FAILED',
      message: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('reports a missing key file as SSH_KEY_NOT_FOUND and a bad one as SSH_KEY_INVALID', async () => {
    await expect(openSSHSession(fixture.target(sshd.port, { keyPath: join(fixture.dir, 'nope') }))).rejects.toMatchObject({ code: 'SSH_KEY_NOT_FOUND' });
    const bad = join(fixture.dir, 'bad_key');
    await writeFile(bad, 'not a key');
    await expect(openSSHSession(fixture.target(sshd.port, { keyPath: bad }))).rejects.toMatchObject({ code: 'SSH_KEY_INVALID' });
  });

  it('authenticates through an ssh-agent socket when the machine has no key file', async () => {
    const socket = join(fixture.dir, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    try {
      await waitForFile(socket);
      await execa('ssh-add', [fixture.clientKey], { extendEnv: false, env: { SSH_AUTH_SOCK: socket, PATH: process.env.PATH ?? '/usr/bin' } });
      session = await openSSHSession(fixture.target(sshd.port, { keyPath: '' }), { agentSocket: socket });
      await expect(session.run('echo via agent')).resolves.toMatchObject({ stdout: 'via agent\n' });
      await expect(openSSHSession(fixture.target(sshd.port, { keyPath: '' }))).rejects.toMatchObject({
        code: 'SSH_AUTH_FAILED',
        message: expect.stringContaining('no SSH key and no ssh-agent socket'),
      });
    } finally {
      agent.kill();
    }
  });

  it('stops connecting when aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    await expect(openSSHSession(fixture.target(sshd.port), { signal: controller.signal })).rejects.toThrow('cancelled');
  });
});

async function waitForFile(path: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`${path} did not appear`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

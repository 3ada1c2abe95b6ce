// Things going wrong on real hosts: a changed SSH host key, an engine install script that fails,
// and a wrong SSH key. Each must fail fast, exit 1, and say what to do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createTestKey, machineExec, type Machine } from '../../testhosts/index.mjs';
import { World, skipReason, unsupported } from './helpers.js';

describe.skipIf(unsupported)(`failures on real hosts${unsupported ? ` (skipped: ${skipReason})` : ''}`, { timeout: 180_000 }, () => {
  const w = new World();
  let a: Machine;
  let b: Machine;

  beforeAll(async () => {
    await w.setup();
    [a, b] = await Promise.all([w.machine(), w.machine()]);
  }, 300_000);
  afterAll(() => w.teardown(), 60_000);

  it('a changed SSH host key fails fast with the --replace-host-key recovery', async () => {
    const c = await w.create(a, 'g1');
    expect(c.code, c.out).toBe(0);
    await machineExec(a.name, 'rm -f /etc/ssh/ssh_host_* && ssh-keygen -A && systemctl restart ssh');
    const r = await w.berth(['provision', 'g1'], { timeoutMs: 90_000 });
    expect(r.code, r.out).toBe(1);
    expect(r.ms, r.out).toBeLessThan(30_000);
    expect(r.stderr).toContain('has changed');
    expect(r.stderr).toContain('berth ssh --replace-host-key g1');
    // Nothing was done on the host with the unverified key: the record is still there.
    expect((await w.berth(['ls', '-q'])).stdout).toContain('g1');
  });

  it('a failing engine install script: ENGINE_INSTALL_FAILED naming the URL, record kept, rm -f cleans', async () => {
    await machineExec(b.name, 'systemctl stop docker docker.socket; mv /usr/bin/docker /usr/bin/docker.off');
    const script = await w.serveScript(b.hostIp, '#!/bin/sh\necho "e2e: this install script fails on purpose" >&2\nexit 1\n');
    const r = await w.create(b, 'e1', ['--engine-install-url', script.url]);
    expect(r.code, r.out).toBe(1);
    expect(r.ms, r.out).toBeLessThan(60_000);
    expect(script.hits()).toBeGreaterThan(0);
    expect(r.stderr).toContain(script.url);
    expect(r.stderr).toMatch(/install/i);
    expect(r.stderr).toContain('fails on purpose');
    expect(r.stderr).toContain('berth rm -f e1');
    const ls = await w.berth(['ls', '-q']);
    expect(ls.stdout.split('\n')).toContain('e1');
    const rm = await w.berth(['rm', '-f', 'e1']);
    expect(rm.code, rm.out).toBe(0);
    expect((await w.berth(['ls', '-q'])).stdout.split('\n')).not.toContain('e1');
  });

  it('a wrong SSH key fails fast with an authentication error', async () => {
    const wrong = await createTestKey(join(w.dir, 'wrong-key'));
    const r = await w.create(a, 'w1', [], wrong.privateKeyPath);
    expect(r.code, r.out).toBe(1);
    expect(r.ms, r.out).toBeLessThan(45_000);
    expect(r.stderr).toMatch(/auth|permission denied/i);
    await w.berth(['rm', '-f', 'w1']);
  });
});

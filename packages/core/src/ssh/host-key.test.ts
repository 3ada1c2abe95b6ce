import { describe, expect, it } from 'vitest';
import { decideHostKey, hostKeyChangedError, hostKeyRecoveryCommand, preferredHostKeyAlgorithms } from './host-key.js';
import type { HostKey, KnownHostsEntry } from './known-hosts.js';
import type { SSHTarget } from './ssh-types.js';

const target: SSHTarget = { host: '10.0.0.1', port: 22, user: 'docker', keyPath: '/k', machineDir: '/store/machines/dev', machineName: 'dev' };
const keyA: HostKey = { algorithm: 'ssh-ed25519', base64: 'AAAA', fingerprint: 'SHA256:aaa' };
const keyB: HostKey = { algorithm: 'ssh-ed25519', base64: 'BBBB', fingerprint: 'SHA256:bbb' };
const rsa: HostKey = { algorithm: 'ssh-rsa', base64: 'RRRR', fingerprint: 'SHA256:rrr' };
const entry = (host: string, key: HostKey): KnownHostsEntry => ({ hosts: [host], key });

describe('decideHostKey', () => {
  it('trusts on first use with accept-new, refuses with pin', () => {
    expect(decideHostKey(target, [], keyA, 'accept-new')).toEqual({ action: 'accept', write: 'add' });
    const refused = decideHostKey(target, [], keyA, 'pin');
    expect(refused.action === 'refuse' && refused.error.code).toBe('SSH_HOST_KEY_UNKNOWN');
  });

  it('accepts the pinned key and refuses another one', () => {
    expect(decideHostKey(target, [entry('10.0.0.1', keyA)], keyA, 'pin')).toEqual({ action: 'accept' });
    const refused = decideHostKey(target, [entry('10.0.0.1', keyA)], keyB, 'accept-new');
    expect(refused.action).toBe('refuse');
    expect(refused.action === 'refuse' && refused.error).toMatchObject({
      code: 'SSH_HOST_KEY_CHANGED',
      message: 'The SSH host key of machine "dev" (10.0.0.1:22) has changed: expected SHA256:aaa, got SHA256:bbb',
    });
  });

  it('pins per machine: a new address must present a key the machine already had', () => {
    expect(decideHostKey(target, [entry('10.0.0.9', keyA)], keyA, 'pin')).toEqual({ action: 'accept', write: 'add' });
    expect(decideHostKey(target, [entry('10.0.0.9', keyA)], keyB, 'accept-new').action).toBe('refuse');
    // this address's own pin wins over other addresses
    expect(decideHostKey(target, [entry('10.0.0.9', keyB), entry('10.0.0.1', keyA)], keyB, 'accept-new').action).toBe('refuse');
  });

  it('names the pinned key of the presented type when several are pinned', () => {
    const decision = decideHostKey(target, [entry('10.0.0.1', rsa), entry('10.0.0.1', keyA)], keyB, 'accept-new');
    expect(decision.action === 'refuse' && decision.error.message).toContain('expected SHA256:aaa, got SHA256:bbb');
  });

  it('replace accepts anything and drops every old pin', () => {
    expect(decideHostKey(target, [entry('10.0.0.1', keyA)], keyB, 'replace')).toEqual({ action: 'accept', write: 'replace-all' });
  });
});

describe('host key errors and algorithms', () => {
  it('tells the user how to accept a rebuilt machine', () => {
    expect(hostKeyRecoveryCommand('dev')).toBe('berth ssh --replace-host-key dev');
    const error = hostKeyChangedError({ ...target, host: 'fe80::1', port: 2222 }, keyA, keyB);
    expect(error.message).toBe('The SSH host key of machine "dev" ([fe80::1]:2222) has changed: expected SHA256:aaa, got SHA256:bbb');
    expect(error.hint).toContain('`berth ssh --replace-host-key dev`');
    expect(error.hint).toContain('/store/machines/dev/known_hosts');
    expect(error.details).toMatchObject({ expected: 'SHA256:aaa', presented: 'SHA256:bbb' });
  });

  it('offers the pinned key types first', () => {
    expect(preferredHostKeyAlgorithms([])[0]).toBe('ssh-ed25519');
    const withRsa = preferredHostKeyAlgorithms([entry('h', rsa)]);
    expect(withRsa.slice(0, 3)).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
    expect(new Set(withRsa).size).toBe(withRsa.length);
    expect(withRsa).toContain('ssh-ed25519');
    // a type ssh2 cannot verify is not offered
    expect(preferredHostKeyAlgorithms([entry('h', { ...keyA, algorithm: 'sk-ssh-ed25519@openssh.com' })])[0]).toBe('ssh-ed25519');
  });
});

import { describe, expect, it } from 'vitest';
import { externalSSHOptions, quoteConfigValue, sshArgs, sshDestination, sshfsArgs, unmountArgs } from './external-ssh.js';
import type { SSHTarget } from './ssh-types.js';

const target: SSHTarget = {
  host: '192.168.99.100',
  port: 2222,
  user: 'docker',
  keyPath: '/store/machines/dev/id_rsa',
  machineDir: '/store/machines/dev',
  machineName: 'dev',
};

const COMMON = [
  '-F', '/dev/null',
  '-o', 'ConnectionAttempts=3',
  '-o', 'ConnectTimeout=10',
  '-o', 'ControlMaster=no',
  '-o', 'ControlPath=none',
  '-o', 'LogLevel=error',
  '-o', 'PasswordAuthentication=no',
  '-o', 'ServerAliveInterval=60',
  '-o', 'StrictHostKeyChecking=yes',
  '-o', 'UserKnownHostsFile=/store/machines/dev/known_hosts',
  '-o', 'GlobalKnownHostsFile=/dev/null',
  '-o', 'CheckHostIP=no',
];

describe('sshArgs', () => {
  it("uses docker-machine's options but checks the host key against the machine's known_hosts", () => {
    expect(sshArgs(target, ['uname', '-a'])).toEqual([
      ...COMMON,
      '-o', 'IdentitiesOnly=yes',
      '-i', '/store/machines/dev/id_rsa',
      '-p', '2222',
      '--', 'docker@192.168.99.100',
      'uname', '-a',
    ]);
  });

  it('leaves identities to the agent when the machine has no key; no command → login shell', () => {
    expect(sshArgs({ ...target, keyPath: '', port: 22 })).toEqual([...COMMON, '-p', '22', '--', 'docker@192.168.99.100']);
  });

  it('never disables host-key checking', () => {
    const args = sshArgs(target).join(' ');
    expect(args).not.toContain('StrictHostKeyChecking=no');
    expect(args).not.toContain('UserKnownHostsFile=/dev/null');
  });
});

describe('option quoting and destinations', () => {
  it('quotes option values with spaces for OpenSSH, several known_hosts files in one option', () => {
    expect(quoteConfigValue('/a b/known_hosts')).toBe('"/a b/known_hosts"');
    expect(quoteConfigValue('/plain')).toBe('/plain');
    expect(externalSSHOptions(['/x/known_hosts', '/y z/known_hosts'])).toContain('UserKnownHostsFile=/x/known_hosts "/y z/known_hosts"');
  });

  it('brackets IPv6 addresses before a :path', () => {
    expect(sshDestination('u', 'fe80::1')).toBe('u@fe80::1');
    expect(sshDestination('u', 'fe80::1', '/tmp')).toBe('u@[fe80::1]:/tmp');
    expect(sshDestination('u', 'h', 'rel')).toBe('u@h:rel');
  });
});

describe('sshfsArgs and unmountArgs', () => {
  it('mounts with the same checks, port and key; the mount point defaults to the remote path', () => {
    expect(sshfsArgs(target, { remotePath: '/home/docker/src' })).toEqual([
      ...COMMON,
      '-o', 'IdentitiesOnly=yes',
      '-o', 'Port=2222',
      '-o', 'IdentityFile=/store/machines/dev/id_rsa',
      'docker@192.168.99.100:/home/docker/src',
      '/home/docker/src',
    ]);
    expect(sshfsArgs({ ...target, keyPath: '' }, { remotePath: 'src', mountPoint: '/mnt/x', user: 'root' }).slice(-3)).toEqual([
      'Port=2222',
      'root@192.168.99.100:src',
      '/mnt/x',
    ]);
  });

  it('unmounts with fusermount -u', () => {
    expect(unmountArgs('/mnt/x')).toEqual(['-u', '/mnt/x']);
  });
});

import { describe, expect, it } from 'vitest';
import { parseScpLocation, rsyncArgs, scpArgs } from './scp-args.js';
import type { SSHTarget } from './ssh-types.js';

const dev: SSHTarget = { host: '10.0.0.1', port: 22, user: 'docker', keyPath: '/s/dev/id_rsa', machineDir: '/s/dev', machineName: 'dev' };
const web: SSHTarget = { host: '10.0.0.2', port: 22, user: 'ubuntu', keyPath: '', machineDir: '/s/web', machineName: 'web' };

const options = (args: string[]): string[] => args.filter((_, i) => args[i - 1] === '-o');

describe('parseScpLocation', () => {
  it.each([
    ['dev:/tmp/x', { machine: 'dev', path: '/tmp/x' }],
    ['root@dev:x', { machine: 'dev', user: 'root', path: 'x' }],
    ['dev:', { machine: 'dev', path: '' }],
    ['dev:a:b', { machine: 'dev', path: 'a:b' }],
    ['./file', { path: './file' }],
    ['file', { path: 'file' }],
    ['./a:b', { path: './a:b' }],
    ['/abs/a:b', { path: '/abs/a:b' }],
    ['localhost:/tmp/x', { path: '/tmp/x' }],
    ['me@localhost:x', { path: 'x' }],
    ['C:\\Users\\me\\f', { path: 'C:\\Users\\me\\f' }],
    ['c:/Users/me/f', { path: 'c:/Users/me/f' }],
    [':x', { path: ':x' }],
  ])('%s', (arg, expected) => {
    expect(parseScpLocation(arg)).toEqual(expected);
  });
});

describe('scpArgs', () => {
  it('copies local → machine with the machine port, key and known_hosts', () => {
    const args = scpArgs({ source: { path: 'f.txt' }, destination: { target: dev, path: '/tmp/f.txt' }, recursive: true, quiet: true });
    expect(args.slice(-11)).toEqual([
      '-3', '-r', '-q',
      '-o', 'IdentitiesOnly=yes',
      '-o', 'Port=22',
      '-o', 'IdentityFile=/s/dev/id_rsa',
      'f.txt', 'docker@10.0.0.1:/tmp/f.txt',
    ]);
    expect(options(args)).toContain('UserKnownHostsFile=/s/dev/known_hosts');
    expect(options(args)).toContain('StrictHostKeyChecking=yes');
  });

  it('machine → machine: both known_hosts files; no IdentitiesOnly when one side has no key; user override', () => {
    const args = scpArgs({ source: { target: dev, path: 'a' }, destination: { target: web, user: 'root', path: 'b' } });
    expect(options(args)).toContain('UserKnownHostsFile=/s/dev/known_hosts /s/web/known_hosts');
    expect(options(args)).not.toContain('IdentitiesOnly=yes');
    expect(args.slice(-2)).toEqual(['docker@10.0.0.1:a', 'root@10.0.0.2:b']);
    expect(options(args).filter((o) => o.startsWith('Port='))).toEqual(['Port=22', 'Port=22']);
  });

  it('uses scp:// URIs when the two machines listen on different ports', () => {
    const args = scpArgs({ source: { target: { ...dev, port: 2222 }, path: '/abs/50%' }, destination: { target: { ...web, host: 'fe80::2' }, path: 'rel' } });
    expect(args.slice(-2)).toEqual(['scp://docker@10.0.0.1:2222//abs/50%25', 'scp://ubuntu@[fe80::2]:22/rel']);
    expect(options(args).some((o) => o.startsWith('Port='))).toBe(false);
  });
});

describe('rsyncArgs', () => {
  it('passes the ssh options in -e, quoted for rsync', () => {
    const args = rsyncArgs({ source: { target: { ...dev, keyPath: "/it's here/id_rsa" }, path: 'src/' }, destination: { path: 'dst' }, recursive: true });
    expect(args[0]).toBe('--progress');
    expect(args[1]).toBe('-e');
    expect(args[2]).toMatch(/^ssh -F \/dev\/null -o ConnectionAttempts=3 /);
    expect(args[2]).toContain('-o StrictHostKeyChecking=yes -o UserKnownHostsFile=/s/dev/known_hosts');
    expect(args[2]).toContain("-o Port=22 -o 'IdentityFile=\"/it''s here/id_rsa\"'");
    expect(args.slice(3)).toEqual(['-r', 'docker@10.0.0.1:src/', 'dst']);
    expect(rsyncArgs({ source: { path: 'a' }, destination: { target: dev, path: 'b' }, quiet: true })[0]).toBe('-e');
  });

  it('refuses machine → machine', () => {
    expect(() => rsyncArgs({ source: { target: dev, path: 'a' }, destination: { target: web, path: 'b' } })).toThrow(
      expect.objectContaining({ code: 'SCP_DELTA_BETWEEN_MACHINES' }),
    );
  });
});

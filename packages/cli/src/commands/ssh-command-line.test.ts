import { describe, expect, it } from 'vitest';
import { UsageError } from '../cli-error.js';
import { chooseSSHClient, isSSHHelpRequest, parseMountCommandLine, parseScpCommandLine, parseSSHCommandLine } from './ssh-command-line.js';

describe('parseSSHCommandLine', () => {
  it('takes no name as the default machine and no command as a shell', () => {
    expect(parseSSHCommandLine([])).toEqual({ command: [], replaceHostKey: false });
    expect(parseSSHCommandLine(['dev'])).toEqual({ machine: 'dev', command: [], replaceHostKey: false });
  });

  it('passes everything after the name through, flags included', () => {
    expect(parseSSHCommandLine(['dev', 'ls', '-la', '--', '--replace-host-key'])).toEqual({
      machine: 'dev',
      command: ['ls', '-la', '--', '--replace-host-key'],
      replaceHostKey: false,
    });
  });

  it('reads --replace-host-key only before the name', () => {
    expect(parseSSHCommandLine(['--replace-host-key', 'dev', 'uptime'])).toEqual({ machine: 'dev', command: ['uptime'], replaceHostKey: true });
    expect(parseSSHCommandLine(['--replace-host-key'])).toEqual({ command: [], replaceHostKey: true });
  });

  it('recognises docker-machine help arguments only in first place', () => {
    expect(isSSHHelpRequest(['-h'])).toBe(true);
    expect(isSSHHelpRequest(['-help'])).toBe(true);
    expect(isSSHHelpRequest(['--help', 'dev'])).toBe(true);
    expect(isSSHHelpRequest(['dev', '--help'])).toBe(false);
    expect(isSSHHelpRequest([])).toBe(false);
  });
});

describe('chooseSSHClient', () => {
  const choose = (env: Record<string, string>, nativeSSH = false, hasSSHBinary = true) => chooseSSHClient({ env, nativeSSH, hasSSHBinary });

  it('uses the in-process client by default', () => {
    expect(choose({})).toBe('native');
    expect(choose({ BERTH_SSH: 'native' })).toBe('native');
  });

  it('uses the system ssh with BERTH_SSH=external when there is one', () => {
    expect(choose({ BERTH_SSH: 'external' })).toBe('external');
    expect(choose({ BERTH_SSH: 'External ' })).toBe('external');
    expect(choose({ BERTH_SSH: 'external' }, false, false)).toBe('native');
  });

  it('lets --native-ssh win', () => {
    expect(choose({ BERTH_SSH: 'external' }, true)).toBe('native');
  });

  it('rejects an unknown BERTH_SSH value', () => {
    expect(() => choose({ BERTH_SSH: 'putty' })).toThrow('Error: BERTH_SSH must be "native" or "external", not "putty"');
  });
});

describe('parseScpCommandLine', () => {
  it('needs exactly two arguments', () => {
    for (const args of [[], ['a'], ['a', 'b', 'c']]) {
      expect(() => parseScpCommandLine(args)).toThrow(new UsageError('Improper number of arguments'));
    }
  });

  it('parses [[user@]machine:]path on each side; localhost and plain paths are local', () => {
    expect(parseScpCommandLine(['dev:/etc/hosts', './hosts'])).toEqual({
      source: { machine: 'dev', path: '/etc/hosts' },
      destination: { path: './hosts' },
    });
    expect(parseScpCommandLine(['localhost:a.txt', 'root@dev:b.txt'])).toEqual({
      source: { path: 'a.txt' },
      destination: { machine: 'dev', user: 'root', path: 'b.txt' },
    });
    expect(parseScpCommandLine(['one:x', 'two:y'])).toEqual({
      source: { machine: 'one', path: 'x' },
      destination: { machine: 'two', path: 'y' },
    });
  });
});

describe('parseMountCommandLine', () => {
  it('needs one or two arguments', () => {
    for (const args of [[], ['a', 'b', 'c']]) {
      expect(() => parseMountCommandLine(args)).toThrow(new UsageError('Improper number of arguments'));
    }
  });

  it('mounts on the remote path by default, from machine default without machine:', () => {
    expect(parseMountCommandLine(['/data'])).toEqual({ machine: 'default', remotePath: '/data', mountPoint: '/data' });
    expect(parseMountCommandLine(['dev:/srv', '/mnt/srv'])).toEqual({ machine: 'dev', remotePath: '/srv', mountPoint: '/mnt/srv' });
    expect(parseMountCommandLine(['me@dev:/srv'])).toEqual({ machine: 'dev', user: 'me', remotePath: '/srv', mountPoint: '/srv' });
  });
});

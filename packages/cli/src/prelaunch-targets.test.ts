import { describe, expect, it } from 'vitest';
import { subcommandIndex } from './argv.js';
import { prelaunchTargets } from './prelaunch-targets.js';

const targets = (...argv: string[]) => prelaunchTargets(argv, subcommandIndex(argv));

describe('prelaunchTargets', () => {
  it('ls starts every machine\'s driver, also after global flags and with filters', () => {
    expect(targets('ls')).toEqual({});
    expect(targets('-s', '/store', 'ls', '--filter', 'state=Running')).toEqual({});
  });

  it('ls -q, a help request and commands that need no driver start nothing', () => {
    expect(targets('ls', '-q')).toBeUndefined();
    expect(targets('ls', '--quiet')).toBeUndefined();
    expect(targets('ls', '--help')).toBeUndefined();
    expect(targets('env', 'm1')).toBeUndefined();
    expect(targets('rm', '-y', 'm1')).toBeUndefined();
    expect(targets()).toBeUndefined();
    expect(targets('--version')).toBeUndefined();
  });

  it('status, url and ip start the named machines\' drivers only', () => {
    expect(targets('status', 'm1')).toEqual({ names: ['m1'] });
    expect(targets('-D', 'url', 'a', 'b')).toEqual({ names: ['a', 'b'] });
    expect(targets('ip')).toBeUndefined();
    expect(targets('status', '-h', 'm1')).toBeUndefined();
  });
});

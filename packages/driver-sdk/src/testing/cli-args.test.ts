import { describe, expect, it } from 'vitest';
import { parseConformanceArgs } from './cli-args.js';

describe('parseConformanceArgs', () => {
  it('runs a .js entry under this node, naming the driver from berth-driver-NAME', () => {
    expect(parseConformanceArgs(['dist/berth-driver-mycloud.js', '--flag', 'mycloud-token=a=b', '--flag', 'mycloud-tag=x', '--flag', 'mycloud-tag=y']))
      .toEqual({
        kind: 'run',
        json: false,
        options: {
          command: process.execPath, args: ['dist/berth-driver-mycloud.js'], driverName: 'mycloud',
          createFlags: { 'mycloud-token': 'a=b', 'mycloud-tag': ['x', 'y'] }, lifecycle: false,
        },
      });
  });

  it('spawns other executables directly, with --driver, --lifecycle, --timeout, --json and driver args after --', () => {
    expect(parseConformanceArgs(['/usr/bin/mydriver', '--driver', 'my', '--lifecycle', '--timeout', '5000', '--json', '--', '--verbose']))
      .toEqual({
        kind: 'run',
        json: true,
        options: { command: '/usr/bin/mydriver', args: ['--verbose'], driverName: 'my', createFlags: {}, lifecycle: true, timeoutMs: 5000 },
      });
    expect(parseConformanceArgs(['--help'])).toEqual({ kind: 'help' });
  });

  it('explains each usage mistake', () => {
    expect(() => parseConformanceArgs([])).toThrow('the driver executable is missing');
    expect(() => parseConformanceArgs(['./main.js'])).toThrow('"main.js" is not named berth-driver-NAME: give --driver NAME');
    expect(() => parseConformanceArgs(['a', '--flag', 'novalue'])).toThrow('--flag takes NAME=VALUE, got "novalue"');
    expect(() => parseConformanceArgs(['a', '--driver'])).toThrow('--driver needs a value');
    expect(() => parseConformanceArgs(['a', '--timeout', 'soon'])).toThrow('--timeout takes a number of milliseconds, got "soon"');
    expect(() => parseConformanceArgs(['a', '--fast'])).toThrow('unknown option --fast');
    expect(() => parseConformanceArgs(['a', 'b'])).toThrow('unexpected argument "b"');
  });
});

import { describe, expect, it } from 'vitest';
import { DriverError } from './error-codes.js';
import type { Flag } from './flags.js';
import { readFlags } from './read-flags.js';

const FLAGS: Flag[] = [
  { name: 'my-region', type: 'string', usage: 'Region', envVar: 'MY_REGION', default: 'eu-1' },
  { name: 'my-token', type: 'string', usage: 'Token', envVar: 'MY_TOKEN' },
  { name: 'my-disk-size', type: 'int', usage: 'Disk size (MB)', envVar: 'MY_DISK_SIZE', default: 20_000 },
  { name: 'my-cpus', type: 'int', usage: 'CPUs' },
  { name: 'my-private', type: 'bool', usage: 'Private network only', envVar: 'MY_PRIVATE' },
  { name: 'my-tags', type: 'stringSlice', usage: 'Tags', envVar: 'MY_TAGS', default: ['berth'] },
];

function invalid(fn: () => unknown): DriverError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DriverError) return err;
    throw err;
  }
  throw new Error('expected a DriverError');
}

describe('readFlags', () => {
  it('returns the values given, typed', () => {
    const read = readFlags(FLAGS, { 'my-region': 'us-2', 'my-disk-size': 5, 'my-private': true, 'my-tags': ['a', 'b'] }, { env: {} });
    expect([read.string('my-region'), read.int('my-disk-size'), read.bool('my-private'), read.stringSlice('my-tags')])
      .toEqual(['us-2', 5, true, ['a', 'b']]);
  });

  it('falls back to the env var, then the declared default, then the zero value', () => {
    const env = { MY_REGION: 'ap-3', MY_DISK_SIZE: '40000', MY_PRIVATE: 'true', MY_TAGS: 'x, y,,z' };
    const fromEnv = readFlags(FLAGS, {}, { env });
    expect([fromEnv.string('my-region'), fromEnv.int('my-disk-size'), fromEnv.bool('my-private'), fromEnv.stringSlice('my-tags')])
      .toEqual(['ap-3', 40_000, true, ['x', 'y', 'z']]);
    const defaults = readFlags(FLAGS, {}, { env: { MY_REGION: '' } });
    expect([defaults.string('my-region'), defaults.int('my-disk-size'), defaults.stringSlice('my-tags')]).toEqual(['eu-1', 20_000, ['berth']]);
    expect([defaults.string('my-token'), defaults.int('my-cpus'), defaults.bool('my-private')]).toEqual(['', 0, false]);
  });

  it('reads process.env by default', () => {
    process.env['MY_TOKEN'] = 'from-process-env';
    try {
      expect(readFlags(FLAGS, {}).string('my-token')).toBe('from-process-env');
    } finally {
      delete process.env['MY_TOKEN'];
    }
  });

  it('a given value wins over the env var, even an empty one', () => {
    expect(readFlags(FLAGS, { 'my-region': '' }, { env: { MY_REGION: 'ap-3' } }).string('my-region')).toBe('');
  });

  it('answers INVALID_CONFIG naming the flag for a value of the wrong type', () => {
    expect(invalid(() => readFlags(FLAGS, { 'my-disk-size': '20' }, { env: {} }).int('my-disk-size')))
      .toMatchObject({ code: 'INVALID_CONFIG', message: '--my-disk-size must be a whole number, got "20"' });
    expect(invalid(() => readFlags(FLAGS, { 'my-disk-size': 1.5 }, { env: {} }).int('my-disk-size'))).toMatchObject({ code: 'INVALID_CONFIG' });
    expect(invalid(() => readFlags(FLAGS, { 'my-private': 'yes' }, { env: {} }).bool('my-private')))
      .toMatchObject({ message: '--my-private must be true or false, got "yes"' });
    expect(invalid(() => readFlags(FLAGS, { 'my-tags': 'a' }, { env: {} }).stringSlice('my-tags'))).toMatchObject({ code: 'INVALID_CONFIG' });
    expect(invalid(() => readFlags(FLAGS, { 'my-region': 3 }, { env: {} }).string('my-region'))).toMatchObject({ code: 'INVALID_CONFIG' });
    expect(invalid(() => readFlags(FLAGS, {}, { env: { MY_DISK_SIZE: 'big' } }).int('my-disk-size')))
      .toMatchObject({ code: 'INVALID_CONFIG', message: 'MY_DISK_SIZE="big" is not a whole number (for --my-disk-size)' });
    expect(invalid(() => readFlags(FLAGS, {}, { env: { MY_PRIVATE: 'perhaps' } }).bool('my-private'))).toMatchObject({ code: 'INVALID_CONFIG' });
  });

  it('answers INVALID_CONFIG for a missing required flag, with a hint naming the env var', () => {
    const read = readFlags(FLAGS, { 'my-tags': [] }, { env: {} });
    expect(invalid(() => read.string('my-token', { required: true })))
      .toMatchObject({ code: 'INVALID_CONFIG', message: '--my-token is required', hint: 'Give --my-token or set MY_TOKEN.' });
    expect(invalid(() => read.int('my-cpus', { required: true, hint: 'How many?' }))).toMatchObject({ hint: 'How many?' });
    expect(invalid(() => read.stringSlice('my-tags', { required: true }))).toMatchObject({ code: 'INVALID_CONFIG' });
    expect(read.string('my-region', { required: true })).toBe('eu-1');
  });

  it('treats an undeclared flag or the wrong getter as a bug (plain Error)', () => {
    const read = readFlags(FLAGS, {}, { env: {} });
    expect(() => read.string('nope')).toThrow('readFlags: flag "nope" is not among the declared flags');
    expect(() => read.string('my-cpus')).toThrow('readFlags: flag "my-cpus" is declared as int, not string');
    expect(() => read.string('nope')).not.toThrow(DriverError);
  });
});

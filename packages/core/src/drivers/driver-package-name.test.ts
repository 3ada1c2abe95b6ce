import { describe, expect, it } from 'vitest';
import { driverPackageName, isScopedPackageFor, parseDriverPackageSpec } from './driver-package-name.js';

describe('parseDriverPackageSpec', () => {
  it.each([
    ['foo', { packageName: 'berth-driver-foo', driverName: 'foo' }],
    ['my-cloud', { packageName: 'berth-driver-my-cloud', driverName: 'my-cloud' }],
    ['@acme/foo', { packageName: '@acme/berth-driver-foo', driverName: 'foo', scope: 'acme' }],
    ['berth-driver-foo', { packageName: 'berth-driver-foo', driverName: 'foo' }],
    ['@acme/berth-driver-foo', { packageName: '@acme/berth-driver-foo', driverName: 'foo', scope: 'acme' }],
    ['foo@^1.2', { packageName: 'berth-driver-foo', driverName: 'foo', range: '^1.2' }],
    ['foo@latest', { packageName: 'berth-driver-foo', driverName: 'foo', range: 'latest' }],
    ['@acme/foo@1.x || 2', { packageName: '@acme/berth-driver-foo', driverName: 'foo', scope: 'acme', range: '1.x || 2' }],
    ['berth-driver-foo@2.0.0', { packageName: 'berth-driver-foo', driverName: 'foo', range: '2.0.0' }],
  ])('%s', (spec, expected) => {
    expect(parseDriverPackageSpec(spec)).toEqual(expected);
  });

  it.each([
    ['', 'a driver name is'],
    ['Foo', 'a driver name is'],
    ['foo bar', 'a driver name is'],
    ['../foo', 'a driver name is'],
    ['-foo', 'a driver name is'],
    ['foo--bar', 'a driver name is'],
    ['berth-driver-', 'a driver name is'],
    ['foo@', '"" is not a version range'],
    ['foo@ ', 'is not a version range'],
    ['foo@-1', 'is not a version range'],
    ['@acme', 'a driver name is'],
    ['@/foo', 'is not a valid npm scope'],
    ['@Acme/foo', 'is not a valid npm scope'],
    ['@acme/foo/bar', 'a driver name is'],
  ])('rejects %j with one line naming it', (spec, why) => {
    let error: unknown;
    try {
      parseDriverPackageSpec(spec);
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({ code: 'INVALID_DRIVER_NAME', message: expect.stringContaining(`"${spec}" is not a valid driver name`) });
    expect((error as Error).message).toContain(why);
    expect((error as Error).message).not.toContain('\n');
  });

  it('rejects names npm would refuse as too long', () => {
    expect(() => parseDriverPackageSpec('a'.repeat(210))).toThrow(/at most 214 characters/);
  });
});

describe('driverPackageName', () => {
  it('maps short and scoped names, keeps full ones', () => {
    expect(driverPackageName('foo')).toBe('berth-driver-foo');
    expect(driverPackageName('@acme/foo')).toBe('@acme/berth-driver-foo');
    expect(driverPackageName('@acme/berth-driver-foo')).toBe('@acme/berth-driver-foo');
  });
  it('refuses a range', () => {
    expect(() => driverPackageName('foo@1')).toThrow(/without a version range/);
  });
});

describe('isScopedPackageFor', () => {
  it('matches @scope/berth-driver-NAME only', () => {
    expect(isScopedPackageFor('@acme/berth-driver-foo', 'foo')).toBe(true);
    expect(isScopedPackageFor('berth-driver-foo', 'foo')).toBe(false);
    expect(isScopedPackageFor('@acme/berth-driver-foobar', 'foo')).toBe(false);
    expect(isScopedPackageFor('@acme/foo', 'foo')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { BerthError } from '../errors.js';
import { describeUnavailableDriver, driverNotFoundError } from './driver-not-found.js';

describe('describeUnavailableDriver', () => {
  it('gives ls a short line naming the install command for a driver that is nowhere', () => {
    const err = driverNotFoundError('foo', { envName: 'BERTH_DRIVER_FOO_PATH', driversDir: '/s/drivers' });
    expect(describeUnavailableDriver(err)).toBe('driver "foo" not found: install it with berth driver install foo');
  });
  it('keeps any other error\'s message, on one line', () => {
    const err = new BerthError('DRIVER_START_FAILED', 'Driver "x" exited (exit code 1) before answering initialize; its last stderr lines:\n  boom');
    expect(describeUnavailableDriver(err)).toBe('Driver "x" exited (exit code 1) before answering initialize; its last stderr lines:   boom');
  });
});

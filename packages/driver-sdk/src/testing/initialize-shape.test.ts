import { describe, expect, it } from 'vitest';
import { describeInitializeProblems } from './initialize-shape.js';

const good = {
  protocolVersion: 1,
  driver: { name: 'none', version: '0.1.0' },
  capabilities: { provision: false, start: false, stop: false, restart: false, kill: false },
  createFlags: [{ name: 'url', type: 'string', usage: 'URL', default: '' }],
};

describe('describeInitializeProblems', () => {
  it('finds nothing wrong with a correct answer', () => {
    expect(describeInitializeProblems(good, 'none')).toEqual([]);
  });

  it('names every problem', () => {
    expect(describeInitializeProblems({
      protocolVersion: '1',
      driver: { name: 'other', version: '' },
      capabilities: { provision: true, start: 'yes' },
      createFlags: [{ name: 'url', type: 'string', usage: 'u' }, { name: 'url', type: 'str', usage: 'u' }],
    }, 'none')).toEqual([
      'protocolVersion is "1", but the host offered [1]',
      'driver.name is "other", but the driver was started as "none" (BERTH_DRIVER_NAME)',
      'driver.version is "", not a non-empty string',
      'capabilities start, stop, restart, kill must be true or false (got {"provision":true,"start":"yes"})',
      'createFlags: flag "url": type must be one of string, int, bool, stringSlice, got "str"',
      'createFlags declares "url" more than once',
    ]);
    expect(describeInitializeProblems([], 'none')).toEqual(['the result [] is not an object']);
    expect(describeInitializeProblems({ ...good, driver: null, capabilities: undefined, createFlags: {} }, 'none')).toEqual([
      'driver is null, not {name, version}',
      'capabilities is undefined, not {provision, start, stop, restart, kill}',
      'createFlags is {}, not an array of flags',
    ]);
  });
});

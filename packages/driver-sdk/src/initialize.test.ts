import { describe, expect, it } from 'vitest';
import type { Driver } from './driver.js';
import { DriverError } from './error-codes.js';
import { answerInitialize, negotiateProtocolVersion, parseInitializeParams, resolveCapabilities } from './initialize.js';

const base: Driver = {
  name: 'test',
  version: '1.0.0',
  createFlags: [],
  configFromFlags: async () => ({}),
  create: async () => ({}),
  remove: async () => {},
  getState: async () => 'Running',
  getURL: async () => '',
  getIP: async () => '',
  getSSHInfo: async () => ({ host: '', port: 22, user: '', keyPath: '' }),
};

describe('negotiateProtocolVersion', () => {
  it('picks the highest version both sides speak', () => {
    expect(negotiateProtocolVersion([1, 2, 3], [2, 3, 4])).toBe(3);
    expect(negotiateProtocolVersion([3, 1], [1, 3])).toBe(3);
    expect(negotiateProtocolVersion([1], [1])).toBe(1);
  });

  it('is undefined when they share none', () => {
    expect(negotiateProtocolVersion([2], [1])).toBeUndefined();
    expect(negotiateProtocolVersion([], [1])).toBeUndefined();
  });
});

describe('resolveCapabilities', () => {
  it('defaults lifecycle capabilities to whether the method exists, provision to true', () => {
    expect(resolveCapabilities({ ...base, start: async () => {}, kill: async () => {} }))
      .toEqual({ provision: true, start: true, stop: false, restart: false, kill: true });
  });

  it('lets the driver override them', () => {
    expect(resolveCapabilities({ ...base, start: async () => {}, capabilities: { provision: false, start: false } }))
      .toEqual({ provision: false, start: false, stop: false, restart: false, kill: false });
  });
});

describe('parseInitializeParams / answerInitialize', () => {
  it('defaults a missing or unknown log level to info', () => {
    expect(parseInitializeParams({ protocolVersions: [1], logLevel: 'loud' })).toEqual({
      protocolVersions: [1], host: { name: 'unknown', version: 'unknown' }, logLevel: 'info',
    });
  });

  it('throws PROTOCOL_MISMATCH naming both lists', () => {
    const params = parseInitializeParams({ protocolVersions: [5, 6], host: { name: 'berth', version: '9.9.9' } });
    let thrown: unknown;
    try {
      answerInitialize(base, params);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(DriverError);
    expect(thrown).toMatchObject({ code: 'PROTOCOL_MISMATCH' });
    expect((thrown as Error).message).toBe(
      'berth 9.9.9 speaks driver protocol versions [5, 6], but the test driver 1.0.0 speaks [1]: they share none',
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { Flag } from '../flags.js';
import { hostFlagValues } from './host-flags.js';

const DECLARED: Flag[] = [
  { name: 'x-name', type: 'string', usage: '' },
  { name: 'x-port', type: 'int', usage: '', default: 22 },
  { name: 'x-debug', type: 'bool', usage: '' },
  { name: 'x-tags', type: 'stringSlice', usage: '', default: ['a'] },
];

describe('hostFlagValues', () => {
  it('sends every declared flag: given, else default, else zero value; undeclared given flags pass through', () => {
    expect(hostFlagValues(DECLARED, { 'x-name': 'n', 'swarm-master': true })).toEqual({
      'x-name': 'n', 'x-port': 22, 'x-debug': false, 'x-tags': ['a'], 'swarm-master': true,
    });
  });

  it('converts strings for int, bool and stringSlice flags as the CLI does', () => {
    expect(hostFlagValues(DECLARED, { 'x-port': '2222', 'x-debug': 'true', 'x-tags': 'b, c' }))
      .toMatchObject({ 'x-port': 2222, 'x-debug': true, 'x-tags': ['b', 'c'] });
    expect(() => hostFlagValues(DECLARED, { 'x-port': 'ssh' })).toThrow('createFlags: "ssh" is not a value of the int flag "x-port"');
  });

  it('skips invalid declarations (the handshake check reports them)', () => {
    expect(hostFlagValues([{ name: 'Bad Name', type: 'int', usage: '' }, 'junk'], {})).toEqual({});
  });
});

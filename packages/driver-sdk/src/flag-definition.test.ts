import { describe, expect, it } from 'vitest';
import { describeFlagProblems, isFlagValueOfType, zeroFlagValue } from './flag-definition.js';

describe('describeFlagProblems', () => {
  it('finds nothing wrong with valid flags', () => {
    expect(describeFlagProblems({ name: 'generic-ssh-port', type: 'int', usage: 'SSH port', envVar: 'GENERIC_SSH_PORT', default: 22 })).toEqual([]);
    expect(describeFlagProblems({ name: 'url', type: 'string', usage: '' })).toEqual([]);
    expect(describeFlagProblems({ name: 'x2-tags', type: 'stringSlice', usage: 'Tags', default: ['a'] })).toEqual([]);
  });

  it('names each problem', () => {
    expect(describeFlagProblems({ name: '--SSH_Port', type: 'int', usage: 'u' })).toEqual([
      'flag "--SSH_Port": name must be kebab-case without leading dashes (e.g. "mydriver-disk-size"), got "--SSH_Port"',
    ]);
    expect(describeFlagProblems({ name: 'a', type: 'float', usage: 'u' })).toEqual(['flag "a": type must be one of string, int, bool, stringSlice, got "float"']);
    expect(describeFlagProblems({ name: 'a', type: 'int', usage: 'u', default: '22' })).toEqual(['flag "a": default "22" is not of type int']);
    expect(describeFlagProblems({ name: 'a', type: 'bool', default: 'true', envVar: '' })).toEqual([
      'flag "a": default "true" is not of type bool',
      'flag "a": usage must be a string, got undefined',
      'flag "a": envVar must be a non-empty string when present, got ""',
    ]);
    expect(describeFlagProblems('url')).toEqual(['a flag must be an object, not "url"']);
  });
});

describe('isFlagValueOfType / zeroFlagValue', () => {
  it('checks wire values per type', () => {
    expect([isFlagValueOfType('int', 3), isFlagValueOfType('int', 3.5), isFlagValueOfType('int', '3')]).toEqual([true, false, false]);
    expect([isFlagValueOfType('stringSlice', ['a']), isFlagValueOfType('stringSlice', [1]), isFlagValueOfType('bool', 0)]).toEqual([true, false, false]);
  });

  it('gives the zero value of each type', () => {
    expect((['string', 'int', 'bool', 'stringSlice'] as const).map(zeroFlagValue)).toEqual(['', 0, false, []]);
  });
});

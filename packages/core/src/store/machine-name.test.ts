import { describe, expect, it } from 'vitest';
import { compareBytes, compareMachineNames, validateMachineName } from './machine-name.js';

describe('validateMachineName', () => {
  it.each(['dev', 'a', '0', 'Web-1', 'build.example.com', 'a..b', 'x-', 'a'.repeat(253)])('accepts %j', (name) => {
    expect(() => validateMachineName(name, 'linux')).not.toThrow();
  });

  it.each(['', '.', '..', '-dev', '.hidden', 'a/b', '../etc', 'a\\b', 'a\0b', 'a b', 'dév', 'a_b', 'a:b'])(
    'rejects %j',
    (name) => {
      expect(() => validateMachineName(name, 'linux')).toThrow(expect.objectContaining({ code: 'INVALID_MACHINE_NAME' }));
    },
  );

  it('explains the rule and shows the name quoted', () => {
    expect(() => validateMachineName('my_box', 'linux')).toThrow(
      'Invalid machine name "my_box": allowed characters are 0-9 a-z A-Z . - and it must start with a letter or digit',
    );
    expect(() => validateMachineName('a\0b', 'linux')).toThrow('Invalid machine name "a\\u0000b"');
  });

  it('rejects names longer than 253 characters', () => {
    expect(() => validateMachineName('a'.repeat(254), 'linux')).toThrow(/254 characters long; the limit is 253/);
  });

  it('refuses Windows device names and trailing dots on Windows only', () => {
    for (const name of ['con', 'NUL', 'com1', 'lpt9', 'aux.example', 'dev.']) {
      expect(() => validateMachineName(name, 'win32')).toThrow(expect.objectContaining({ code: 'INVALID_MACHINE_NAME' }));
      expect(() => validateMachineName(name, 'linux')).not.toThrow();
    }
    expect(() => validateMachineName('console', 'win32')).not.toThrow();
  });
});

describe('compareMachineNames', () => {
  const sorted = (names: string[]) => [...names].sort(compareMachineNames);

  it('sorts digits numerically, like docker-machine ls', () => {
    expect(sorted(['dev10', 'dev2', 'dev1', 'dev', 'web'])).toEqual(['dev', 'dev1', 'dev2', 'dev10', 'web']);
    expect(sorted(['node-10-b', 'node-9-c', 'node-10-a'])).toEqual(['node-9-c', 'node-10-a', 'node-10-b']);
  });

  // naturalsort chunks with `^([^0-9]*)+|[0-9]+`: the leading non-digits, then only the digit runs.
  it('compares only the leading letters and the digit runs, as naturalsort chunks them', () => {
    expect(sorted(['a1b10', 'a1z5'])).toEqual(['a1z5', 'a1b10']);
    expect(sorted(['web-9-zz', 'web-10-aa', 'web-9-aa'])).toEqual(['web-9-aa', 'web-9-zz', 'web-10-aa']);
    expect(sorted(['10a', '9z', 'b', 'a5'])).toEqual(['9z', '10a', 'a5', 'b']);
    expect(sorted(['a1b', 'a1', 'a1a'])).toEqual(['a1', 'a1a', 'a1b']);
  });

  it('ignores case', () => {
    expect(sorted(['beta', 'Alpha', 'gamma', 'Delta'])).toEqual(['Alpha', 'beta', 'Delta', 'gamma']);
  });

  it('puts the shorter spelling of an equal number first', () => {
    expect(sorted(['a01', 'a1', 'a001'])).toEqual(['a1', 'a01', 'a001']);
  });

  it('compares numbers beyond int64 as text, as strconv.Atoi fails on them', () => {
    expect(compareMachineNames('a99999999999999999999', 'a100000000000000000000')).toBeGreaterThan(0);
    expect(compareMachineNames('a2', 'a10')).toBeLessThan(0);
  });

  it('keeps names that differ only by case apart, in a fixed order', () => {
    expect(sorted(['dev', 'Dev', 'DEV'])).toEqual(['DEV', 'Dev', 'dev']);
    expect(sorted(['Dev', 'dev', 'DEV'])).toEqual(['DEV', 'Dev', 'dev']);
    expect(compareMachineNames('dev', 'dev')).toBe(0);
  });
});

describe('compareBytes', () => {
  it("orders strings as Go does, by their UTF-8 bytes, surrogate pairs and U+E000-U+FFFF included", () => {
    const samples = ['', 'a', 'A', 'ab', 'a-b', 'a.b', 'm1', 'm10', 'm2', 'é', '\u00ff', '\ud7ff', '\ue000', '\uffff', '😀', '😀a', 'a😀', '\u{10000}', 'z'];
    for (const a of samples) {
      for (const b of samples) {
        const expected = Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
        expect([a, b, Math.sign(compareBytes(a, b))]).toEqual([a, b, expected]);
      }
    }
  });
});

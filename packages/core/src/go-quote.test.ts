import { describe, expect, it } from 'vitest';
import { goQuote } from './go-quote.js';

// Expected values are what Go 1.22's strconv.Quote (fmt's %q) prints for the same strings.
describe('goQuote', () => {
  it.each([
    ['', '""'],
    ['/home/me/.docker/machine/machines/dev/ca.pem', '"/home/me/.docker/machine/machines/dev/ca.pem"'],
    ['SSH key does not exist: "/nonexistent/key"', '"SSH key does not exist: \\"/nonexistent/key\\""'],
    ['C:\\Users\\me\\ca.pem', '"C:\\\\Users\\\\me\\\\ca.pem"'],
    ['a b', '"a b"'],
  ])('%j → %s', (text, quoted) => {
    expect(goQuote(text)).toBe(quoted);
  });

  it('uses the short escapes for \\a \\b \\f \\n \\r \\t \\v', () => {
    expect(goQuote('\x07\b\f\n\r\t\v')).toBe('"\\a\\b\\f\\n\\r\\t\\v"');
  });

  it('writes the other ASCII controls and DEL as \\x with two lower-case hex digits', () => {
    expect(goQuote('\x00\x01\x1b\x1f\x7f')).toBe('"\\x00\\x01\\x1b\\x1f\\x7f"');
  });

  it('keeps printable Unicode (letters, marks, symbols, emoji) as it is', () => {
    expect(goQuote('/tmp/héllo/日本/é/€/😀')).toBe('"/tmp/héllo/日本/é/€/😀"');
  });

  it('escapes non-printable Unicode: spaces other than U+0020, format characters, unassigned code points', () => {
    expect(goQuote('/tmp/a\u00a0b\x7fc\x01')).toBe('"/tmp/a\\u00a0b\\x7fc\\x01"');
    expect(goQuote('\u0085\u200b\u2028\u3000\ufeff\u0378')).toBe('"\\u0085\\u200b\\u2028\\u3000\\ufeff\\u0378"');
    expect(goQuote('\u{e0001}\u{10ffff}')).toBe('"\\U000e0001\\U0010ffff"');
  });

  it('escapes a lone surrogate as the replacement character', () => {
    expect(goQuote('a\ud800b')).toBe('"a\\ufffdb"');
  });
});

import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { contentTag, crc32InJS } from './content-tag.js';

describe('contentTag', () => {
  it('tells apart texts of the same length, and gives the same text the same tag', () => {
    const a = 'exports.commit = "1a2b3c4";';
    const b = 'exports.commit = "5d6e7f8";';
    expect(contentTag(a)).toBe(contentTag(a));
    expect(contentTag(a)).not.toBe(contentTag(b));
    expect(contentTag(a)).toMatch(/^[0-9a-f]{8}1b$/);
  });

  it("the fallback for Node before 20.15 computes zlib's CRC-32 of the UTF-8 bytes", () => {
    for (const text of ['', 'a', 'The quick brown fox jumps over the lazy dog', 'ünïcödé ✓ 🚢', 'x'.repeat(100_000)]) {
      expect(crc32InJS(text)).toBe(zlib.crc32(text));
    }
    expect(crc32InJS('The quick brown fox jumps over the lazy dog')).toBe(0x414fa339);
  });
});

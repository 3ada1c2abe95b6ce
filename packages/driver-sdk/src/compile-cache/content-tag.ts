import * as zlib from 'node:zlib';

/**
 * A short tag of a text for cache file names: its CRC-32 and length, in hex. Not a cryptographic
 * hash on purpose: it tells a new release's file from the old one, while anyone who can write the
 * cache folders can change the code anyway. Loading node:crypto for a SHA-1 took ~10 ms of every
 * process start, the driver's too (on the path of `ls` and `status`); node:zlib's CRC-32 takes ~5 ms
 * (4 to load, 0.7 per 170 KB of source).
 */
export function contentTag(text: string): string {
  const crc = typeof zlib.crc32 === 'function' ? zlib.crc32(text) : crc32InJS(text);
  return `${crc.toString(16).padStart(8, '0')}${text.length.toString(16)}`;
}

let table: Uint32Array | undefined;

/** The same CRC-32 (of the UTF-8 bytes) for Node before 20.15, which lacks zlib.crc32. */
export function crc32InJS(text: string): number {
  table ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, 'utf8')) crc = (table[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

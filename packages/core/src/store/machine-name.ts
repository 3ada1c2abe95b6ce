import { BerthError } from '../errors.js';

/** docker-machine's hostname pattern (libmachine/host ValidateHostName). */
const MACHINE_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9.-]*$/;

/** A DNS name's length limit; longer names are not valid hostnames and push lock paths past NAME_MAX. */
export const MACHINE_NAME_MAX_LENGTH = 253;

/** Device names Windows resolves anywhere in a path (`machines\con` is the console, not a folder). */
const WINDOWS_RESERVED_NAME = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

const NAME_HINT = 'Use a name like "dev", "web-1" or "build.example.com".';

/**
 * Throws INVALID_MACHINE_NAME unless `name` matches docker-machine's pattern. The pattern alone keeps
 * every name a single path segment inside the store: no `.`/`..`, no separators, no NUL. On Windows
 * reserved device names and trailing dots (which Windows strips) are refused as well.
 */
export function validateMachineName(name: string, platform: NodeJS.Platform = process.platform): void {
  const quoted = quote(name);
  if (name.length > MACHINE_NAME_MAX_LENGTH) {
    throw new BerthError(
      'INVALID_MACHINE_NAME',
      `Invalid machine name ${quoted}: it is ${name.length} characters long; the limit is ${MACHINE_NAME_MAX_LENGTH}`,
      { hint: NAME_HINT },
    );
  }
  if (!MACHINE_NAME_PATTERN.test(name)) {
    throw new BerthError(
      'INVALID_MACHINE_NAME',
      `Invalid machine name ${quoted}: allowed characters are 0-9 a-z A-Z . - and it must start with a letter or digit`,
      { hint: NAME_HINT },
    );
  }
  if (platform === 'win32' && (WINDOWS_RESERVED_NAME.test(name) || name.endsWith('.'))) {
    throw new BerthError(
      'INVALID_MACHINE_NAME',
      `Invalid machine name ${quoted}: Windows reserves it as a device name or strips its trailing dot`,
      { hint: NAME_HINT },
    );
  }
}

/** JSON quoting shows control characters visibly; long names are shortened. */
function quote(name: string): string {
  const shown = name.length > 64 ? `${name.slice(0, 61)}...` : name;
  return JSON.stringify(shown);
}

/**
 * The `ls` order: docker-machine's natural sort (skarademir/naturalsort) of the lower-cased names.
 * docker-machine kept the rows in a map keyed by the lower-cased name, so "Dev" and "dev" collapsed
 * into one row; here both stay and the tie is broken by the original names in byte order.
 */
export function compareMachineNames(a: string, b: string): number {
  const byNatural = compareNatural(a, b);
  return byNatural !== 0 ? byNatural : compareBytes(a, b);
}

function compareNatural(a: string, b: string): number {
  const x = naturalKey(a);
  const y = naturalKey(b);
  if (naturalLess(x, y)) return -1;
  if (naturalLess(y, x)) return 1;
  return 0;
}

/**
 * naturalsort's chunks: regexp.MustCompilePOSIX(`^([^0-9]*)+|[0-9]+`).FindAllString, i.e. the leading run
 * of non-digits and then every run of digits. Later non-digit runs are not chunks at all, so `a1z5`
 * ([a 1 5]) sorts before `a1b10` ([a 1 10]).
 */
const CHUNK = /^[^0-9]+|[0-9]+/g;
const INT64_MAX = 9223372036854775807n;

/** The leading non-digits or a run of digits, with its value when it is an int64 (strconv.Atoi). */
interface Chunk {
  text: string;
  int: bigint | undefined;
}

/** A name lower-cased and split into chunks (spaces removed), as naturalsort compares it. */
interface NaturalKey {
  lower: string;
  chunks: Chunk[];
}

/**
 * Each name's key, made once: sorting 100 names compares each about 14 times, and splitting every
 * time was most of `ls`'s sort. Bounded, for long-running hosts of this library.
 */
const keyCache = new Map<string, NaturalKey>();
const KEY_CACHE_LIMIT = 10_000;

function naturalKey(name: string): NaturalKey {
  let key = keyCache.get(name);
  if (key === undefined) {
    if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear();
    const lower = name.toLowerCase();
    key = { lower, chunks: (lower.replaceAll(' ', '').match(CHUNK) ?? []).map((text) => ({ text, int: toInt64(text) })) };
    keyCache.set(name, key);
  }
  return key;
}

/** A port of naturalsort.NaturalSort.Less: spaces removed, runs of digits compared as int64. */
function naturalLess(a: NaturalKey, b: NaturalKey): boolean {
  const shortest = Math.min(a.chunks.length, b.chunks.length);
  for (let i = 0; i < shortest; i++) {
    const x = a.chunks[i] as Chunk;
    const y = b.chunks[i] as Chunk;
    if (x.text === y.text) continue;
    if (x.int !== undefined && y.int !== undefined) {
      return x.int === y.int ? x.text.length < y.text.length : x.int < y.int;
    }
    return compareBytes(x.text, y.text) < 0;
  }
  return compareBytes(a.lower, b.lower) < 0;
}

/** strconv.Atoi on a run of digits: undefined when it is not digits or overflows int64. */
function toInt64(chunk: string): bigint | undefined {
  if (!/^[0-9]+$/.test(chunk)) return undefined;
  const value = BigInt(chunk);
  return value <= INT64_MAX ? value : undefined;
}

/** Go's string comparison: byte order of the UTF-8 encodings. */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // UTF-16 order is code point (= UTF-8 byte) order, except that a surrogate (a code point above
    // U+FFFF) sorts below U+E000-U+FFFF in UTF-16 and above them in UTF-8.
    if (isSurrogate(x) !== isSurrogate(y) && Math.max(x, y) >= 0xe000) return isSurrogate(x) ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : 1;
}

function isSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdfff;
}

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
  const byNatural = compareNatural(a.toLowerCase(), b.toLowerCase());
  return byNatural !== 0 ? byNatural : compareBytes(a, b);
}

function compareNatural(a: string, b: string): number {
  if (naturalLess(a, b)) return -1;
  if (naturalLess(b, a)) return 1;
  return 0;
}

const CHUNK = /[^0-9]+|[0-9]+/g;
const INT64_MAX = 9223372036854775807n;

/** A port of naturalsort.NaturalSort.Less: spaces removed, runs of digits compared as int64. */
function naturalLess(a: string, b: string): boolean {
  const chunksA = a.replaceAll(' ', '').match(CHUNK) ?? [];
  const chunksB = b.replaceAll(' ', '').match(CHUNK) ?? [];
  const shortest = Math.min(chunksA.length, chunksB.length);
  for (let i = 0; i < shortest; i++) {
    const x = chunksA[i] as string;
    const y = chunksB[i] as string;
    if (x === y) continue;
    const intX = toInt64(x);
    const intY = toInt64(y);
    if (intX !== undefined && intY !== undefined) {
      return intX === intY ? x.length < y.length : intX < intY;
    }
    return compareBytes(x, y) < 0;
  }
  return compareBytes(a, b) < 0;
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
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

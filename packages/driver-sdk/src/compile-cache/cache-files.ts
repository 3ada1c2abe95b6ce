import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Script } from 'node:vm';
import type { CacheDir, CacheLocations } from './cache-locations.js';
import { contentTag } from './content-tag.js';

/** A bundle file compiled without a usable cache: its cache is written at exit, under `name`. */
export interface PendingCache {
  name: string;
  script: Script;
}

/** Caches not rewritten for this long are dropped when a cache is written beside them (old versions' chunks). */
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;

/**
 * The cache file's name for a bundle file: its name, a tag of its folder, V8's version and a hash of
 * its source. V8 itself only compares the source's length, and a file's size and mtime do not tell
 * versions apart: a new release's entry file often has the old one's size (only the hashed chunk
 * names inside it changed), and many installs give files a fixed mtime (the Nix store's 1, the npm
 * tarball's 1985-10-26 when it is unpacked with `tar`, reproducible builds' SOURCE_DATE_EPOCH). The
 * folder's tag keeps two bundles that share the user's cache folder (the CLI's and a driver's
 * `main.cjs`) from replacing each other's caches.
 */
function cacheFileName(locations: CacheLocations, filename: string, source: string): string {
  return `${basename(filename)}.${locations.bundleTag}.${process.versions.v8}.${contentTag(source)}.cache`;
}

/**
 * The cache for a bundle file: its name (taken now, from the source being compiled, so that a file
 * rebuilt while the program runs never gets this run's cache under its new name) and its data, if any.
 */
export function readCache(locations: CacheLocations, filename: string, source: string): { name: string; data: Buffer | undefined } {
  const name = cacheFileName(locations, filename, source);
  for (const dir of locations.dirs) {
    try {
      return { name, data: readFileSync(join(dir.path, name)) };
    } catch {
      // not cached there
    }
  }
  return { name, data: undefined };
}

/** Best effort, at exit: each file's cache goes into the first folder that takes it. */
export function writeCaches(locations: CacheLocations, pending: readonly PendingCache[]): void {
  for (const { name, script } of pending) {
    let data: Buffer;
    try {
      data = script.createCachedData();
    } catch {
      continue;
    }
    for (const dir of locations.dirs) {
      if (writeInto(dir, name, data)) {
        pruneStale(dir.path, name);
        break;
      }
    }
  }
}

function writeInto(dir: CacheDir, name: string, data: Buffer): boolean {
  const temp = join(dir.path, `${name}.${process.pid}.tmp`);
  try {
    mkdirSync(dir.path, { recursive: true, mode: dir.mode });
    writeFileSync(temp, data, { mode: 0o644 & dir.mode });
    renameSync(temp, join(dir.path, name));
    return true;
  } catch {
    removeQuietly(temp);
    return false;
  }
}

/** Drops the same file's caches for other source or V8 versions, and caches nobody rewrote for a month. */
function pruneStale(dirPath: string, written: string): void {
  // `<file name>.<folder tag>.`: the same bundle file, whatever V8 version and source the cache was for.
  const file = written.slice(0, written.lastIndexOf(`.${process.versions.v8}.`) + 1);
  try {
    for (const entry of readdirSync(dirPath)) {
      if (entry === written) continue;
      const path = join(dirPath, entry);
      const isOtherVersion = entry.startsWith(file) && entry.endsWith('.cache');
      if (isOtherVersion || Date.now() - statSync(path).mtimeMs > MAX_AGE_MS) removeQuietly(path);
    }
  } catch {
    // another process pruned first, or the folder is not ours to tidy
  }
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // force covers a missing file, not a missing folder (ENOTDIR): nothing to remove either way
  }
}

import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { contentTag } from './content-tag.js';

/** Where a bundle's code caches are looked up, in order, and written (the first folder that takes them). */
export interface CacheLocations {
  /** The folder of the bundle's files; only files directly in it are cached. */
  bundleDir: string;
  /** A short hash of bundleDir, in every cache name: bundles sharing the user's folder keep apart. */
  bundleTag: string;
  /** Beside the bundle, shared by everyone who runs it; then the user's own cache folder. */
  dirs: readonly CacheDir[];
}

export interface CacheDir {
  path: string;
  /** 0755 beside the bundle (whoever can write there can change the code anyway); 0700 in a home. */
  mode: number;
}

export function cacheLocations(bundleDir: string, env: NodeJS.ProcessEnv): CacheLocations {
  const dirs: CacheDir[] = [{ path: join(bundleDir, '.compile-cache'), mode: 0o755 }];
  const userCache = userCacheDir(env);
  if (userCache) dirs.push({ path: join(userCache, 'berth', 'compile-cache'), mode: 0o700 });
  return { bundleDir, bundleTag: contentTag(bundleDir), dirs };
}

function userCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  if (env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME)) return env.XDG_CACHE_HOME;
  try {
    const home = env.HOME || homedir();
    return home ? join(home, '.cache') : undefined;
  } catch {
    return undefined; // no home directory (a system user): only the folder beside the bundle
  }
}

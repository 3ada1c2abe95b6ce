import Module, { createRequire } from 'node:module';
import { join } from 'node:path';

interface ModuleInternals {
  load(filename: string): void;
}
type ModuleConstructor = typeof Module & {
  new (id: string, parent?: Module): Module;
  _cache: Record<string, Module | undefined>;
};

/** One bundle file required by another: `./name.cjs`, as Rollup and esbuild write it. */
const BUNDLE_FILE = /^\.\/[^/\\]+\.cjs$/;

/**
 * The `require` every file of a bundle gets. A bundle file requiring another (`./chunk.cjs`) loads it
 * straight from the bundle's folder: Node's resolution (stat, realpath of each folder, the package
 * scope lookup) cost ~0.3 ms a file, and `berth env` loads fifteen. Everything else (built-ins,
 * external packages) goes to Node's own require, made once for the folder.
 */
export function makeBundleRequire(bundleDir: string, entry: string): NodeJS.Require {
  const nodeRequire = createRequire(entry);
  const cache = (Module as ModuleConstructor)._cache;
  const bundleRequire = ((id: string): unknown => {
    if (!BUNDLE_FILE.test(id)) return nodeRequire(id);
    const filename = join(bundleDir, id.slice(2));
    const cached = cache[filename];
    if (cached) return cached.exports;
    const loaded = new (Module as ModuleConstructor)(filename);
    cache[filename] = loaded;
    try {
      (loaded as unknown as ModuleInternals).load(filename);
    } catch (err) {
      delete cache[filename];
      // No such file: Node's require says so in its own words (MODULE_NOT_FOUND).
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && (err as NodeJS.ErrnoException).path === filename) return nodeRequire(id);
      throw err;
    }
    return loaded.exports;
  }) as NodeJS.Require;
  return Object.assign(bundleRequire, { resolve: nodeRequire.resolve, cache: nodeRequire.cache, main: nodeRequire.main, extensions: nodeRequire.extensions });
}

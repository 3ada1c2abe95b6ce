import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script, constants as vmConstants } from 'node:vm';
import { cacheLocations, type CacheLocations } from './cache-locations.js';
import { makeBundleRequire } from './bundle-require.js';
import { readCache, writeCaches, type PendingCache } from './cache-files.js';

/** Node's own compile step, which this replaces for the bundle's files. */
type Compile = (this: Module, content: string, filename: string) => unknown;
type ModuleWrapper = (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => unknown;

/**
 * Starts a CommonJS bundle (`entry` and the chunks beside it) with V8's code cache, so the commands
 * run at every shell prompt (`berth env`, `berth ls` and the driver it starts) skip parsing and
 * compiling the same code again each time. Node 20 has no compile cache of its own
 * (`module.enableCompileCache` arrived in Node 22), and caches made before the code runs
 * (v8-compile-cache) hold only the top level; this one is taken when the process exits, so it holds
 * every function the run compiled.
 *
 * The first run of each bundle file compiles as usual and writes
 * `<file>.<folder tag>.<V8 version>.<source hash>.cache` at exit; later runs hand it to V8, which
 * checks it against its own version and flags, and rejects it (a fresh one is written) on a mismatch.
 * The source hash is what keeps a new release from running an old release's code: V8 compares only
 * the source's length. Caches live beside the bundle in
 * `.compile-cache/` when that folder is writable, else in `$XDG_CACHE_HOME/berth/compile-cache`
 * (`~/.cache/...`, mode 0700). `BERTH_COMPILE_CACHE=0` turns it off. A cache that cannot be read or
 * written only costs the plain compile: nothing here ever fails the program.
 */
export function startWithCompileCache(entry: string, env: NodeJS.ProcessEnv = process.env): void {
  const require = createRequire(entry);
  const locations = env.BERTH_COMPILE_CACHE === '0' ? undefined : cacheLocations(dirname(entry), env);
  if (locations) hookBundleCompile(locations);
  require(entry);
}

function hookBundleCompile(locations: CacheLocations): void {
  const proto = Module.prototype as unknown as { _compile: Compile };
  const original = proto._compile;
  const pending: PendingCache[] = [];
  let bundleRequire: NodeJS.Require | undefined;
  proto._compile = function compileWithCache(this: Module, content: string, filename: string): unknown {
    if (dirname(filename) !== locations.bundleDir) return original.call(this, content, filename);
    // A `#!` line is only valid at the very start of a script: inside the module wrapper it becomes a comment.
    const source = content.startsWith('#!') ? `//${content}` : content;
    const cache = readCache(locations, filename, content);
    const script = new Script(Module.wrap(source), {
      filename,
      ...(cache.data ? { cachedData: cache.data } : {}),
      importModuleDynamically: vmConstants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    } as ConstructorParameters<typeof Script>[1]);
    if (!cache.data || script.cachedDataRejected) pending.push({ name: cache.name, script });
    const wrapper = script.runInThisContext({ displayErrors: true }) as ModuleWrapper;
    bundleRequire ??= makeBundleRequire(locations.bundleDir, filename);
    return wrapper.call(this.exports, this.exports, bundleRequire, this, filename, locations.bundleDir);
  };
  // Taken at exit: by then the cache holds every function this run compiled, not just the top level.
  process.once('exit', () => {
    try {
      writeCaches(locations, pending);
    } catch {
      // a cache is an optimisation: never let it change how the program ends
    }
  });
}

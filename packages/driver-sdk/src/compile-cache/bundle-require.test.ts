import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// The built module (run `pnpm build` first), started as start.cjs starts a bundle, in a child process.
const BUILT = fileURLToPath(new URL('../../dist/compile-cache/index.js', import.meta.url));

let work: string;
let bundle: string;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'berth-bundle-require-'));
  bundle = join(work, 'bundle');
  mkdirSync(bundle);
  writeFileSync(join(work, 'start.mjs'), `import { startWithCompileCache } from ${JSON.stringify(BUILT)};\nstartWithCompileCache(${JSON.stringify(join(bundle, 'main.cjs'))});\n`);
});

afterEach(() => rmSync(work, { recursive: true, force: true }));

function run(files: Record<string, string>): { stdout: string; stderr: string; status: number | null } {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(bundle, name), text);
  return spawnSync(process.execPath, [join(work, 'start.mjs')], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: work } });
}

describe('the require bundle files get', () => {
  it('loads a chunk once, however many files require it, with its own module and file name', () => {
    const result = run({
      'main.cjs': "const a = require('./a.cjs');\nconst shared = require('./shared.cjs');\nprocess.stdout.write(JSON.stringify({ same: a.shared === shared, count: shared.count(), file: shared.file, isModule: shared.isModule }));\n",
      'a.cjs': "exports.shared = require('./shared.cjs');\n",
      'shared.cjs': "let loads = (globalThis.loads ?? 0) + 1;\nglobalThis.loads = loads;\nexports.count = () => loads;\nexports.file = require('node:path').basename(__filename);\nexports.isModule = module.filename === __filename && module.exports === exports;\n",
    });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ same: true, count: 1, file: 'shared.cjs', isModule: true });
  });

  it('does not keep a chunk whose top level threw: the next require runs it again, as Node does', () => {
    const result = run({
      'main.cjs': "for (let i = 0; i < 2; i++) { try { require('./flaky.cjs'); } catch (err) { process.stdout.write(err.message + ';'); } }\nprocess.stdout.write(String(require('./flaky.cjs').attempt));\n",
      'flaky.cjs': "globalThis.attempt = (globalThis.attempt ?? 0) + 1;\nif (globalThis.attempt < 3) throw new Error('failed ' + globalThis.attempt);\nexports.attempt = globalThis.attempt;\n",
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('failed 1;failed 2;3');
  });

  it("skips Node's resolution for bundle files (the point of it)", () => {
    const result = run({
      'main.cjs':
        "const Module = require('node:module');\nconst seen = [];\nconst resolve = Module._resolveFilename;\n" +
        "Module._resolveFilename = function (request, ...rest) { seen.push(request); return resolve.call(this, request, ...rest); };\n" +
        "require('./a.cjs');\nrequire('node:path');\nprocess.stdout.write(JSON.stringify(seen));\n",
      'a.cjs': 'exports.a = 1;\n',
    });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).not.toContain('./a.cjs');
  });

  it('leaves built-ins, packages, other folders and require.resolve to Node', () => {
    mkdirSync(join(bundle, 'sub'));
    writeFileSync(join(bundle, 'sub', 'inner.cjs'), 'exports.inner = true;\n');
    const result = run({
      'main.cjs':
        "const resolved = require.resolve('./sub/inner.cjs');\n" +
        "process.stdout.write(JSON.stringify({ builtin: typeof require('node:os').cpus, nested: require('./sub/inner.cjs').inner, resolved: resolved.endsWith('inner.cjs'), missing: (() => { try { require('./nowhere.cjs'); } catch (err) { return err.code; } })() }));\n",
    });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ builtin: 'function', nested: true, resolved: true, missing: 'MODULE_NOT_FOUND' });
  });
});

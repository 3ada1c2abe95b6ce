import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// The built module (run `pnpm build` first), started the way berth's start.cjs does, in a child process:
// the cache hooks the module loader of the process it runs in.
const BUILT = fileURLToPath(new URL('../../dist/compile-cache/index.js', import.meta.url));

let work: string;
let bundle: string;
let home: string;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'berth-compile-cache-'));
  bundle = join(work, 'bundle');
  home = join(work, 'home');
  mkdirSync(bundle);
  mkdirSync(home);
  writeFileSync(join(bundle, 'main.cjs'), "const { greet } = require('./chunk.cjs');\nprocess.stdout.write(greet(process.argv[2] ?? 'world'));\n");
  writeFileSync(join(bundle, 'chunk.cjs'), "exports.greet = (name) => `hello ${name} from ${__filename.endsWith('chunk.cjs') ? 'chunk' : '?'}`;\n");
  writeFileSync(join(work, 'start.mjs'), `import { startWithCompileCache } from ${JSON.stringify(BUILT)};\nstartWithCompileCache(${JSON.stringify(join(bundle, 'main.cjs'))});\n`);
});

afterEach(() => rmSync(work, { recursive: true, force: true }));

function start(env: Record<string, string> = {}, arg?: string) {
  const result = spawnSync(process.execPath, [join(work, 'start.mjs'), ...(arg ? [arg] : [])], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: home, ...env },
  });
  return { ...result, output: result.stdout };
}

const cacheDir = () => join(bundle, '.compile-cache');
const cacheFiles = (dir = cacheDir()) => (existsSync(dir) ? readdirSync(dir).sort() : []);
const identity = (path: string) => {
  const s = statSync(path);
  return `${s.ino}:${s.mtimeMs}`;
};

describe('startWithCompileCache', () => {
  it('runs the bundle and writes one cache per file beside it at exit', () => {
    const run = start();
    expect(run.stderr).toBe('');
    expect(run.output).toBe('hello world from chunk');
    const files = cacheFiles();
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(new RegExp(`^chunk\\.cjs\\.[0-9a-f]{9,}\\.${process.versions.v8.replace(/\./g, '\\.')}\\.[0-9a-f]{9,}\\.cache$`));
    expect(files[1]).toMatch(/^main\.cjs\./);
  });

  it('uses an accepted cache as it is: a second run writes nothing', () => {
    start();
    const before = cacheFiles().map((f) => identity(join(cacheDir(), f)));
    const run = start({}, 'again');
    expect(run.output).toBe('hello again from chunk');
    expect(cacheFiles().map((f) => identity(join(cacheDir(), f)))).toEqual(before);
  });

  it('replaces a cache V8 rejects, and the program runs as if there were none', () => {
    start();
    const main = join(cacheDir(), cacheFiles()[1] as string);
    writeFileSync(main, Buffer.alloc(64, 7));
    const run = start();
    expect(run.output).toBe('hello world from chunk');
    expect(readFileSync(main).length).toBeGreaterThan(64);
  });

  it('never uses a cache made for other source: a changed file gets a new cache and the old one goes', () => {
    start();
    const old = cacheFiles();
    writeFileSync(join(bundle, 'chunk.cjs'), "exports.greet = (name) => `bye ${name} from ${__filename.endsWith('chunk.cjs') ? 'chunk' : '?'}`;\n");
    utimesSync(join(bundle, 'chunk.cjs'), new Date(), new Date(Date.now() + 5000));
    const run = start();
    expect(run.output).toBe('bye world from chunk');
    const now = cacheFiles();
    expect(now).toHaveLength(2);
    expect(now.find((f) => f.startsWith('chunk.cjs.'))).not.toBe(old.find((f) => f.startsWith('chunk.cjs.')));
    expect(now.find((f) => f.startsWith('main.cjs.'))).toBe(old.find((f) => f.startsWith('main.cjs.')));
  });

  it('never uses a cache made for other source of the same size and mtime (as a fixed-mtime install of a new release)', () => {
    const chunk = join(bundle, 'chunk.cjs');
    const installed = new Date('1985-10-26T08:15:00Z');
    utimesSync(chunk, installed, installed);
    start();
    writeFileSync(chunk, readFileSync(chunk, 'utf8').replace('hello', 'howdy'));
    utimesSync(chunk, installed, installed);
    expect(start().output).toBe('howdy world from chunk');
    expect(cacheFiles().filter((f) => f.startsWith('chunk.cjs.'))).toHaveLength(1);
  });

  it("keeps apart two bundles' files of the same name in the user's cache folder", () => {
    const other = join(work, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'main.cjs'), "process.stdout.write('other');\n");
    writeFileSync(join(work, 'other.mjs'), `import { startWithCompileCache } from ${JSON.stringify(BUILT)};\nstartWithCompileCache(${JSON.stringify(join(other, 'main.cjs'))});\n`);
    writeFileSync(cacheDir(), 'not a folder');
    writeFileSync(join(other, '.compile-cache'), 'not a folder');
    const xdg = join(work, 'xdg');
    const fallback = join(xdg, 'berth', 'compile-cache');
    const runOther = () => spawnSync(process.execPath, [join(work, 'other.mjs')], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: home, XDG_CACHE_HOME: xdg } });
    start({ XDG_CACHE_HOME: xdg });
    expect(runOther().stdout).toBe('other');
    expect(cacheFiles(fallback).filter((f) => f.startsWith('main.cjs.'))).toHaveLength(2);
    const before = cacheFiles(fallback).map((f) => identity(join(fallback, f)));
    start({ XDG_CACHE_HOME: xdg });
    runOther();
    expect(cacheFiles(fallback).map((f) => identity(join(fallback, f)))).toEqual(before);
  });

  it("falls back to the user's cache folder (0700) when the bundle's folder takes no cache", () => {
    writeFileSync(cacheDir(), 'not a folder');
    const xdg = join(work, 'xdg');
    const run = start({ XDG_CACHE_HOME: xdg });
    expect(run.output).toBe('hello world from chunk');
    const fallback = join(xdg, 'berth', 'compile-cache');
    expect(cacheFiles(fallback)).toHaveLength(2);
    expect(statSync(fallback).mode & 0o777).toBe(0o700);
    expect(statSync(join(fallback, cacheFiles(fallback)[0] as string)).mode & 0o777).toBe(0o600);
    const before = cacheFiles(fallback).map((f) => identity(join(fallback, f)));
    start({ XDG_CACHE_HOME: xdg });
    expect(cacheFiles(fallback).map((f) => identity(join(fallback, f)))).toEqual(before);
  });

  it('runs without any cache when no folder takes one', () => {
    writeFileSync(cacheDir(), 'not a folder');
    writeFileSync(join(home, '.cache'), 'not a folder either');
    const run = start();
    expect(run.status).toBe(0);
    expect(run.output).toBe('hello world from chunk');
  });

  it('runs a bundle file that starts with a #! line, as Node does', () => {
    writeFileSync(join(bundle, 'main.cjs'), `#!/usr/bin/env node\n${readFileSync(join(bundle, 'main.cjs'), 'utf8')}`);
    expect(start().output).toBe('hello world from chunk');
    expect(start().output).toBe('hello world from chunk');
  });

  it('BERTH_COMPILE_CACHE=0 turns it off', () => {
    const run = start({ BERTH_COMPILE_CACHE: '0' });
    expect(run.output).toBe('hello world from chunk');
    expect(existsSync(cacheDir())).toBe(false);
  });

  it("lets the program's own errors through, naming the bundle file", () => {
    writeFileSync(join(bundle, 'chunk.cjs'), "throw new Error('broken chunk');\n");
    const run = start();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('broken chunk');
    expect(run.stderr).toContain(join(bundle, 'chunk.cjs'));
  });
});

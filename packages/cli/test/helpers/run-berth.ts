// Runs the built CLI as a child process with a controlled environment, and keeps track of every
// child, server and temp dir a test makes so `cleanup()` (called from afterEach) can end them even
// when the test failed half-way.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

export const BERTH_BIN = fileURLToPath(new URL('../../bin/berth.cjs', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export interface RunOptions {
  /** Passed as `-s STORE` before the arguments; omit to test other ways of choosing the store. */
  store?: string;
  /** Merged over the base environment; a key set to undefined is removed. */
  env?: Record<string, string | undefined>;
  /** Written to stdin, which is then closed (stdin is always closed: a prompt reads EOF otherwise). */
  input?: string;
  timeoutMs?: number;
  /** Working directory of the berth process (default: the test's). */
  cwd?: string;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const children = new Set<ChildProcess>();

/**
 * Things to close: `testScope` is emptied by `cleanup()` (afterEach), `suiteScope` by
 * `cleanupSuite()` (afterAll) for fixtures a whole file shares.
 */
export class Scope {
  private readonly closers: Array<() => Promise<void>> = [];
  add(fn: () => Promise<void>): void {
    this.closers.push(fn);
  }
  async close(): Promise<void> {
    const fns = this.closers.splice(0).reverse();
    await Promise.allSettled(fns.map((fn) => fn()));
  }
}
export const testScope = new Scope();
export const suiteScope = new Scope();

/** A temp dir removed when its scope closes. */
export async function tempDir(prefix = 'berth-e2e-', scope: Scope = testScope): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  scope.add(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Kills every berth child still running, closes the test's servers, removes its temp dirs. For afterEach. */
export async function cleanup(): Promise<void> {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
  await testScope.close();
}

/** For afterAll when a file shares fixtures made in beforeAll. */
export async function cleanupSuite(): Promise<void> {
  await cleanup();
  await suiteScope.close();
}

// One HOME per test file, removed after its tests. (Not on process exit: vitest ends its workers
// with a signal, which runs no exit handlers, and hundreds of these were left in /tmp.)
const home = mkdtempSync(join(tmpdir(), 'berth-home-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** The environment every run starts from: nothing of the developer's (no DOCKER_HOST, no BERTH_*). */
export function baseEnv(): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, SHELL: '/bin/bash', USER: 'tester', LANG: 'C' };
}

export const HOME_DIR = home;

export interface RunningBerth {
  child: ChildProcess;
  /** Resolves when the process has exited and its output is closed; rejects on timeout (after SIGKILL). */
  done: Promise<RunResult>;
}

/** Starts berth and returns at once (for tests that signal or watch the process while it runs). */
export function spawnBerth(args: readonly string[], options: RunOptions = {}): RunningBerth {
  const env: Record<string, string> = baseEnv();
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const argv = [BERTH_BIN, ...(options.store ? ['-s', options.store] : []), ...args];
  const child = spawn(process.execPath, argv, { env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin!.on('error', () => {});
  child.stdin!.end(options.input ?? '');
  const timeoutMs = options.timeoutMs ?? 30_000;
  const done = new Promise<RunResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`berth ${args.join(' ')} timed out after ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      children.delete(child);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done };
}

/** Runs berth to completion: `{code, stdout, stderr}`; killed (and rejected) after `timeoutMs` (30 s). */
export function runBerth(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return spawnBerth(args, options).done;
}

/** A fresh store path (the directory does not exist yet; berth makes it). */
export async function newStore(scope: Scope = testScope): Promise<string> {
  return join(await tempDir('berth-store-', scope), 'store');
}

/** `create -d none --url URL NAME` that must succeed. */
export async function createNone(store: string, name: string, url: string, extra: readonly string[] = []): Promise<RunResult> {
  const result = await runBerth(['create', '-d', 'none', '--url', url, ...extra, name], { store });
  if (result.code !== 0) throw new Error(`create ${name} failed (${result.code}): ${result.stdout}${result.stderr}`);
  return result;
}

export async function readJSON(path: string): Promise<any> {
  return JSON.parse(await readFile(path, 'utf8'));
}

/** Lines that look like a JS stack frame. */
export const STACK_LINE = /^\s+at /m;

const FIXTURE = join(REPO_ROOT, 'packages/core/test/fixtures/docker-machine-store');

/** Copies the docker-machine 0.16 store fixture to `target`, writing the real path where it says /STORE. */
export async function installDockerMachineFixture(target: string): Promise<void> {
  await cp(FIXTURE, target, { recursive: true });
  const escaped = JSON.stringify(target).slice(1, -1);
  const files = (await readdir(target, { recursive: true })).filter((f) => f.endsWith('.json'));
  for (const file of files) {
    const path = join(target, file);
    await writeFile(path, (await readFile(path, 'utf8')).replaceAll('/STORE', escaped));
  }
}

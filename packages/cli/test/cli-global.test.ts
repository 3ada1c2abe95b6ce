// Start-up behaviour and global flags (reference §1.1–1.3): unknown commands and flags, choosing the
// store, help, debug and stack traces.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, createNone, newStore, runBerth, STACK_LINE, tempDir } from './helpers/run-berth.js';

afterEach(cleanup);

const URL1 = 'tcp://127.0.0.1:2376';
const COMMANDS = ['active', 'config', 'create', 'env', 'inspect', 'ip', 'kill', 'ls', 'restart', 'rm', 'start', 'status', 'stop', 'url', 'version'];
const CREATE = ['create', '-d', 'none', '--url', URL1, 'm1'];
const configOf = (store: string) => join(store, 'machines', 'm1', 'config.json');

describe('commands and flags', () => {
  it('unknown command: the docker-machine line, exit 1', async () => {
    const r = await runBerth(['foo'], { store: await newStore() });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("berth: 'foo' is not a berth command. See 'berth --help'.\n");
  });

  it.each([
    [['ls', '--bogus']],
    [['env', '--bogus', 'm1']],
    [['inspect', '-z', 'm1']],
    [['create', '-d', 'none', '--url', URL1, '--bogus', 'm1']],
    [['--bogus', 'ls']],
  ])('unknown flag %j: exit 1, one line naming it', async (args) => {
    const store = await newStore();
    const r = await runBerth(args, { store });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--bogus|-z/);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(existsSync(configOf(store))).toBe(false);
  });

  it('no arguments prints the help, exit 0', async () => {
    const r = await runBerth([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Create and manage machines running Docker.');
  });

  it('--help lists every command', async () => {
    const r = await runBerth(['--help']);
    expect(r.code).toBe(0);
    for (const cmd of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${cmd}\\b`, 'm'));
  });

  // `create --help` is below: without -d it needs the default driver.
  it.each(COMMANDS.filter((c) => c !== 'create'))('%s --help exits 0 with its usage', async (cmd) => {
    const r = await runBerth([cmd, '--help'], { store: await newStore() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`berth ${cmd}`);
  });

  // Regression: `create --help` without -d asked the default driver (virtualbox) for its flags; when that
  // driver cannot be found the help request itself fails: exit 1, `Driver "virtualbox" not found: ...`
  // and no usage at all. Help should still print (at least the shared flags) and exit 0.
  it('create --help without -d exits 0 and shows the shared flags', async () => {
    const r = await runBerth(['create', '--help'], { store: await newStore() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('berth create');
    expect(r.stdout).toContain('--engine-label');
  });

  it('help COMMAND shows that command\'s usage', async () => {
    const r = await runBerth(['help', 'ls']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('berth ls');
    expect(r.stdout).toContain('--filter');
  });
});

describe('choosing the store', () => {
  it.each([
    ['--storage-path S', (s: string) => ['--storage-path', s]],
    ['--storage-path=S', (s: string) => [`--storage-path=${s}`]],
    ['-s S', (s: string) => ['-s', s]],
  ])('%s', async (_label, flag) => {
    const store = await newStore();
    const r = await runBerth([...flag(store), ...CREATE]);
    expect(r.code).toBe(0);
    expect(existsSync(configOf(store))).toBe(true);
    expect((await runBerth([...flag(store), 'ls', '-q'])).stdout).toBe('m1\n');
  });

  it.each([['BERTH_STORAGE_PATH'], ['MACHINE_STORAGE_PATH']])('$%s', async (variable) => {
    const store = await newStore();
    const r = await runBerth(CREATE, { env: { [variable]: store } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Creating CA: ${store}/certs/ca.pem`);
    expect(existsSync(configOf(store))).toBe(true);
    expect((await runBerth(['ls', '-q'], { env: { [variable]: store } })).stdout).toBe('m1\n');
    expect((await runBerth(['url', 'm1'], { env: { [variable]: store } })).stdout).toBe(`${URL1}\n`);
  });

  it('precedence: --storage-path, then BERTH_STORAGE_PATH, then MACHINE_STORAGE_PATH', async () => {
    const [flag, berthVar, machineVar] = [await newStore(), await newStore(), await newStore()];
    await createNone(flag, 'in-flag', URL1);
    await createNone(berthVar, 'in-berth', URL1);
    await createNone(machineVar, 'in-machine', URL1);
    const both = { BERTH_STORAGE_PATH: berthVar, MACHINE_STORAGE_PATH: machineVar };
    expect((await runBerth(['-s', flag, 'ls', '-q'], { env: both })).stdout).toBe('in-flag\n');
    expect((await runBerth(['ls', '-q'], { env: both })).stdout).toBe('in-berth\n');
    expect((await runBerth(['ls', '-q'], { env: { MACHINE_STORAGE_PATH: machineVar } })).stdout).toBe('in-machine\n');
  });

  it('defaults to ~/.berth', async () => {
    const home = await tempDir('berth-home2-');
    const r = await runBerth(CREATE, { env: { HOME: home } });
    expect(r.code).toBe(0);
    expect(existsSync(join(home, '.berth', 'machines', 'm1', 'config.json'))).toBe(true);
    expect((await runBerth(['ls', '-q'], { env: { HOME: home } })).stdout).toBe('m1\n');
  });

  it('the env hint names the store flag the user gave', async () => {
    const store = await newStore();
    await createNone(store, 'm1', URL1);
    const r = await runBerth(['--storage-path', store, 'env', '-u']);
    expect(r.stdout).toContain(`# eval $(berth --storage-path ${store} env -u)\n`);
  });
});

describe('errors and --debug', () => {
  it.each([
    [['inspect', 'nope']],
    [['url', 'nope']],
    [['rm', '-y', 'nope']],
    [['ls', '--filter', 'x=y']],
    [['ls', '--format', '{{']],
    [['create', '-d', 'none', 'm2']],
    [['create', '-d', 'none', '--url', URL1, 'm1']],
    [['create', '-d', 'none', '--url', URL1, 'bad_name']],
    [['env', '-u', 'm1']],
    [['active']],
    [['stop', 'm1']],
  ])('%j prints no stack trace without --debug', async (args) => {
    const store = await newStore();
    await createNone(store, 'm1', URL1);
    const r = await runBerth(args, { store });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toBe('');
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.stdout).not.toMatch(STACK_LINE);
  });

  it('an unexpected error (store path is a file): one line pointing at --debug; --debug shows the stack', async () => {
    const dir = await tempDir();
    const file = join(dir, 'not-a-dir');
    await writeFile(file, 'x');
    const r = await runBerth(['ls'], { store: file });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--debug');
    const d = await runBerth(['--debug', '-s', file, 'ls']);
    expect(d.code).toBe(1);
    expect(d.stderr).toMatch(STACK_LINE);
  });

  // Reference §1.1: a MACHINE_DEBUG that is not a Go boolean makes docker-machine print
  // `Error parsing boolean value from MACHINE_DEBUG: ...` and exit 1 (berth once ignored it).
  it('a non-boolean MACHINE_DEBUG is an error, exit 1', async () => {
    const r = await runBerth(['ls', '-q'], { store: await newStore(), env: { MACHINE_DEBUG: 'maybe' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error parsing boolean value from MACHINE_DEBUG');
  });
});

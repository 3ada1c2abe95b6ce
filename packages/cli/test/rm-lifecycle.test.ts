// `rm` (prompt, -y, -f) and start/stop/restart/kill on `none` machines (reference §1.4).
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, createNone, newStore, runBerth, STACK_LINE } from './helpers/run-berth.js';

afterEach(cleanup);

const URL1 = 'tcp://127.0.0.1:2376';
const WARNING = 'WARNING: This action will delete both local reference and remote instance.';
const PROMPT = 'Are you sure? (y/n): ';

async function storeWith(...names: string[]): Promise<string> {
  const store = await newStore();
  for (const name of names) await createNone(store, name, URL1);
  return store;
}
const machineDir = (store: string, name: string) => join(store, 'machines', name);

describe('rm', () => {
  it('-y removes without asking', async () => {
    const store = await storeWith('m1', 'm2');
    const r = await runBerth(['rm', '-y', 'm1'], { store });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`About to remove m1\n${WARNING}\nSuccessfully removed m1\n`);
    expect(existsSync(machineDir(store, 'm1'))).toBe(false);
    expect(existsSync(machineDir(store, 'm2'))).toBe(true);
    expect((await runBerth(['ls', '-q'], { store })).stdout).toBe('m2\n');
  });

  it('several names: one "About to remove" line, one success line each', async () => {
    const store = await storeWith('a', 'b', 'c');
    const r = await runBerth(['rm', '-y', 'a', 'c'], { store });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('About to remove a, c');
    expect(r.stdout).toContain('Successfully removed a\n');
    expect(r.stdout).toContain('Successfully removed c\n');
    expect((await runBerth(['ls', '-q'], { store })).stdout).toBe('b\n');
  });

  it.each([['n\n'], ['no\n'], ['\n'], ['']])('answering %j keeps the machine, exit 0', async (input) => {
    const store = await storeWith('m1');
    const r = await runBerth(['rm', 'm1'], { store, input });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`About to remove m1\n${WARNING}\n${PROMPT}`);
    expect(r.stdout).not.toContain('Successfully removed');
    expect(existsSync(join(machineDir(store, 'm1'), 'config.json'))).toBe(true);
  });

  it.each([['y\n'], ['Y\n'], ['yes\n'], ['YES please\n']])('answering %j removes it', async (input) => {
    const store = await storeWith('m1');
    const r = await runBerth(['rm', 'm1'], { store, input });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`About to remove m1\n${WARNING}\n${PROMPT}Successfully removed m1\n`);
    expect(existsSync(machineDir(store, 'm1'))).toBe(false);
  });

  it('-f removes a machine whose config.json is garbage, exit 0', async () => {
    const store = await storeWith('ok');
    await mkdir(machineDir(store, 'junk'));
    await writeFile(join(machineDir(store, 'junk'), 'config.json'), 'this is not json {{{');
    const r = await runBerth(['rm', '-f', 'junk'], { store });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Successfully removed junk\n');
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(existsSync(machineDir(store, 'junk'))).toBe(false);
    expect(existsSync(machineDir(store, 'ok'))).toBe(true);
  });

  it('-y (without -f) on a garbage config.json fails, exit 1, and keeps the dir', async () => {
    const store = await newStore();
    await mkdir(machineDir(store, 'junk'), { recursive: true });
    await writeFile(join(machineDir(store, 'junk'), 'config.json'), '');
    const r = await runBerth(['rm', '-y', 'junk'], { store });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('junk');
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(existsSync(machineDir(store, 'junk'))).toBe(true);
  });

  it('no arguments: rm\'s help on stdout, then "Expected to get one or more machine names", exit 1', async () => {
    const store = await storeWith('default');
    const r = await runBerth(['rm'], { store });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Usage: berth rm \[options\]/);
    expect(r.stdout).toContain('-f, --force');
    expect(r.stderr).toBe('Error: Expected to get one or more machine names as arguments\n');
    // rm does not fall back to "default"
    expect(existsSync(machineDir(store, 'default'))).toBe(true);
  });

  const notFound = (name: string) =>
    `Error removing host "${name}": Docker machine "${name}" does not exist. Use "berth ls" to list machines. Use "berth create" to add a new one.`;

  it('-y of a machine that does not exist: exit 1, docker-machine\'s "Error removing host" line', async () => {
    const store = await storeWith('m1');
    const r = await runBerth(['rm', '-y', 'ghost'], { store });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${notFound('ghost')}\n`);
    expect(existsSync(machineDir(store, 'm1'))).toBe(true);
  });

  it('-f of machines that do not exist: each gets "Error removing host" and "Can\'t remove", exit 0', async () => {
    const store = await storeWith('m1');
    const r = await runBerth(['rm', '-f', 'nosuch1', 'a..b'], { store });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`${notFound('nosuch1')}\nCan't remove "nosuch1"\n${notFound('a..b')}\nCan't remove "a..b"\n`);
    expect(existsSync(machineDir(store, 'm1'))).toBe(true);
  });

  // One bad name used to reject the whole removal while the others were still being removed.
  it('-f with a valid and an invalid name removes the valid one, reports the other, exit 0', async () => {
    const store = await storeWith('y', 'keep');
    const r = await runBerth(['rm', '-f', 'y', '../x'], { store });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`About to remove y, ../x\n${WARNING}\nSuccessfully removed y\n`);
    expect(r.stderr).toMatch(/^Error removing host "\.\.\/x": Invalid machine name "\.\.\/x"[^\n]*\nCan't remove "\.\.\/x"\n$/);
    expect(existsSync(machineDir(store, 'y'))).toBe(false);
    expect(existsSync(machineDir(store, 'keep'))).toBe(true);
  });

  it('-y with a valid and an invalid name removes the valid one, exit 1 naming the invalid one', async () => {
    const store = await storeWith('y2');
    const r = await runBerth(['rm', '-y', 'y2', 'bad_name'], { store });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Successfully removed y2\n');
    expect(r.stderr).toMatch(/^Error removing host "bad_name": Invalid machine name "bad_name"[^\n]*\n$/);
    expect(existsSync(machineDir(store, 'y2'))).toBe(false);
  });

  it('-y with one existing and one missing name removes the existing one, exit 1', async () => {
    const store = await storeWith('m1');
    const r = await runBerth(['rm', '-y', 'm1', 'ghost'], { store });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Successfully removed m1');
    expect(existsSync(machineDir(store, 'm1'))).toBe(false);
  });

  it('refuses a name that would leave the machines folder', async () => {
    const store = await storeWith('m1');
    await writeFile(join(store, 'keep.txt'), 'x');
    const r = await runBerth(['rm', '-f', '..'], { store });
    expect(existsSync(join(store, 'keep.txt'))).toBe(true);
    expect(existsSync(machineDir(store, 'm1'))).toBe(true);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });
});

describe('start, stop, restart, kill on a none machine', () => {
  // docker-machine: start first checks the state; `none` reports Running, so start says it already
  // runs (the driver's "cannot be started" is never reached). The others call the none driver.
  it.each([
    ['start', 'Starting "m1"...', 'Machine "m1" is already running.'],
    ['stop', 'Stopping "m1"...', 'hosts without a driver cannot be stopped'],
    ['restart', 'Restarting "m1"...', 'hosts without a driver cannot be restarted'],
    ['kill', 'Killing "m1"...', 'hosts without a driver cannot be killed'],
  ])('%s: exit 1 with the driver message', async (cmd, progress, message) => {
    const store = await storeWith('m1');
    const before = await import('node:fs/promises').then((fs) => fs.readFile(join(machineDir(store, 'm1'), 'config.json'), 'utf8'));
    const r = await runBerth([cmd, 'm1'], { store });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`${progress}\n`);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(STACK_LINE);
    const after = await import('node:fs/promises').then((fs) => fs.readFile(join(machineDir(store, 'm1'), 'config.json'), 'utf8'));
    expect(after).toBe(before);
  });

  it.each([['start'], ['stop'], ['restart'], ['kill']])('%s of an unknown machine: exit 1, does not exist', async (cmd) => {
    const store = await storeWith('m1');
    const r = await runBerth([cmd, 'ghost'], { store });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Docker machine "ghost" does not exist');
    expect(r.stdout).toBe('');
  });

  it('stop with several machines reports every failure', async () => {
    const store = await storeWith('a', 'b');
    const r = await runBerth(['stop', 'a', 'b'], { store });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Stopping "a"...');
    expect(r.stdout).toContain('Stopping "b"...');
    expect(r.stderr.match(/hosts without a driver cannot be stopped/g)).toHaveLength(2);
  });

  it('stop without a name uses "default"', async () => {
    const store = await storeWith('default');
    const r = await runBerth(['stop'], { store });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('Stopping "default"...\n');
    expect(r.stderr).toContain('hosts without a driver cannot be stopped');
  });
});

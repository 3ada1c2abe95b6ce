// provision, regenerate-certs and upgrade: argument handling and the prompt (reference §1.3, §1.4).
// Real provisioning runs against Debian hosts in the end-to-end suite; here `none` machines, which
// berth does not provision, show the commands reach the machines and fail cleanly.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, createNone, newStore, runBerth, STACK_LINE } from './helpers/run-berth.js';

afterEach(cleanup);

const URL1 = 'tcp://127.0.0.1:2376';
const PROMPT = 'Regenerate TLS machine certs?  Warning: this is irreversible. (y/n): ';
const NO_DEFAULT = 'Error: No machine name(s) specified and no "default" machine exists';

describe('regenerate-certs prompt', () => {
  it.each([[''], ['n\n'], ['no\n'], ['\n']])('answering %j does nothing, exit 0', async (input) => {
    const store = await newStore();
    await createNone(store, 'm1', URL1);
    const r = await runBerth(['regenerate-certs', 'm1'], { store, input });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(PROMPT);
    expect(r.stderr).toBe('');
  });

  it('"y" goes on to the machines', async () => {
    const store = await newStore();
    await createNone(store, 'm1', URL1);
    const r = await runBerth(['regenerate-certs', 'm1'], { store, input: 'y\n' });
    expect(r.stdout).toBe(`${PROMPT}Regenerating TLS certificates\n`);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Machine "m1" uses the none driver: berth does not provision it');
  });

  it('-f does not ask', async () => {
    const store = await newStore();
    await createNone(store, 'm1', URL1);
    const r = await runBerth(['regenerate-certs', '-f', 'm1'], { store });
    expect(r.stdout).toBe('Regenerating TLS certificates\n');
    expect(r.code).toBe(1);
  });

  it('--client-certs on a machine that cannot be provisioned leaves the CA alone', async () => {
    const store = await newStore();
    await createNone(store, 'm1', URL1);
    const r = await runBerth(['regenerate-certs', '-f', '--client-certs', 'm1'], { store });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('Regenerating local certificates');
  });
});

describe.each(['provision', 'regenerate-certs -f', 'upgrade'])('%s', (command) => {
  const cmd = command.split(' ');

  it('no name and no "default" machine', async () => {
    const store = await newStore();
    const r = await runBerth(cmd, { store });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(NO_DEFAULT);
  });

  it('falls back to the machine named "default"', async () => {
    const store = await newStore();
    await createNone(store, 'default', URL1);
    const r = await runBerth(cmd, { store });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Machine "default" uses the none driver');
  });

  it('an unknown machine stops everything', async () => {
    const store = await newStore();
    await createNone(store, 'm1', URL1);
    const r = await runBerth([...cmd, 'm1', 'nope'], { store });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Docker machine "nope" does not exist');
    expect(r.stderr).not.toContain('none driver');
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it('every machine is tried and the errors are joined', async () => {
    const store = await newStore();
    await createNone(store, 'a', URL1);
    await createNone(store, 'b', URL1);
    const r = await runBerth([...cmd, 'a', 'b'], { store });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Machine "a" uses the none driver');
    expect(r.stderr).toContain('Machine "b" uses the none driver');
  });
});

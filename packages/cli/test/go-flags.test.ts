// docker-machine's Go `flag` syntax (reference §1.1.6): long flags with one dash (`-debug`,
// `ls -quiet`, `inspect -format T`), and bools given a value (`--swarm=true`, `rm -f=true`,
// `--debug=false`), for the global flags, a command's flags and create's driver flags.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { storeWithEngine, type FakeEngine } from './helpers/fake-engine.js';
import { cleanup, cleanupSuite, createNone, newStore, readJSON, runBerth, STACK_LINE, suiteScope } from './helpers/run-berth.js';

let store: string;
let engine: FakeEngine;

beforeAll(async () => {
  ({ store, engine } = await storeWithEngine('dev', suiteScope));
});
afterEach(cleanup);
afterAll(cleanupSuite);

const URL1 = 'tcp://127.0.0.1:2376';
const configOf = (s: string, name: string) => readJSON(join(s, 'machines', name, 'config.json'));

describe('single-dash long flags', () => {
  it('-debug and -storage-path before the command', async () => {
    const r = await runBerth(['-debug', '-storage-path', store, 'url', 'dev']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${engine.url}\n`);
    // Debug is on: the driver's start is logged to stderr.
    expect(r.stderr).toContain('(none) started');
  });

  it('ls -quiet', async () => {
    const r = await runBerth(['ls', '-quiet'], { store });
    expect(r).toMatchObject({ code: 0, stdout: 'dev\n', stderr: '' });
  });

  it('inspect -format TEMPLATE NAME (not -f "ormat")', async () => {
    const r = await runBerth(['inspect', '-format', '{{.DriverName}}', 'dev'], { store });
    expect(r).toMatchObject({ code: 0, stdout: 'none\n', stderr: '' });
  });

  it('env -shell fish NAME', async () => {
    const r = await runBerth(['env', '-shell', 'fish', 'dev'], { store });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`set -gx DOCKER_HOST "${engine.url}";\n`);
    expect(r.stdout).toContain(`# eval (berth -s ${store} env -shell fish dev)\n`);
  });

  it('create -d none -url URL NAME: a driver flag, known only after the driver is asked', async () => {
    const s = await newStore();
    const r = await runBerth(['create', '-d', 'none', '-url', URL1, 'm1'], { store: s });
    expect(r.code).toBe(0);
    expect((await configOf(s, 'm1')).Driver.URL).toBe(URL1);
  });

  it('create -driver none and -engine-label', async () => {
    const s = await newStore();
    const r = await runBerth(['create', '-driver', 'none', '-url', URL1, '-engine-label', 'a=b', 'm1'], { store: s });
    expect(r.code).toBe(0);
    const config = await configOf(s, 'm1');
    expect(config.DriverName).toBe('none');
    expect(config.HostOptions.EngineOptions.Labels).toEqual(['a=b']);
  });
});

describe('bool flags with a value', () => {
  it('create --swarm=true turns it on, --swarm-master=false leaves it off', async () => {
    const s = await newStore();
    await createNone(s, 'm1', URL1, ['--swarm=true', '--swarm-master=false', '-swarm-experimental=1']);
    expect((await configOf(s, 'm1')).HostOptions.SwarmOptions).toMatchObject({ Agent: true, Master: false, IsExperimental: true });
  });

  it('the last value wins: --swarm --swarm=false is off', async () => {
    const s = await newStore();
    await createNone(s, 'm1', URL1, ['--swarm', '--swarm=false']);
    expect((await configOf(s, 'm1')).HostOptions.SwarmOptions).toMatchObject({ IsSwarm: false, Agent: false });
  });

  it('rm -f=true NAME', async () => {
    const s = await newStore();
    await createNone(s, 'm1', URL1);
    const r = await runBerth(['rm', '-y', '-f=true', 'm1'], { store: s });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Successfully removed m1');
    expect(existsSync(join(s, 'machines', 'm1'))).toBe(false);
  });

  it('--debug=true turns debug on, --debug=false leaves it off', async () => {
    const on = await runBerth(['--debug=true', '-s', store, 'url', 'dev']);
    expect(on.code).toBe(0);
    expect(on.stderr).toContain('(none) started');
    const off = await runBerth(['--debug=false', '-s', store, 'url', 'dev']);
    expect(off).toMatchObject({ code: 0, stdout: `${engine.url}\n`, stderr: '' });
  });

  it('a value that is not a Go bool: one line naming the flag, exit 1, nothing created', async () => {
    const s = await newStore();
    const r = await runBerth(['create', '-d', 'none', '--url', URL1, '--swarm=maybe', 'm1'], { store: s });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Incorrect Usage: invalid boolean value "maybe" for --swarm: use true or false. See \'berth create --help\'.\n');
    expect(existsSync(join(s, 'machines', 'm1'))).toBe(false);
  });
});

describe('unknown flags', () => {
  it.each([
    [['ls', '-uiet'], "Incorrect Usage: flag provided but not defined: -uiet. See 'berth ls --help'.\n"],
    // Go does not bundle one-letter flags, and the whole name is reported (commander said "-bogus").
    [['ls', '-qbogus'], "Incorrect Usage: flag provided but not defined: -qbogus. See 'berth ls --help'.\n"],
    [['env', '-shel', 'fish', 'dev'], "Incorrect Usage: flag provided but not defined: -shel. See 'berth env --help'.\n"],
    [['create', '-d', 'none', '-url', URL1, '-generic-ip-address', '1.2.3.4', 'm9'],
      "Incorrect Usage: flag provided but not defined: -generic-ip-address. See 'berth create --help'.\n"],
    // A flag before the sub-command is a global flag: the program's help, not the sub-command's.
    [['--bogus', 'ls'], "Incorrect Usage: flag provided but not defined: --bogus. See 'berth --help'.\n"],
    [['-bogus', 'ls'], "Incorrect Usage: flag provided but not defined: -bogus. See 'berth --help'.\n"],
  ])('%j', async (args, message) => {
    const r = await runBerth(args, { store });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(message);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(existsSync(join(store, 'machines', 'm9'))).toBe(false);
  });
});

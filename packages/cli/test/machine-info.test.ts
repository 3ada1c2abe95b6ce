// inspect, url, ip, status, active, config, version (reference §1.4), against one shared store whose
// machines point at a running fake engine; commands here only read the store.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deadPort, startHangingServer, storeWithEngine, type FakeEngine } from './helpers/fake-engine.js';
import { cleanup, cleanupSuite, createNone, newStore, REPO_ROOT, runBerth, STACK_LINE, suiteScope } from './helpers/run-berth.js';

let store: string;
let engine: FakeEngine;
let deadURL: string;

beforeAll(async () => {
  ({ store, engine } = await storeWithEngine('m1', suiteScope));
  await createNone(store, 'default', engine.url, ['--engine-label', 'env=test', '--engine-opt', 'debug=true']);
  deadURL = `tcp://127.0.0.1:${await deadPort()}`;
  await createNone(store, 'down', deadURL);
});
afterEach(cleanup);
afterAll(cleanupSuite);

const config = (name: string) => readFile(join(store, 'machines', name, 'config.json'), 'utf8');
const berth = (...args: string[]) => runBerth(args, { store });
const sortKeys = (v: unknown): unknown =>
  v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]))
    : v;
const UNKNOWN = 'Docker machine "x" does not exist. Use "berth ls" to list machines. Use "berth create" to add a new one.';

describe('inspect', () => {
  it('prints config.json as 4-space JSON', async () => {
    const r = await berth('inspect', 'm1');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const file = await config('m1');
    expect(r.stdout).toBe(`${file.trimEnd()}\n`);
    expect(r.stdout).toBe(`${JSON.stringify(JSON.parse(file), null, 4)}\n`);
  });

  it('-f renders a template over the JSON keys', async () => {
    expect((await berth('inspect', '-f', '{{.Driver.URL}}', 'm1')).stdout).toBe(`${engine.url}\n`);
    expect((await berth('inspect', '--format', '{{.DriverName}} {{.Name}}', 'm1')).stdout).toBe('none m1\n');
    expect((await berth('inspect', '-f', '{{.HostOptions.EngineOptions.TlsVerify}}', 'm1')).stdout).toBe('true\n');
  });

  // docker-machine feeds templates a map decoded from the JSON, and Go marshals maps with sorted keys.
  it('-f {{json .HostOptions.EngineOptions}} prints compact JSON of that object, keys sorted', async () => {
    const r = await berth('inspect', '-f', '{{json .HostOptions.EngineOptions}}', 'default');
    expect(r.code).toBe(0);
    const expected = JSON.parse(await config('default')).HostOptions.EngineOptions;
    expect(r.stdout).toBe(`${JSON.stringify(sortKeys(expected))}\n`);
    expect(JSON.parse(r.stdout)).toEqual(expected);
    expect(expected.Labels).toEqual(['env=test']);
    expect(expected.ArbitraryFlags).toEqual(['debug=true']);
  });

  it('-f {{prettyjson .Driver}} prints 4-space JSON, keys sorted', async () => {
    const r = await berth('inspect', '-f', '{{prettyjson .Driver}}', 'm1');
    expect(r.stdout).toBe(`${JSON.stringify(sortKeys(JSON.parse(await config('m1')).Driver), null, 4)}\n`);
  });

  it('an unknown machine: exit 1, "does not exist", one line', async () => {
    const r = await berth('inspect', 'x');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${UNKNOWN}\n`);
  });

  it('a bad template: exit 1, "template parsing error"', async () => {
    const r = await berth('inspect', '-f', '{{.Driver', 'm1');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('template parsing error');
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  // Reference §1.4: "More than one argument → help + `Error: Expected one machine name as an argument`".
  it('two names: exit 1, inspect\'s help on stdout, then "Expected one machine name as an argument"', async () => {
    const r = await berth('inspect', 'm1', 'default');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Usage: berth inspect \[options\]/);
    expect(r.stdout).toContain('--format <template>');
    expect(r.stderr).toBe('Error: Expected one machine name as an argument\n');
  });
});

describe('url, ip, status', () => {
  it('url prints the engine URL', async () => {
    expect(await berth('url', 'm1')).toMatchObject({ code: 0, stdout: `${engine.url}\n`, stderr: '' });
  });

  it('ip prints the host part of the URL, one line per machine', async () => {
    expect(await berth('ip', 'm1')).toMatchObject({ code: 0, stdout: '127.0.0.1\n', stderr: '' });
    const two = await berth('ip', 'm1', 'down');
    expect(two.code).toBe(0);
    expect(two.stdout).toBe('127.0.0.1\n127.0.0.1\n');
  });

  it('status prints Running', async () => {
    expect(await berth('status', 'm1')).toMatchObject({ code: 0, stdout: 'Running\n' });
  });

  it.each([['url'], ['ip'], ['status'], ['inspect']])('%s of an unknown machine: exit 1, does not exist', async (cmd) => {
    const r = await berth(cmd, 'x');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Docker machine "x" does not exist');
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it.each([['url'], ['ip'], ['status'], ['inspect', '-f', '{{.Name}}'], ['env']])(
    '%s without a name falls back to the machine named "default"',
    async (...args) => {
      const r = await berth(...args);
      expect(r.code).toBe(0);
      const expected: Record<string, string> = { url: `${engine.url}\n`, ip: '127.0.0.1\n', status: 'Running\n', inspect: 'default\n' };
      if (args[0] === 'env') expect(r.stdout).toContain('export DOCKER_MACHINE_NAME="default"\n');
      else expect(r.stdout).toBe(expected[args[0]]);
    },
  );

  it.each([['url'], ['ip'], ['status'], ['inspect'], ['config'], ['env'], ['stop']])(
    '%s without a name and without a "default" machine fails',
    async (cmd) => {
      const empty = await newStore();
      await createNone(empty, 'other', engine.url);
      const r = await runBerth([cmd], { store: empty });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        'Error: No machine name(s) specified and no "default" machine exists. Name a machine (`berth ls` lists them), or create one called "default".\n',
      );
    },
  );

  it.each([
    [['url', 'm1', 'x'], 'Error: Expected one machine name as an argument'],
    [['status', 'm1', 'x'], 'Error: Expected one machine name as an argument'],
    [['config', 'm1', 'x'], 'Error: Expected one machine name as an argument'],
    [['env', 'm1', 'extra'], 'Error: Expected one machine name as an argument'],
    [['version', 'm1', 'x'], 'Error: Expected one machine name as an argument'],
    [['env', '-u', 'm1'], 'Error: Expected no machine name when the -u flag is present'],
  ])('%j: the reference text, then a hint naming the command\'s help', async (args, message) => {
    const r = await berth(...args);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${message}. See 'berth ${args[0]} --help'.\n`);
  });

  // The load error's hint (what to do about the file) must survive the multi-machine runner.
  it('ip of a corrupt or future config keeps each load error\'s hint', async () => {
    const broken = await newStore();
    const { mkdir, writeFile } = await import('node:fs/promises');
    for (const [name, text] of [['corrupt', '{"ConfigVersion": 3,'], ['future', '{"ConfigVersion": 4, "Driver": {}}']]) {
      await mkdir(join(broken, 'machines', name), { recursive: true });
      await writeFile(join(broken, 'machines', name, 'config.json'), text);
    }
    const file = (name: string) => join(broken, 'machines', name, 'config.json');
    const corrupt =
      `Error getting migrated host: unexpected end of JSON input. ${file('corrupt')} is not valid JSON. ` +
      'Restore config.json.bak if there is one, or remove the machine with `berth rm -f corrupt`.';
    const future =
      'Error getting migrated host: config version is from the future -- you should upgrade your Docker Machine client. ' +
      `${file('future')} has config version 4; this berth reads versions 0 to 3. Upgrade berth, or manage this machine with the tool that wrote it.`;
    const one = await runBerth(['ip', 'corrupt'], { store: broken });
    expect(one).toMatchObject({ code: 1, stdout: '', stderr: `${corrupt}\n` });
    const two = await runBerth(['ip', 'corrupt', 'future'], { store: broken });
    expect(two).toMatchObject({ code: 1, stdout: '', stderr: `${corrupt}\n${future}\n` });
    // ls rows carry docker-machine's text alone (reference §4.2, §4.4).
    const rows = (await runBerth(['ls'], { store: broken })).stdout.split('\n');
    expect(rows[1]).toMatch(/^corrupt .* Error getting migrated host: unexpected end of JSON input$/);
    expect(rows[2]).toMatch(/^future .* Error getting migrated host: config version is from the future -- you should upgrade your Docker Machine client$/);
  });
});

describe('active', () => {
  it('prints the machine whose URL is $DOCKER_HOST', async () => {
    const r = await runBerth(['active'], { store, env: { DOCKER_HOST: engine.url } });
    expect(r.code).toBe(0);
    // m1 and default share the URL: the first in ls order wins.
    expect(r.stdout).toBe('default\n');
  });

  it('without a match: "No active host found", exit 1', async () => {
    const r = await runBerth(['active'], { store, env: { DOCKER_HOST: 'tcp://10.0.0.1:2376' } });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^No active host found/);
    const unset = await runBerth(['active'], { store });
    expect(unset.code).toBe(1);
    expect(unset.stderr).toMatch(/^No active host found/);
  });

  it('with a machine that does not answer in time: "Error getting active host: timeout", exit 1', async () => {
    const hungStore = await newStore();
    const hung = await startHangingServer();
    await createNone(hungStore, 'slow', hung.url);
    const r = await runBerth(['active', '-t', '1'], { store: hungStore, env: { DOCKER_HOST: 'tcp://10.0.0.1:2376' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error getting active host: timeout/);
  });

  it('rejects a positional argument', async () => {
    const r = await berth('active', 'm1');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Too many arguments');
  });
});

describe('config', () => {
  it('prints the five docker flags with quoted machine paths', async () => {
    const r = await berth('config', 'm1');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const dir = join(store, 'machines', 'm1');
    expect(r.stdout).toBe(
      [
        '--tlsverify',
        `--tlscacert="${dir}/ca.pem"`,
        `--tlscert="${dir}/cert.pem"`,
        `--tlskey="${dir}/key.pem"`,
        `-H=${engine.url}`,
        '',
      ].join('\n'),
    );
  });

  it('with the engine down: exit 1, nothing on stdout', async () => {
    const r = await berth('config', 'down');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Unable to query docker version');
  });

  // Reference §1.4 gives config's failure prefix as `Error running connection boilerplate: ...`
  // (env adds its own `Error checking TLS connection: ` prefix).
  it('with the engine down: the error says "Error running connection boilerplate"', async () => {
    const r = await berth('config', 'down');
    expect(r.stderr).toMatch(/^Error running connection boilerplate: /);
  });
});

describe('version', () => {
  // Reference §1.1.3/§1.1.5: `<app> version <Version>, build <GitCommit>`; the bundle carries the
  // short commit it was built from.
  it('without a name prints "berth version X, build COMMIT", as do --version, -v and -version', async () => {
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
    const r = await berth('version');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const commit = new RegExp(`^berth version ${pkg.version.replaceAll('.', '\\.')}, build ([0-9a-f]{7,40})\n$`).exec(r.stdout)?.[1];
    expect(commit, r.stdout).toBeDefined();
    // A commit of this repository.
    await promisify(execFile)('git', ['rev-parse', '--verify', `${commit}^{commit}`], { cwd: REPO_ROOT });
    for (const flag of ['--version', '-v', '-version']) expect((await berth(flag)).stdout, flag).toBe(r.stdout);
  });

  it('NAME prints the engine version from GET /version', async () => {
    const before = engine.requests.length;
    const r = await berth('version', 'm1');
    expect(r).toMatchObject({ code: 0, stdout: '24.0.7\n', stderr: '' });
    expect(engine.requests.slice(before)).toEqual([{ method: 'GET', path: expect.stringMatching(/\/version$/), authorized: true }]);
  });

  it('NAME with the engine down: exit 1, "Unable to query docker version"', async () => {
    const r = await berth('version', 'down');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Unable to query docker version: /);
  });
});

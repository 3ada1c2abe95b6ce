// `berth driver install|ls|inspect|rm|link|unlink` against tiny driver packages made here at test time
// (served by the built @berth/driver-sdk), installed with the real npm in offline mode with a private
// cache: nothing here reaches the network.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, cleanupSuite, newStore, REPO_ROOT, runBerth, spawnBerth, STACK_LINE, suiteScope, tempDir, type RunOptions } from './helpers/run-berth.js';

const SDK_URL = pathToFileURL(join(REPO_ROOT, 'packages/driver-sdk/dist/index.js')).href;

let packages: string;
let npmEnv: Record<string, string>;

/** A driver package directory: package.json with a berth manifest, and `main.mjs`. */
async function driverPackage(dirName: string, pkg: Record<string, unknown>, main: string): Promise<string> {
  const dir = join(packages, dirName);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ version: '1.0.0', type: 'module', ...pkg }, null, 2));
  await writeFile(join(dir, 'main.mjs'), main);
  return dir;
}

const manifest = (driver: string, protocol = [1]) => ({ protocol, drivers: { [driver]: './main.mjs' } });

/** A working driver built on serveDriver: machines are "Running" at an address where no engine listens. */
const tinyDriver = `import { serveDriver } from ${JSON.stringify(SDK_URL)};
serveDriver({
  name: 'tiny',
  version: '1.2.3',
  capabilities: { provision: false, start: false, stop: false, restart: false, kill: false },
  createFlags: [
    { name: 'tiny-size', type: 'int', usage: 'Size of the tiny machine', envVar: 'TINY_SIZE', default: 1 },
    { name: 'tiny-tag', type: 'stringSlice', usage: 'Tag for the machine' },
  ],
  async configFromFlags(machine, flags) { return { size: flags['tiny-size'] }; },
  async create(machine) { return machine.config; },
  async remove() {},
  async getState() { return 'Running'; },
  async getURL() { return 'tcp://127.0.0.1:9'; },
  async getIP() { return '127.0.0.1'; },
});
`;

let tiny: string;
let bad: string;

beforeAll(async () => {
  packages = await tempDir('berth-driver-packages-', suiteScope);
  npmEnv = { npm_config_offline: 'true', npm_config_cache: join(packages, 'npm-cache'), npm_config_update_notifier: 'false' };
  tiny = await driverPackage('tiny', { name: 'berth-driver-tiny', version: '1.2.3', berth: manifest('tiny') }, tinyDriver);
  bad = await driverPackage('bad', { name: 'berth-driver-bad', berth: manifest('bad') }, "process.stderr.write('loading settings\\nboom: no settings file\\n');\nprocess.exit(3);\n");
});
afterEach(cleanup);
afterAll(cleanupSuite);

function berth(store: string, args: string[], options: RunOptions = {}) {
  return runBerth(args, { store, timeoutMs: 60_000, ...options, env: { ...npmEnv, ...options.env } });
}

async function packTarball(dir: string): Promise<string> {
  const out = await tempDir('berth-tarball-');
  await promisify(execFile)('npm', ['pack', dir, '--pack-destination', out], { env: { ...process.env, ...npmEnv } });
  return join(out, 'berth-driver-tiny-1.2.3.tgz');
}

const nodeModules = (store: string, pkg: string) => join(store, 'drivers', 'node_modules', pkg);
const tableRows = (stdout: string) => stdout.trimEnd().split('\n').map((line) => line.trim().split(/\s{3,}/));

describe('berth driver install', () => {
  it('installs a package directory as a copy, and ls, inspect and create use it', async () => {
    const store = await newStore();
    const r = await berth(store, ['driver', 'install', tiny]);
    expect(r.stderr).toContain('Installing berth-driver-tiny with npm...');
    expect(r.stdout).toBe(`Installed driver "tiny" 1.2.3 (berth-driver-tiny) from ${tiny}\n`);
    expect(r.code).toBe(0);
    const project = JSON.parse(await readFile(join(store, 'drivers', 'package.json'), 'utf8'));
    expect(project).toMatchObject({ private: true, name: 'berth-drivers', dependencies: { 'berth-driver-tiny': expect.stringMatching(/^file:/) } });
    // A copy: changing the source afterwards changes nothing installed.
    expect(await readFile(join(nodeModules(store, 'berth-driver-tiny'), 'main.mjs'), 'utf8')).toBe(tinyDriver);

    const ls = await berth(store, ['driver', 'ls']);
    expect(ls.code).toBe(0);
    expect(tableRows(ls.stdout)[0]).toEqual(['NAME', 'VERSION', 'SOURCE', 'PROTOCOL', 'PACKAGE', 'PATH']);
    expect(tableRows(ls.stdout)).toContainEqual(['tiny', '1.2.3', 'installed', '1', 'berth-driver-tiny', join(nodeModules(store, 'berth-driver-tiny'), 'main.mjs')]);

    const inspect = await berth(store, ['driver', 'inspect', 'tiny']);
    expect(inspect.code).toBe(0);
    expect(inspect.stdout).toMatch(/^Name: +tiny$/m);
    expect(inspect.stdout).toMatch(/^Version: +1\.2\.3$/m);
    expect(inspect.stdout).toMatch(/^Protocol: +1$/m);
    expect(inspect.stdout).toMatch(/^Source: +installed$/m);
    expect(inspect.stdout).toMatch(/^Package: +berth-driver-tiny$/m);
    expect(inspect.stdout).toMatch(/^Capabilities: +provision=no start=no stop=no restart=no kill=no$/m);
    expect(inspect.stdout).toMatch(/^ {2}--tiny-size +int +1 +TINY_SIZE +Size of the tiny machine$/m);
    expect(inspect.stdout).toMatch(/^ {2}--tiny-tag +stringSlice +- +- +Tag for the machine$/m);

    const json = await berth(store, ['driver', 'inspect', 'tiny', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({
      protocolVersion: 1,
      driver: { name: 'tiny', version: '1.2.3' },
      capabilities: { provision: false, start: false, stop: false, restart: false, kill: false },
      createFlags: [
        { name: 'tiny-size', type: 'int', usage: 'Size of the tiny machine', envVar: 'TINY_SIZE', default: 1 },
        { name: 'tiny-tag', type: 'stringSlice', usage: 'Tag for the machine' },
      ],
      source: 'installed',
      path: join(nodeModules(store, 'berth-driver-tiny'), 'main.mjs'),
    });

    const help = await berth(store, ['create', '-d', 'tiny', '--help']);
    expect(help.stdout).toContain('--tiny-size');
  });

  it('installs a tarball, and rm by package name removes it', async () => {
    const store = await newStore();
    const tarball = await packTarball(tiny);
    const r = await berth(store, ['driver', 'install', tarball]);
    expect(r.stdout).toBe(`Installed driver "tiny" 1.2.3 (berth-driver-tiny) from ${tarball}\n`);
    expect(r.code).toBe(0);
    const rm = await berth(store, ['driver', 'rm', 'berth-driver-tiny']);
    expect(rm.stdout).toBe('Removed driver "tiny" 1.2.3 (berth-driver-tiny)\n');
    expect(rm.code).toBe(0);
    expect(existsSync(nodeModules(store, 'berth-driver-tiny'))).toBe(false);
    const project = JSON.parse(await readFile(join(store, 'drivers', 'package.json'), 'utf8'));
    expect(project.dependencies?.['berth-driver-tiny']).toBeUndefined();
    const ls = await berth(store, ['driver', 'ls', '-q']);
    expect(ls.stdout.split('\n')).not.toContain('tiny');
  });

  it.each([
    ['crashes at start', () => bad, 'berth-driver-bad was not installed: driver "bad" crashed at start (exit code 3): boom: no settings file'],
    [
      'writes junk on stdout',
      () => driverPackage('junk', { name: 'berth-driver-junk', berth: manifest('junk') }, "process.stdout.write('hello there\\n');\nsetTimeout(() => {}, 10000);\n"),
      'berth-driver-junk was not installed: driver "junk" broke the driver protocol: ',
    ],
    [
      'has no berth manifest',
      () => driverPackage('plain', { name: 'berth-driver-plain' }, ''),
      'berth-driver-plain was not installed: berth-driver-plain (',
    ],
    [
      'speaks another protocol',
      () => driverPackage('future', { name: 'berth-driver-future', version: '9.0.0', berth: manifest('future', [2]) }, tinyDriver),
      'berth-driver-future was not installed: berth-driver-future 9.0.0 speaks driver protocol 2, but berth speaks 1',
    ],
  ])('a package that %s is rolled back: files as they were, its folder gone, one line saying why', async (_what, makePackage, message) => {
    const store = await newStore();
    expect((await berth(store, ['driver', 'install', tiny])).code).toBe(0);
    const before = {
      pkg: await readFile(join(store, 'drivers', 'package.json')),
      lock: await readFile(join(store, 'drivers', 'package-lock.json')),
    };
    const dir = await makePackage();
    const r = await berth(store, ['driver', 'install', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const errorLines = r.stderr.split('\n').filter((line) => line.startsWith('Error'));
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toContain(`Error: ${message}`);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(await readFile(join(store, 'drivers', 'package.json'))).toEqual(before.pkg);
    expect(await readFile(join(store, 'drivers', 'package-lock.json'))).toEqual(before.lock);
    const name = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')).name as string;
    expect(existsSync(nodeModules(store, name))).toBe(false);
    // The driver installed before is untouched and still works.
    expect((await berth(store, ['driver', 'inspect', 'tiny'])).code).toBe(0);
  });

  it('fails without the network, leaving no drivers folder behind', async () => {
    const store = await newStore();
    const r = await berth(store, ['driver', 'install', 'surely-not-cached@^1.0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Installing berth-driver-surely-not-cached with npm...');
    expect(r.stderr).toMatch(/^Error: berth-driver-surely-not-cached was not installed: npm install failed: .*(cache|offline|ENOTCACHED)/im);
    expect(existsSync(join(store, 'drivers'))).toBe(false);
  });

  it('bad specs and a missing npm are one-line errors', async () => {
    const store = await newStore();
    const badName = await berth(store, ['driver', 'install', 'Not_Valid']);
    expect(badName.code).toBe(1);
    expect(badName.stderr).toMatch(/^Error: "Not_Valid" is not a valid driver name: .*\n$/);
    const missing = await berth(store, ['driver', 'install', './no-such-dir']);
    expect(missing.stderr).toMatch(/^Error: Cannot install "\.\/no-such-dir": .*no-such-dir does not exist\./);
    const noNpm = await berth(store, ['driver', 'install', tiny], { env: { BERTH_NPM: join(packages, 'no-npm') } });
    expect(noNpm.code).toBe(1);
    expect(noNpm.stderr).toMatch(/npm was not found: .* BERTH_NPM/);
  });
});

describe('berth driver ls', () => {
  it('lists built-in, linked, override and PATH drivers; --json has the documented keys', async () => {
    const store = await newStore();
    const bin = await tempDir('berth-path-');
    await writeFile(join(bin, 'berth-driver-shell'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    expect((await berth(store, ['driver', 'link', tiny])).code).toBe(0);
    const env = { PATH: `${bin}:${process.env.PATH}`, BERTH_DRIVER_DEV_PATH: join(tiny, 'main.mjs') };
    const ls = await berth(store, ['driver', 'ls'], { env });
    expect(ls.code).toBe(0);
    const rows = tableRows(ls.stdout);
    expect(rows).toContainEqual(['tiny', '1.2.3', 'linked', '1', 'berth-driver-tiny', join(tiny, 'main.mjs')]);
    expect(rows).toContainEqual(['dev', '-', 'override', '-', '-', join(tiny, 'main.mjs')]);
    expect(rows).toContainEqual(['shell', '-', 'path', '-', '-', join(bin, 'berth-driver-shell')]);
    expect(rows).toContainEqual(['none', '0.1.0', 'builtin', '1', '@berth/driver-generic', expect.stringContaining('driver-generic')]);

    const json = JSON.parse((await berth(store, ['driver', 'ls', '--json'], { env })).stdout) as Array<Record<string, unknown>>;
    for (const row of json) expect(Object.keys(row).sort()).toEqual(['name', 'package', 'path', 'protocol', 'source', 'version']);
    expect(json).toContainEqual({ name: 'tiny', version: '1.2.3', source: 'linked', protocol: [1], package: 'berth-driver-tiny', path: join(tiny, 'main.mjs') });
    expect(json).toContainEqual({ name: 'shell', version: '', source: 'path', protocol: [], package: '', path: join(bin, 'berth-driver-shell') });
  });
});

describe('berth driver link, unlink and rm', () => {
  it('link records the directory and berth runs the driver from it; unlink forgets it', async () => {
    const store = await newStore();
    const link = await berth(store, ['driver', 'link', tiny]);
    expect(link.stdout).toBe(`Linked driver "tiny" -> ${tiny}\n`);
    expect(link.code).toBe(0);
    const inspect = await berth(store, ['driver', 'inspect', 'tiny', '--json']);
    expect(JSON.parse(inspect.stdout)).toMatchObject({ source: 'linked', path: join(tiny, 'main.mjs') });

    const rm = await berth(store, ['driver', 'rm', 'tiny']);
    expect(rm.code).toBe(1);
    expect(rm.stderr).toContain(`Error: Driver "tiny" is linked to ${tiny}, not installed. Use \`berth driver unlink tiny\``);

    const unlink = await berth(store, ['driver', 'unlink', 'tiny']);
    expect(unlink.stdout).toBe(`Unlinked driver "tiny" (was ${tiny})\n`);
    expect(existsSync(join(tiny, 'package.json'))).toBe(true);
    const gone = await berth(store, ['driver', 'inspect', 'tiny']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('Error: Driver "tiny" not found: looked in BERTH_DRIVER_TINY_PATH, the linked drivers, the built-in drivers');
    expect(gone.stderr).toContain('`berth driver install tiny`');
  });

  it('link validates like install and records nothing for a bad package', async () => {
    const store = await newStore();
    const r = await berth(store, ['driver', 'link', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`Error: ${bad} was not linked: driver "bad" crashed at start (exit code 3): boom: no settings file\n`);
    expect(existsSync(join(store, 'drivers', 'package.json'))).toBe(false);
  });

  it('link of a folder without a package.json says what to give it, on one line', async () => {
    const store = await newStore();
    const missing = join(store, 'no-such-driver');
    const r = await berth(store, ['driver', 'link', missing]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `Error: ${missing} was not linked: ${join(missing, 'package.json')} does not exist. ` +
        'Give the folder of a driver package: the one whose package.json has a "berth" field (docs/WRITING-A-DRIVER.md shows one).\n',
    );
  });

  it('rm refuses built-in drivers and says when nothing is installed', async () => {
    const store = await newStore();
    const builtin = await berth(store, ['driver', 'rm', 'generic']);
    expect(builtin.code).toBe(1);
    expect(builtin.stderr).toMatch(/^Error: Driver "generic" is built into berth and cannot be removed\./);
    const unknown = await berth(store, ['driver', 'rm', 'nothing']);
    expect(unknown.stderr).toMatch(/^Error: Driver "nothing" is not installed in .*drivers\. Run `berth driver ls`/);
    const unlink = await berth(store, ['driver', 'unlink', 'nothing']);
    expect(unlink.stderr).toBe('Error: Driver "nothing" is not linked. Run `berth driver ls` to see which drivers are linked (SOURCE linked).\n');
  });
});

describe('a machine whose driver is missing', () => {
  it('shows in ls as Error with the install command; other machines are unaffected; rm -f still removes it', async () => {
    const store = await newStore();
    expect((await berth(store, ['driver', 'install', tiny])).code).toBe(0);
    expect((await berth(store, ['create', '-d', 'tiny', 'small'])).code).toBe(0);
    expect((await berth(store, ['create', '-d', 'none', '--url', 'tcp://127.0.0.1:9', 'other'])).code).toBe(0);
    expect((await berth(store, ['driver', 'rm', 'tiny'])).code).toBe(0);

    const ls = await berth(store, ['ls']);
    expect(ls.code).toBe(0);
    const rows = tableRows(ls.stdout);
    expect(rows[1]).toEqual(['other', '-', 'none', 'Running', 'tcp://127.0.0.1:9', 'Unknown', expect.stringContaining('Unable to query docker version')]);
    expect(rows[2]).toEqual(['small', '-', 'tiny', 'Error', 'Unknown', 'driver "tiny" not found: install it with berth driver install tiny']);

    const inspect = await berth(store, ['inspect', 'small']);
    expect(inspect.code).toBe(0);
    expect(JSON.parse(inspect.stdout)).toMatchObject({ DriverName: 'tiny', Name: 'small' });

    const rm = await berth(store, ['rm', '-f', 'small']);
    expect(rm.code).toBe(0);
    expect(rm.stdout).toContain('Successfully removed small');
    expect(existsSync(join(store, 'machines', 'small'))).toBe(false);
  });
});

describe('help', () => {
  it.each([
    [['driver', '--help'], ['Manage drivers', 'install <spec>', 'BERTH_DRIVER_<NAME>_PATH', 'Examples:', 'berth driver install example']],
    [['driver', 'install', '--help'], ['Usage: berth driver install [options] <spec>', 'NAME[@RANGE]', 'undone', 'berth driver install ./my-driver']],
    [['driver', 'ls', '--help'], ['--json', '--quiet', 'SOURCE', 'berth driver ls --json']],
    [['driver', 'inspect', '--help'], ['<name>', '--json', 'berth driver inspect generic']],
    [['driver', 'rm', '--help'], ['<name>', 'berth driver unlink NAME', 'berth driver rm example']],
    [['driver', 'link', '--help'], ['<dir>', 'berth driver link .']],
    [['driver', 'unlink', '--help'], ['<name>', 'berth driver unlink example']],
  ])('%j explains the command with an example', async (args, expected) => {
    const r = await runBerth(args, { store: await newStore() });
    expect(r.code).toBe(0);
    for (const text of expected) expect(r.stdout).toContain(text);
  });
});

describe('berth driver install, interrupted', () => {
  it('Ctrl-C while npm runs: npm is stopped, the half-done install is rolled back, berth exits 130', async () => {
    const store = await newStore();
    // An "npm" that gets half-way through an install (package folder and package.json written), says
    // so, and then hangs; `npm uninstall` succeeds at once.
    const fakeNpm = join(packages, 'hanging-npm');
    const pidFile = join(packages, 'hanging-npm.pid');
    await writeFile(fakeNpm, `#!/bin/sh
if [ "$1" = install ]; then
  echo $$ > ${JSON.stringify(pidFile)}
  mkdir -p node_modules/berth-driver-tiny
  echo '{"name":"berth-driver-tiny","version":"1.2.3"}' > node_modules/berth-driver-tiny/package.json
  echo '{"dependencies":{"berth-driver-tiny":"^1.2.3"}}' > package.json
  echo half-installed >&2
  exec sleep 60
fi
exit 0
`, { mode: 0o755 });
    const running = spawnBerth(['driver', 'install', 'tiny'], { store, env: { ...npmEnv, BERTH_NPM: fakeNpm } });
    for (let i = 0; i < 100 && !existsSync(join(store, 'drivers', 'node_modules', 'berth-driver-tiny', 'package.json')); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    running.child.kill('SIGINT');
    const r = await running.done;
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/berth-driver-tiny was not installed/);
    expect(r.stderr).not.toMatch(STACK_LINE);
    // The store had no drivers folder before: none now.
    expect(existsSync(join(store, 'drivers'))).toBe(false);
    const npmPid = Number(await readFile(pidFile, 'utf8'));
    expect(() => process.kill(npmPid, 0), `npm (pid ${npmPid}) still running`).toThrow();
    expect((await berth(store, ['driver', 'ls'])).stdout).not.toMatch(/tiny/);
  });
});

describe('berth driver install, interrupted while its drivers are checked', () => {
  it('Ctrl-C after npm, during the start-up check: the install is rolled back all the same, exit 130', async () => {
    const store = await newStore();
    const started = join(packages, 'sleepy-started');
    // A driver that says it started and then takes 2 s before it answers `initialize`.
    const sleepy = await driverPackage(
      'sleepy',
      { name: 'berth-driver-sleepy', version: '1.2.3', berth: manifest('sleepy') },
      `import { writeFileSync } from 'node:fs';\nwriteFileSync(process.env.SLEEPY_STARTED, 'started');\nawait new Promise((resolve) => setTimeout(resolve, 2000));\n${tinyDriver.replace("name: 'tiny'", "name: 'sleepy'")}`,
    );
    const running = spawnBerth(['driver', 'install', sleepy], { store, env: { ...npmEnv, SLEEPY_STARTED: started } });
    for (let i = 0; i < 300 && !existsSync(started); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    running.child.kill('SIGINT');
    const r = await running.done;
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/berth-driver-sleepy was not installed/);
    expect(r.stdout).not.toMatch(/Installed driver/);
    expect(existsSync(join(store, 'drivers'))).toBe(false);
  });
});

// `berth env` byte for byte for every shell (reference §1.6). The expected text is built here from
// the reference's table, not from the CLI's own code.
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deadPort, startFakeEngine, storeWithEngine, type FakeEngine } from './helpers/fake-engine.js';
import { cleanup, cleanupSuite, createNone, runBerth, STACK_LINE, suiteScope, tempDir } from './helpers/run-berth.js';

let store: string;
let engine: FakeEngine;
let swarm: FakeEngine;
let foreign: FakeEngine;

beforeAll(async () => {
  ({ store, engine } = await storeWithEngine('m1', suiteScope));
  await createNone(store, 'down', `tcp://127.0.0.1:${await deadPort()}`);
  // An engine whose certificate another store's CA signed.
  ({ engine: foreign } = await storeWithEngine('other', suiteScope));
  await createNone(store, 'badcert', foreign.url);
  // A swarm manager answering on its own port, and a master whose swarm port has nothing behind it.
  swarm = await startFakeEngine(store, { scope: suiteScope });
  await createNone(store, 'master', engine.url, ['--swarm-master', '--swarm-discovery', 'token://x', '--swarm-host', `tcp://0.0.0.0:${swarm.port}`]);
  const nobody = await deadPort();
  await createNone(store, 'master2', engine.url, ['--swarm-master', '--swarm-discovery', 'token://y', '--swarm-host', `tcp://0.0.0.0:${nobody}`]);
});
afterEach(cleanup);
afterAll(cleanupSuite);

interface Syntax {
  set: (k: string, v: string) => string;
  unset: (k: string) => string;
  c: string;
  wrap: (cmd: string) => string;
}
const POSIX: Syntax = { set: (k, v) => `export ${k}="${v}"`, unset: (k) => `unset ${k}`, c: '#', wrap: (cmd) => `eval $(${cmd})` };
const SHELLS: Record<string, Syntax> = {
  bash: POSIX,
  zsh: POSIX,
  sh: POSIX,
  fish: { set: (k, v) => `set -gx ${k} "${v}";`, unset: (k) => `set -e ${k};`, c: '#', wrap: (cmd) => `eval (${cmd})` },
  powershell: {
    set: (k, v) => `$Env:${k} = "${v}"`,
    unset: (k) => `Remove-Item Env:\\\\${k}`,
    c: '#',
    wrap: (cmd) => `& ${cmd} | Invoke-Expression`,
  },
  cmd: { set: (k, v) => `SET ${k}=${v}`, unset: (k) => `SET ${k}=`, c: 'REM', wrap: (cmd) => `\t@FOR /f "tokens=*" %i IN ('${cmd}') DO @%i` },
  tcsh: { set: (k, v) => `setenv ${k} "${v}";`, unset: (k) => `unsetenv ${k};`, c: ':', wrap: (cmd) => `eval \`${cmd}\`` },
  emacs: {
    set: (k, v) => `(setenv "${k}" "${v}")`,
    unset: (k) => `(setenv "${k}" nil)`,
    c: ';;',
    wrap: (cmd) => `(with-temp-buffer (shell-command "${cmd}" (current-buffer)) (eval-buffer))`,
  },
};
const VARS = ['DOCKER_TLS_VERIFY', 'DOCKER_HOST', 'DOCKER_CERT_PATH', 'DOCKER_MACHINE_NAME'];

/** The hint's command line: argv joined by spaces, argv[0] being the program name. */
const cmdline = (args: string[]) => ['berth', '-s', store, ...args].join(' ');
const hint = (s: Syntax, args: string[]) => `${s.c} Run this command to configure your shell: \n${s.c} ${s.wrap(cmdline(args))}\n`;
function expectedSet(s: Syntax, args: string[], name = 'm1', extra: Array<[string, string]> = [], host = engine.url): string {
  const values: Array<[string, string]> = [
    ['DOCKER_TLS_VERIFY', '1'],
    ['DOCKER_HOST', host],
    ['DOCKER_CERT_PATH', join(store, 'machines', name)],
    ['DOCKER_MACHINE_NAME', name],
    ...extra,
  ];
  return values.map(([k, v]) => `${s.set(k, v)}\n`).join('') + hint(s, args);
}
const expectedUnset = (s: Syntax, args: string[], extra: string[] = []) =>
  [...VARS, ...extra].map((k) => `${s.unset(k)}\n`).join('') + hint(s, args);

const env = (args: string[], vars: Record<string, string | undefined> = {}) => runBerth(args, { store, env: vars });

describe('env --shell', () => {
  it.each(Object.keys(SHELLS))('%s: set mode, byte for byte', async (shell) => {
    const args = ['env', '--shell', shell, 'm1'];
    const r = await env(args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(expectedSet(SHELLS[shell]!, args));
  });

  it.each(Object.keys(SHELLS))('%s: unset mode (-u), byte for byte', async (shell) => {
    const args = ['env', '--shell', shell, '-u'];
    const r = await env(args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(expectedUnset(SHELLS[shell]!, args));
  });

  it('accepts the flags after the name (docker-machine flag placement)', async () => {
    const args = ['env', 'm1', '--shell', 'fish'];
    const r = await env(args);
    expect(r.stdout).toBe(expectedSet(SHELLS.fish!, args));
  });

  it('an unrecognised --shell value gets the default (sh) syntax', async () => {
    const args = ['env', '--shell', 'ksh', 'm1'];
    expect((await env(args)).stdout).toBe(expectedSet(POSIX, args));
  });
});

describe('env shell detection', () => {
  it.each([
    ['/usr/bin/fish', 'fish'],
    ['/bin/tcsh', 'tcsh'],
    ['/bin/zsh', 'zsh'],
    ['/usr/local/bin/bash', 'bash'],
    ['/bin/ksh', 'bash'],
  ])('SHELL=%s renders for %s', async (shellPath, shell) => {
    const args = ['env', 'm1'];
    const r = await env(args, { SHELL: shellPath });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(expectedSet(SHELLS[shell]!, args));
  });

  it.each([[undefined], ['']])('SHELL=%j: prints the --shell hint and fails with "Unknown shell"', async (value) => {
    const r = await env(['env', 'm1'], { SHELL: value });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      "The default lines below are for a sh/bash shell, you can specify the shell you're using, with the --shell flag.\n\n",
    );
    expect(r.stderr).toContain('Unknown shell');
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  // reference §1.6: the shell is determined after the machine is loaded (set mode) or the name check (-u).
  it('without $SHELL, an unknown machine is still "does not exist", with nothing on stdout', async () => {
    const r = await env(['env', 'nosuch'], { SHELL: undefined });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Docker machine "nosuch" does not exist/);
  });

  it('without $SHELL, -u with a name is still "Expected no machine name", with nothing on stdout', async () => {
    const r = await env(['env', '-u', 'extra'], { SHELL: undefined });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Error: Expected no machine name when the -u flag is present\b.*\n$/);
  });

  it('without $SHELL, an engine that does not answer fails the connection check first', async () => {
    const r = await env(['env', 'down'], { SHELL: undefined });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Error checking TLS connection: /);
  });

  it('--shell works without $SHELL', async () => {
    const args = ['env', '--shell', 'bash', 'm1'];
    expect((await env(args, { SHELL: undefined })).stdout).toBe(expectedSet(POSIX, args));
  });
});

describe('env --no-proxy', () => {
  it('sets NO_PROXY to the machine IP when it was empty', async () => {
    const args = ['env', '--no-proxy', 'm1'];
    expect((await env(args)).stdout).toBe(expectedSet(POSIX, args, 'm1', [['NO_PROXY', '127.0.0.1']]));
  });

  it('appends the IP to an existing NO_PROXY', async () => {
    const args = ['env', '--no-proxy', 'm1'];
    const r = await env(args, { NO_PROXY: 'localhost,.corp' });
    expect(r.stdout).toBe(expectedSet(POSIX, args, 'm1', [['NO_PROXY', 'localhost,.corp,127.0.0.1']]));
  });

  it('uses no_proxy when the lower-case variable is set, and does not add the IP twice', async () => {
    const args = ['env', '--no-proxy', '--shell', 'fish', 'm1'];
    const r = await env(args, { no_proxy: 'localhost,127.0.0.1' });
    expect(r.stdout).toBe(expectedSet(SHELLS.fish!, args, 'm1', [['no_proxy', 'localhost,127.0.0.1']]));
  });

  it('-u --no-proxy unsets the proxy variable as well (without docker-machine\'s glued value)', async () => {
    const args = ['env', '-u', '--no-proxy'];
    expect((await env(args, { NO_PROXY: 'localhost' })).stdout).toBe(expectedUnset(POSIX, args, ['NO_PROXY']));
  });
});

describe('env: only eval-able output', () => {
  it('with debug on (MACHINE_DEBUG=1), stdout is exactly the same; logs go to stderr', async () => {
    const args = ['env', 'm1'];
    const r = await env(args, { MACHINE_DEBUG: '1' });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(expectedSet(POSIX, args));
  });

  it('--debug as a global flag: stdout holds only the variables and the hint', async () => {
    const r = await runBerth(['--debug', '-s', store, 'env', 'm1'], {});
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines.slice(0, 4).every((l) => /^export DOCKER_[A-Z_]+=".*"$/.test(l))).toBe(true);
    expect(lines[5]).toBe(`# eval $(berth --debug -s ${store} env m1)`);
  });

  it('the engine down: exit 1, nothing on stdout, "Error checking TLS connection"', async () => {
    const r = await env(['env', 'down']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Error checking TLS connection: /);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  // reference §5.5, on one line: the regenerate-certs advice is the hint.
  it.each([
    ['env', 'Error checking TLS connection: '],
    ['config', 'Error running connection boilerplate: '],
  ])('%s: an engine with a foreign certificate gets docker-machine\'s certificate error on one line', async (command, prefix) => {
    const r = await env([command, 'badcert']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('');
    expect(lines[0]!.startsWith(
      `${prefix}Error checking and/or regenerating the certs: There was an error validating certificates for host "127.0.0.1:${foreign.port}": `,
    )).toBe(true);
    expect(lines[0]!.endsWith(
      ". You can attempt to regenerate them using 'berth regenerate-certs badcert'. " +
        'Be advised that this will trigger a Docker daemon restart which might stop running containers.',
    )).toBe(true);
  });

  it('unknown machine: exit 1, does not exist', async () => {
    const r = await env(['env', 'nope']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Docker machine "nope" does not exist');
  });

  it('-u with a name and two names are errors', async () => {
    const u = await env(['env', '-u', 'm1']);
    expect(u.code).toBe(1);
    expect(u.stderr).toContain('Expected no machine name when the -u flag is present');
    const two = await env(['env', 'm1', 'down']);
    expect(two.code).toBe(1);
    expect(two.stderr).toContain('Expected one machine name as an argument');
  });
});

describe('env --swarm', () => {
  it('points DOCKER_HOST at the swarm master port', async () => {
    const args = ['env', '--swarm', 'master'];
    const r = await env(args);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(expectedSet(POSIX, args, 'master', [], swarm.url));
  });

  // reference §1.6/§5.5: with --swarm the swarm port is checked once the engine itself answered.
  it('fails when nothing answers on the swarm port, saying the certs are valid', async () => {
    const r = await env(['env', '--swarm', 'master2']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Connection to Swarm cannot be checked but the certs are valid');
  });

  it('refuses a machine that is not a swarm master', async () => {
    const r = await env(['env', '--swarm', 'm1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('"m1" is not a swarm master');
  });

  // docker-machine checks for a swarm master before it dials the engine (reference §1.6).
  it.each([
    ['env', 'Error checking TLS connection: '],
    ['config', 'Error running connection boilerplate: '],
  ])('%s --swarm: a machine that is not a master, engine down, is "not a swarm master"', async (command, prefix) => {
    const r = await env([command, '--swarm', 'down']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${prefix}"down" is not a swarm master. The --swarm flag is intended for use with swarm masters\n`);
  });
});

// The URL cache (.berth-url.json) must not stand in for the driver's answer for a machine that has
// no server.pem to prove the engine is its own: a stopped `generic` host is "not running" for env
// and config too, even while something still answers at its last URL.
describe('env/config of a generic machine whose host stopped', () => {
  it('fail with "Host is not running" like url, whatever the cached URL says', async () => {
    let cacheEntry = '';
    const ssh = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => ssh.listen(0, '127.0.0.1', () => resolve()));
    const sshPort = (ssh.address() as import('node:net').AddressInfo).port;
    try {
      await createNone(store, 'gstop', engine.url);
      const path = join(store, 'machines', 'gstop', 'config.json');
      const record = JSON.parse(await readFile(path, 'utf8'));
      record.DriverName = 'generic';
      record.Driver = {
        IPAddress: '127.0.0.1',
        MachineName: 'gstop',
        SSHUser: 'root',
        SSHPort: sshPort,
        SSHKeyPath: '',
        StorePath: store,
        SwarmMaster: false,
        SwarmHost: '',
        SwarmDiscovery: '',
        EnginePort: engine.port,
        SSHKey: '',
      };
      await writeFile(path, JSON.stringify(record, null, 4));
      // While the host is up, the driver's URL is the engine's, and berth caches it.
      expect(await env(['url', 'gstop'])).toMatchObject({ code: 0, stdout: `${engine.url}\n` });
      expect(JSON.parse(await readFile(join(store, 'machines', 'gstop', '.berth-url.json'), 'utf8')).url).toBe(engine.url);
      cacheEntry = await readFile(join(store, 'machines', 'gstop', '.berth-url.json'), 'utf8');
    } finally {
      await new Promise<void>((resolve) => ssh.close(() => resolve()));
    }
    // The host is down (nothing on its SSH port); the engine URL still answers.
    expect(await env(['url', 'gstop'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^Host is not running/) });
    // The driver said so: the cached URL is dropped, and the next command asks the driver first.
    await expect(readFile(join(store, 'machines', 'gstop', '.berth-url.json'), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
    // ls too: the row is the driver's (Stopped), and the entry is dropped.
    await writeFile(join(store, 'machines', 'gstop', '.berth-url.json'), cacheEntry);
    const ls = await env(['ls', '--filter', 'name=gstop']);
    expect(ls.stdout).toMatch(/^gstop +- +generic +Stopped +Unknown/m);
    await expect(readFile(join(store, 'machines', 'gstop', '.berth-url.json'), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
    for (const [command, prefix] of [
      ['env', 'Error checking TLS connection: '],
      ['config', 'Error running connection boilerplate: '],
    ]) {
      const r = await env([command!, 'gstop']);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`${prefix}Host is not running. Start it with \`berth start gstop\`.\n`);
      expect(r.code).toBe(1);
    }
  });
});

describe('config', () => {
  // reference §1.4: the paths are Go-quoted (%q), which escapes what JSON.stringify leaves raw.
  it('Go-quotes the certificate paths: a no-break space, DEL and a quote in the store path are escaped', async () => {
    const parent = await tempDir();
    const store = join(parent, 'a\u00a0b\x7fc"d');
    const port = await deadPort();
    await createNone(store, 'q1', `tcp://127.0.0.1:${port}`);
    await startFakeEngine(store, { port });
    const r = await runBerth(['config', 'q1'], { store });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const quoted = (file: string) => `"${parent}/a\\u00a0b\\x7fc\\"d/machines/q1/${file}"`;
    expect(r.stdout).toBe(
      ['--tlsverify', `--tlscacert=${quoted('ca.pem')}`, `--tlscert=${quoted('cert.pem')}`, `--tlskey=${quoted('key.pem')}`, `-H=tcp://127.0.0.1:${port}`, ''].join(
        '\n',
      ),
    );
  });
});

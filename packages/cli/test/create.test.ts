// `berth create` end to end with the `none` driver (reference §1.5, §4.1–4.3).
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, createNone, newStore, readJSON, runBerth, STACK_LINE } from './helpers/run-berth.js';

afterEach(cleanup);

const URL1 = 'tcp://127.0.0.1:2376';
const HINT = 'To see how to connect your Docker Client to the Docker Engine running on this virtual machine, run: berth env';
const mode = async (path: string) => (await stat(path)).mode & 0o777;
const lines = (text: string) => text.split('\n').filter((l) => l !== '');

describe('create -d none', () => {
  it('prints the docker-machine lines, exits 0 and writes the store with its modes', async () => {
    const store = await newStore();
    const r = await runBerth(['create', '-d', 'none', '--url', URL1, 'm1'], { store });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        `Creating CA: ${store}/certs/ca.pem`,
        `Creating client certificate: ${store}/certs/cert.pem`,
        'Running pre-create checks...',
        'Creating machine...',
        `${HINT} m1`,
        '',
      ].join('\n'),
    );
    expect(await mode(join(store, 'certs'))).toBe(0o700);
    expect(await mode(join(store, 'certs', 'ca-key.pem'))).toBe(0o600);
    expect(await mode(join(store, 'certs', 'key.pem'))).toBe(0o600);
    expect(existsSync(join(store, 'certs', 'ca.pem'))).toBe(true);
    expect(existsSync(join(store, 'certs', 'cert.pem'))).toBe(true);
    expect(await mode(join(store, 'machines'))).toBe(0o700);
    expect(await mode(join(store, 'machines', 'm1'))).toBe(0o700);
    const configPath = join(store, 'machines', 'm1', 'config.json');
    expect(await mode(configPath)).toBe(0o600);

    const text = await readFile(configPath, 'utf8');
    const config = JSON.parse(text);
    // 4-space indentation, the way json.MarshalIndent writes it (no trailing newline needed).
    expect(text.trimEnd()).toBe(JSON.stringify(config, null, 4));
    expect(text).toMatch(/^\{\n {4}"ConfigVersion": 3,\n {4}"Driver": \{\n {8}"/);
    expect(config).toMatchObject({
      ConfigVersion: 3,
      DriverName: 'none',
      Name: 'm1',
      Driver: { URL: URL1, MachineName: 'm1', StorePath: store },
      HostOptions: {
        EngineOptions: { TlsVerify: true, InstallURL: 'https://get.docker.com' },
        AuthOptions: {
          CertDir: join(store, 'certs'),
          CaCertPath: join(store, 'certs', 'ca.pem'),
          CaPrivateKeyPath: join(store, 'certs', 'ca-key.pem'),
          ClientCertPath: join(store, 'certs', 'cert.pem'),
          ClientKeyPath: join(store, 'certs', 'key.pem'),
          StorePath: join(store, 'machines', 'm1'),
        },
      },
    });
    expect(Object.keys(config)).toEqual(['ConfigVersion', 'Driver', 'DriverName', 'HostOptions', 'Name']);
    // As docker-machine writes a none machine (fixture docker-machine-store/machines/none-host).
    expect(config.Driver).toMatchObject({ SSHUser: '', SSHPort: 0, SSHKeyPath: '' });
  });

  it('does not create the CA again for the second machine', async () => {
    const store = await newStore();
    await createNone(store, 'm1', URL1);
    const ca = await readFile(join(store, 'certs', 'ca.pem'));
    const r = await runBerth(['create', '-d', 'none', '--url', 'tcp://127.0.0.1:2377', 'm2'], { store });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(['Running pre-create checks...', 'Creating machine...', `${HINT} m2`, ''].join('\n'));
    expect(await readFile(join(store, 'certs', 'ca.pem'))).toEqual(ca);
  });

  it('refuses an existing name: exit 1, "already exists", config untouched', async () => {
    const store = await newStore();
    await createNone(store, 'm1', URL1);
    const configPath = join(store, 'machines', 'm1', 'config.json');
    const before = await readFile(configPath, 'utf8');
    const r = await runBerth(['create', '-d', 'none', '--url', 'tcp://127.0.0.1:9999', 'm1'], { store });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Docker machine "m1" already exists');
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.stdout).not.toContain('Creating machine...');
    expect(await readFile(configPath, 'utf8')).toBe(before);
  });

  it.each([['bad_name'], ['-x'], ['../x'], ['.hidden'], ['a/b']])(
    'rejects the name %j with one line, exit 1, no stack, nothing written',
    async (name) => {
      const store = await newStore();
      const r = await runBerth(['create', '-d', 'none', '--url', URL1, name], { store });
      expect(r.code).toBe(1);
      expect(lines(r.stderr)).toHaveLength(1);
      expect(r.stderr).not.toMatch(STACK_LINE);
      expect(r.stdout).not.toContain('Creating');
      // Nothing of the machine (nor certificates) exists anywhere the name could point.
      expect(existsSync(join(store, 'certs'))).toBe(false);
      const machines = existsSync(join(store, 'machines')) ? await readdir(join(store, 'machines')) : [];
      expect(machines).toEqual([]);
      expect(existsSync(join(store, 'x'))).toBe(false);
      expect(existsSync(join(store, 'machines', name))).toBe(false);
    },
  );

  // Reference §1.5.2: docker-machine's own text, berth's reason as the hint.
  it.each([
    ['a_b', '"a_b" is refused: allowed characters are 0-9 a-z A-Z . - and it must start with a letter or digit.'],
    ['.x', '".x" is refused: allowed characters'],
    ['x'.repeat(300), 'characters long; the limit is 253.'],
  ])('an invalid name %j gets docker-machine\'s "Invalid hostname specified" line', async (name, reason) => {
    const store = await newStore();
    const r = await runBerth(['create', '-d', 'none', '--url', URL1, name], { store });
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^Error creating machine: Invalid hostname specified\. Allowed hostname chars are: 0-9a-zA-Z \. -\. /);
    expect(r.stderr).toContain(reason);
    expect(r.stderr).toContain('Use a name like "dev"');
  });

  it('rejects "-- -x" (a name that is not a flag) as an invalid hostname', async () => {
    const store = await newStore();
    const r = await runBerth(['create', '-d', 'none', '--url', URL1, '--', '-x'], { store });
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/invalid.*name|hostname/i);
    expect(existsSync(join(store, 'machines', '-x'))).toBe(false);
  });

  it('without --url fails naming --url, exit 1, and leaves no machine dir', async () => {
    const store = await newStore();
    const r = await runBerth(['create', '-d', 'none', 'm1'], { store });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--url');
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(existsSync(join(store, 'machines', 'm1'))).toBe(false);
  });

  // Reference §1.5: "No name → help + `Error: No machine name specified`"; the help lists the driver's flags.
  it('without a name prints create\'s help on stdout, then "No machine name specified"', async () => {
    const store = await newStore();
    const r = await runBerth(['create', '-d', 'none', '--url', URL1], { store });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Usage: berth create \[options\]/);
    expect(r.stdout).toContain('--url <value>');
    expect(r.stderr).toBe('Error: No machine name specified\n');
  });

  it('with two names fails with "Found extra arguments"', async () => {
    const store = await newStore();
    const r = await runBerth(['create', '-d', 'none', '--url', URL1, 'a', 'b'], { store });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("Invalid command line. Found extra arguments [b]. Give exactly one machine name. See 'berth create --help'.\n");
    expect(existsSync(join(store, 'machines', 'a'))).toBe(false);
  });

  it('rejects a flag the none driver does not have, exit 1', async () => {
    const store = await newStore();
    const r = await runBerth(['create', '-d', 'none', '--url', URL1, '--generic-ip-address', '1.2.3.4', 'm1'], { store });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--generic-ip-address');
    expect(lines(r.stderr)).toHaveLength(1);
    expect(existsSync(join(store, 'machines', 'm1'))).toBe(false);
  });

  it('with an unknown driver fails naming the driver, exit 1', async () => {
    const store = await newStore();
    const r = await runBerth(['create', '-d', 'nosuchdriver', 'm1'], { store });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nosuchdriver');
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(existsSync(join(store, 'machines', 'm1'))).toBe(false);
  });

  it('--help lists the driver flag --url and the shared --engine-*/--swarm-*/--tls-san flags', async () => {
    const store = await newStore();
    const r = await runBerth(['create', '-d', 'none', '--help'], { store });
    expect(r.code).toBe(0);
    const shown = new Set([...r.stdout.matchAll(/^\s+(?:-\w, )?(--[a-z-]+)/gm)].map((m) => m[1]));
    const expected = [
      '--driver', '--url', '--engine-install-url', '--engine-opt', '--engine-insecure-registry',
      '--engine-registry-mirror', '--engine-label', '--engine-storage-driver', '--engine-env', '--swarm',
      '--swarm-image', '--swarm-master', '--swarm-discovery', '--swarm-strategy', '--swarm-opt',
      '--swarm-join-opt', '--swarm-host', '--swarm-addr', '--swarm-experimental', '--tls-san',
    ];
    for (const flag of expected) expect(shown, flag).toContain(flag);
    // Another driver's flags are not offered for none.
    expect(r.stdout).not.toContain('--generic-ip-address');
    expect(existsSync(join(store, 'machines'))).toBe(false);
  });

  it('stores --engine-label, --engine-opt, --tls-san and --engine-install-url in HostOptions', async () => {
    const store = await newStore();
    await createNone(store, 'm1', URL1, [
      '--engine-label', 'a=b', '--engine-label', 'c=d', '--engine-opt', 'x=y', '--tls-san', 'foo.example',
      '--engine-install-url', 'none', '--engine-insecure-registry', 'reg.example:5000', '--engine-env', 'K=V',
      '--engine-storage-driver', 'overlay2', '--engine-registry-mirror', 'https://mirror.example',
    ]);
    const config = await readJSON(join(store, 'machines', 'm1', 'config.json'));
    expect(config.HostOptions.EngineOptions).toMatchObject({
      Labels: ['a=b', 'c=d'],
      ArbitraryFlags: ['x=y'],
      InstallURL: 'none',
      InsecureRegistry: ['reg.example:5000'],
      Env: ['K=V'],
      StorageDriver: 'overlay2',
      RegistryMirror: ['https://mirror.example'],
      TlsVerify: true,
    });
    expect(config.HostOptions.AuthOptions.ServerCertSANs).toEqual(['foo.example']);
  });

  it('stores the swarm flags in SwarmOptions', async () => {
    const store = await newStore();
    await createNone(store, 'm1', URL1, [
      '--swarm-master', '--swarm-discovery', 'token://abc', '--swarm-strategy', 'binpack', '--swarm-opt', 'heartbeat=5s',
      '--swarm-host', 'tcp://0.0.0.0:3377', '--swarm-image', 'swarm:1.2.9',
    ]);
    const config = await readJSON(join(store, 'machines', 'm1', 'config.json'));
    expect(config.HostOptions.SwarmOptions).toMatchObject({
      IsSwarm: true, Master: true, Agent: false, Discovery: 'token://abc', Strategy: 'binpack',
      ArbitraryFlags: ['heartbeat=5s'], Host: 'tcp://0.0.0.0:3377', Image: 'swarm:1.2.9',
    });
  });

  it('rejects a --swarm-discovery that is not a URL', async () => {
    const store = await newStore();
    const r = await runBerth(['create', '-d', 'none', '--url', URL1, '--swarm-discovery', 'nope', 'm1'], { store });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error parsing swarm discovery');
    expect(existsSync(join(store, 'machines', 'm1'))).toBe(false);
  });

  it('takes the driver from MACHINE_DRIVER and --url=VALUE syntax', async () => {
    const store = await newStore();
    const r = await runBerth(['create', `--url=${URL1}`, 'm1'], { store, env: { MACHINE_DRIVER: 'none' } });
    expect(r.code).toBe(0);
    expect((await readJSON(join(store, 'machines', 'm1', 'config.json'))).DriverName).toBe('none');
  });
});

describe('create: a failed pre-create check', () => {
  // reference §1.5: `Error with pre-create check: %q`, so quotes inside the driver's message are escaped.
  it('exits 3 with the driver message Go-quoted', async () => {
    const store = await newStore();
    const r = await runBerth(
      ['create', '-d', 'generic', '--generic-ip-address', '127.0.0.1', '--generic-ssh-key', '/nonexistent/key', 'g1'],
      { store },
    );
    expect(r.code).toBe(3);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^Error with pre-create check: "SSH key does not exist: \\"\/nonexistent\/key\\""\. /);
    expect(existsSync(join(store, 'machines', 'g1'))).toBe(false);
  });
});

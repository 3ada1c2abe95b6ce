import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { isBerthError } from '../errors.js';
import type { Logger } from '../logger.js';
import { newMachineRecord } from '../store/new-record.js';
import type { EngineOptions, SwarmOptions } from '../store/record.js';
import { createFakeSession, type FakeRule } from './fake-ssh-session.js';
import { parseOsRelease } from './os-release.js';
import { provisionMachine, type ProvisionMachineOptions } from './provision-machine.js';

const fixture = (name: string) => parseOsRelease(readFileSync(new URL(`./fixtures/os-release/${name}`, import.meta.url), 'utf8'));
const PEMS = { caPem: 'CA PEM\n', certPem: 'SERVER CERT PEM\n', keyPem: 'SERVER KEY PEM\n' };
const DOCKERD = 'PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"; command -v dockerd';
const HOSTS =
  "if ! grep -xq '.*\\sm1' /etc/hosts; then if grep -xq '127.0.1.1\\s.*' /etc/hosts; then sudo sed -i 's/^127.0.1.1\\s.*/127.0.1.1 m1/g' /etc/hosts; " +
  "else echo '127.0.1.1 m1' | sudo tee -a /etc/hosts >/dev/null; fi; fi";
const INSTALL =
  "if ! type docker >/dev/null 2>&1; then script=$(curl -fsSL --connect-timeout 30 https://get.docker.com) && printf '%s\\n' \"$script\" | sh -; fi";
const APT_UPDATE = 'sudo apt-get update -o Acquire::Retries=0 -o Acquire::http::Timeout=10 -o DPkg::Lock::Timeout=60';
const APT_INSTALL_CURL =
  'sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends -o Acquire::Retries=0 -o Acquire::http::Timeout=10 -o DPkg::Lock::Timeout=60 curl';
const DROP_IN = '/etc/systemd/system/docker.service.d/10-machine.conf';

function makeRecord(engine: Partial<EngineOptions> = {}, swarm: Partial<SwarmOptions> = {}) {
  return newMachineRecord({
    name: 'm1',
    storePath: '/store',
    driverName: 'generic',
    driverConfig: { MachineName: 'm1' },
    engine,
    swarm,
    tls: { serverCertSANs: ['m1.example.com'] },
  });
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(`WARN ${m}`), error: (m) => lines.push(`ERROR ${m}`), debug: () => {} };
}

function setup(rules: FakeRule[], overrides: Partial<ProvisionMachineOptions> = {}) {
  const session = createFakeSession(rules);
  const logger = recordingLogger();
  const events: string[] = [];
  const issueServerCert = vi.fn(async (hosts: string[]) => {
    events.push(`issue ${hosts.join(',')}`);
    return PEMS;
  });
  const waitForEngine = vi.fn(async () => {
    events.push(`wait after ${session.calls.length} commands`);
    return '24.0.5';
  });
  const options: ProvisionMachineOptions = {
    session,
    record: makeRecord(),
    driverName: 'generic',
    engineURL: 'tcp://10.200.1.1:2376',
    machineIP: '10.200.1.1',
    osRelease: fixture('debian-12'),
    logger,
    issueServerCert,
    waitForEngine,
    sleep: async () => {},
    ...overrides,
  };
  return { session, logger, events, issueServerCert, waitForEngine, options };
}

const EXPECTED_DROP_IN =
  '[Service]\n' +
  'ExecStart=\n' +
  'ExecStart=/usr/sbin/dockerd -H tcp://0.0.0.0:2376 -H unix:///var/run/docker.sock --storage-driver overlay2 --tlsverify --tlscacert /etc/docker/ca.pem --tlscert /etc/docker/server.pem --tlskey /etc/docker/server-key.pem --label provider=generic \n' +
  'Environment=\n';

/** The commands after the engine is on the machine: certs, options, restart, enable. */
const CONFIGURE_AND_RESTART = [
  'sudo mkdir -p /etc/docker && sudo tee /etc/docker/ca.pem >/dev/null',
  'sudo tee /etc/docker/server.pem >/dev/null',
  'sudo touch /etc/docker/server-key.pem && sudo chmod 600 /etc/docker/server-key.pem && sudo tee /etc/docker/server-key.pem >/dev/null',
  'if ip link show docker0 >/dev/null 2>&1; then sudo ip link delete docker0; fi',
  `sudo mkdir -p /etc/systemd/system/docker.service.d && sudo tee ${DROP_IN} >/dev/null`,
  'sudo systemctl daemon-reload',
  'sudo systemctl -f restart docker',
  'systemctl is-enabled -q docker 2>/dev/null || sudo systemctl -f enable docker',
];

describe('provisionMachine on Debian', () => {
  it('with docker already installed: configures, restarts (never just starts) and waits over TLS', async () => {
    const { session, logger, events, options } = setup([[DOCKERD, { stdout: '/usr/sbin/dockerd\n' }]]);
    const result = await provisionMachine(options);

    expect(session.commands()).toEqual([
      'command -v sudo',
      'sudo hostname m1 && echo m1 | sudo tee /etc/hostname >/dev/null',
      HOSTS,
      'command -v curl',
      'command -v docker',
      DOCKERD,
      ...CONFIGURE_AND_RESTART,
    ]);
    const inputs = Object.fromEntries(session.calls.filter((c) => c.input !== undefined).map((c) => [c.command, c.input]));
    expect(Object.values(inputs)).toEqual([PEMS.caPem, PEMS.certPem, PEMS.keyPem, EXPECTED_DROP_IN]);
    expect(session.calls.every((call) => call.pty === undefined)).toBe(true);
    // The engine is checked after the restart (13 commands) and before it is enabled.
    expect(events).toEqual(['issue m1.example.com,10.200.1.1,localhost', 'wait after 13 commands']);
    expect(logger.lines).toEqual([
      'Provisioning with debian...',
      'Copying certs to the remote machine...',
      'Setting Docker configuration on the remote daemon...',
    ]);
    expect(result).toMatchObject({ provisioner: 'debian', dockerVersion: '24.0.5' });
    expect(result.engineOptions.StorageDriver).toBe('overlay2');
    expect(result.authOptions).toMatchObject({
      CaCertRemotePath: '/etc/docker/ca.pem',
      ServerCertRemotePath: '/etc/docker/server.pem',
      ServerKeyRemotePath: '/etc/docker/server-key.pem',
      ServerCertPath: '/store/machines/m1/server.pem',
    });
    // The record itself is left alone: the caller saves the returned options.
    expect(options.record.HostOptions.AuthOptions.CaCertRemotePath).toBe('');
    expect(options.record.HostOptions.EngineOptions.Labels).toEqual([]);
  });

  it('without docker: installs missing curl with bounded apt, runs the install script once, checks docker is there', async () => {
    let dockerChecks = 0;
    const { session, logger, options } = setup([
      ['command -v curl', { exitCode: 1 }],
      ['command -v docker', () => ({ exitCode: dockerChecks++ === 0 ? 1 : 0 })],
      [DOCKERD, { stdout: '/usr/bin/dockerd\n' }],
      ['ip link show docker0', { exitCode: 1, stderr: 'Device "docker0" does not exist.' }],
    ]);
    await provisionMachine(options);

    const commands = session.commands();
    expect(commands).toEqual([
      'command -v sudo',
      'sudo hostname m1 && echo m1 | sudo tee /etc/hostname >/dev/null',
      HOSTS,
      'command -v curl',
      APT_UPDATE,
      APT_INSTALL_CURL,
      'command -v docker',
      INSTALL,
      'command -v docker',
      DOCKERD,
      ...CONFIGURE_AND_RESTART.filter((c) => c !== 'sudo ip link delete docker0'),
    ]);
    expect(session.calls.find((c) => c.command === APT_UPDATE)?.timeoutMs).toBe(120_000);
    expect(session.calls.find((c) => c.command === INSTALL)?.timeoutMs).toBe(20 * 60_000);
    expect(session.calls.find((c) => c.command.endsWith(`sudo tee ${DROP_IN} >/dev/null`))?.input).toContain('ExecStart=/usr/bin/dockerd -H');
    expect(logger.lines).toContain('Installing Docker...');
  });

  it('fails at once with ENGINE_INSTALL_FAILED when the install script fails: no retry, no restart', async () => {
    const { session, waitForEngine, options } = setup([
      ['command -v docker', { exitCode: 1 }],
      [INSTALL, { exitCode: 6, stdout: '', stderr: 'line 1\nline 2\ncurl: (6) Could not resolve host: get.docker.com\n' }],
    ]);
    const error = await provisionMachine(options).catch((err: unknown) => err);

    expect(isBerthError(error, 'ENGINE_INSTALL_FAILED')).toBe(true);
    expect((error as Error).message).toBe(
      'Installing Docker on "m1" from https://get.docker.com failed (exit 6): line 1\nline 2\ncurl: (6) Could not resolve host: get.docker.com',
    );
    expect(error).toMatchObject({ hint: expect.stringContaining('--engine-install-url'), details: { exitCode: 6 } });
    expect(session.commands().filter((c) => c === INSTALL)).toHaveLength(1);
    expect(session.commands().at(-1)).toBe(INSTALL);
    expect(waitForEngine).not.toHaveBeenCalled();
  });

  it('skips installation entirely with install URL "none"', async () => {
    const { session, options } = setup([['command -v docker', { exitCode: 1 }]], { record: makeRecord({ InstallURL: 'none' }) });
    await provisionMachine(options);
    expect(session.commands()).not.toContain('command -v docker');
    expect(session.commands().some((c) => c.includes('get.docker.com'))).toBe(false);
  });

  it('writes a custom install URL quoted, and uses the engine port from the driver URL', async () => {
    const url = 'http://10.200.1.254:8080/install.sh?v=1&x=2';
    let dockerChecks = 0;
    const { session, options } = setup(
      [['command -v docker', () => ({ exitCode: dockerChecks++ === 0 ? 1 : 0 })]],
      { record: makeRecord({ InstallURL: url }), engineURL: 'tcp://10.200.1.1:2380' },
    );
    await provisionMachine(options);
    expect(session.commands()).toContain(
      `if ! type docker >/dev/null 2>&1; then script=$(curl -fsSL --connect-timeout 30 'http://10.200.1.254:8080/install.sh?v=1&x=2') && printf '%s\\n' "$script" | sh -; fi`,
    );
    expect(session.calls.find((c) => c.command.endsWith(`sudo tee ${DROP_IN} >/dev/null`))?.input).toContain('-H tcp://0.0.0.0:2380 ');
  });

  it('reports a failed restart as ENGINE_START_FAILED with the journal', async () => {
    const { waitForEngine, options } = setup([
      ['sudo systemctl -f restart docker', { exitCode: 1, stderr: 'Job for docker.service failed.' }],
      ['sudo journalctl -u docker --no-pager -n 20', { stdout: 'dockerd: unknown flag --bogus\n' }],
    ]);
    const error = await provisionMachine(options).catch((err: unknown) => err);
    expect(isBerthError(error, 'ENGINE_START_FAILED')).toBe(true);
    expect(error).toMatchObject({
      message: 'Restarting the Docker engine on "m1" failed (exit 1): Job for docker.service failed.',
      details: { journal: 'dockerd: unknown flag --bogus' },
    });
    expect(waitForEngine).not.toHaveBeenCalled();
  });

  it('passes on the engine wait failure and does not enable the engine', async () => {
    const { session, options } = setup([], { waitForEngine: async () => Promise.reject(new Error('not listening')) });
    await expect(provisionMachine(options)).rejects.toThrow('not listening');
    expect(session.commands()).not.toContain('systemctl is-enabled -q docker 2>/dev/null || sudo systemctl -f enable docker');
  });

  it('installs sudo as root when it is missing, and explains when that is impossible', async () => {
    const asRoot = setup([['command -v sudo', { exitCode: 1 }]]);
    await provisionMachine(asRoot.options);
    expect(asRoot.session.commands().slice(0, 3)).toEqual([
      'command -v sudo',
      'apt-get update -o Acquire::Retries=0 -o Acquire::http::Timeout=10 -o DPkg::Lock::Timeout=60',
      'env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends -o Acquire::Retries=0 -o Acquire::http::Timeout=10 -o DPkg::Lock::Timeout=60 sudo',
    ]);

    const notRoot = setup([
      ['command -v sudo', { exitCode: 1 }],
      [/apt-get install/, { exitCode: 100, stderr: 'E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)' }],
    ]);
    await expect(provisionMachine(notRoot.options)).rejects.toMatchObject({
      code: 'PROVISION_FAILED',
      message: expect.stringMatching(/^sudo is not installed on "m1" and could not be installed/),
      hint: expect.stringContaining('root'),
    });
  });

  it('retries apt only while the dpkg lock is held, a bounded number of times', async () => {
    const sleep = vi.fn(async () => {});
    const { session, options } = setup(
      [
        ['command -v curl', { exitCode: 1 }],
        [APT_INSTALL_CURL, { exitCode: 100, stderr: 'E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 812 (apt-get)' }],
      ],
      { sleep },
    );
    await expect(provisionMachine(options)).rejects.toMatchObject({ code: 'PACKAGE_ACTION_FAILED' });
    expect(session.commands().filter((c) => c === APT_INSTALL_CURL)).toHaveLength(3);
    expect(sleep).toHaveBeenCalledTimes(2);
  });

  it('goes on after a failed apt-get update (offline host) and fails clearly if the install then fails', async () => {
    const { session, logger, options } = setup([
      ['command -v curl', { exitCode: 1 }],
      [APT_UPDATE, { exitCode: 100, stderr: 'W: Failed to fetch http://deb.debian.org/debian/dists/bookworm/InRelease' }],
      [APT_INSTALL_CURL, { exitCode: 100, stderr: 'E: Unable to locate package curl' }],
    ]);
    const error = await provisionMachine(options).catch((err: unknown) => err);
    expect(error).toMatchObject({ code: 'PACKAGE_ACTION_FAILED', message: 'Installing curl with apt on "m1" failed (exit 100): E: Unable to locate package curl' });
    expect(session.commands().filter((c) => c === APT_UPDATE)).toHaveLength(1);
    expect(logger.lines.some((l) => l.startsWith('WARN apt-get update on "m1" failed'))).toBe(true);
  });

  it('refuses standalone Swarm before touching the machine', async () => {
    const { session, options } = setup([], { record: makeRecord({}, { IsSwarm: true, Master: true }) });
    await expect(provisionMachine(options)).rejects.toMatchObject({ code: 'NOT_SUPPORTED', hint: expect.stringContaining('docker swarm init') });
    expect(session.calls).toHaveLength(0);
  });

  it('reads /etc/os-release itself when not given one', async () => {
    const { session, options } = setup([['cat /etc/os-release', { stdout: readFileSync(new URL('./fixtures/os-release/ubuntu-22.04', import.meta.url), 'utf8') }]]);
    delete options.osRelease;
    const result = await provisionMachine(options);
    expect(session.commands()[0]).toBe('cat /etc/os-release');
    expect(session.commands()[1]).toContain('cloud-init status --wait');
    expect(result.provisioner).toBe('ubuntu(systemd)');
  });

  it('keeps a storage driver given with --engine-storage-driver', async () => {
    const { session, options } = setup([], { record: makeRecord({ StorageDriver: 'btrfs' }) });
    const result = await provisionMachine(options);
    expect(result.engineOptions.StorageDriver).toBe('btrfs');
    expect(session.calls.find((c) => c.command.includes('10-machine.conf'))?.input).toContain('--storage-driver btrfs ');
  });
});

describe('provisionMachine on other families', () => {
  it('CentOS: PTY for commands, base64 for files (requiretty), yum for base packages', async () => {
    let dockerChecks = 0;
    const { session, options } = setup(
      [
        ['command -v openssl', { exitCode: 1 }],
        ['command -v docker', () => ({ exitCode: dockerChecks++ === 0 ? 1 : 0 })],
      ],
      { osRelease: fixture('centos-7') },
    );
    await provisionMachine(options);
    expect(session.commands()).toContain('sudo yum install -y --setopt=retries=1 --setopt=timeout=15 openssl');
    expect(session.calls.every((c) => c.pty === true && c.input === undefined)).toBe(true);
    const ca = session.calls.find((c) => c.command.endsWith('sudo tee /etc/docker/ca.pem >/dev/null'));
    expect(ca?.command).toBe(`sudo mkdir -p /etc/docker && printf '%s' '${Buffer.from(PEMS.caPem).toString('base64')}' | base64 -d | sudo tee /etc/docker/ca.pem >/dev/null`);
  });

  it('boot2docker: no packages, no install, profile in /var/lib/boot2docker, init script restart, no enable', async () => {
    const { session, options } = setup([], { osRelease: fixture('boot2docker'), driverName: 'virtualbox' });
    const result = await provisionMachine(options);
    expect(session.commands()).toEqual([
      'sudo /usr/bin/sethostname m1 && echo m1 | sudo tee /var/lib/boot2docker/etc/hostname >/dev/null',
      'sudo mkdir -p /var/lib/boot2docker && sudo tee /var/lib/boot2docker/ca.pem >/dev/null',
      'sudo tee /var/lib/boot2docker/server.pem >/dev/null',
      'sudo touch /var/lib/boot2docker/server-key.pem && sudo chmod 600 /var/lib/boot2docker/server-key.pem && sudo tee /var/lib/boot2docker/server-key.pem >/dev/null',
      'if ip link show docker0 >/dev/null 2>&1; then sudo ip link delete docker0; fi',
      'sudo mkdir -p /var/lib/boot2docker && sudo tee /var/lib/boot2docker/profile >/dev/null',
      'sudo /etc/init.d/docker restart',
    ]);
    expect(session.calls.at(-2)?.input).toContain("DOCKER_HOST='-H tcp://0.0.0.0:2376'");
    expect(result.authOptions.CaCertRemotePath).toBe('/var/lib/boot2docker/ca.pem');
  });

  it('SUSE picks btrfs on a btrfs /var/lib/docker and installs the docker package with zypper', async () => {
    let dockerChecks = 0;
    const { session, options } = setup(
      [
        ['stat -f -c %T /var/lib/docker 2>/dev/null || stat -f -c %T /var/lib', { stdout: 'btrfs\n' }],
        ['command -v docker', () => ({ exitCode: dockerChecks++ === 0 ? 1 : 0 })],
      ],
      { osRelease: fixture('opensuse-leap-15') },
    );
    const result = await provisionMachine(options);
    expect(result.engineOptions.StorageDriver).toBe('btrfs');
    expect(session.commands()).toContain('sudo zypper -n in docker');
    expect(session.commands().some((c) => c.includes('SUSEConnect'))).toBe(false);
  });

  it('RancherOS refuses storage drivers other than overlay/overlay2', async () => {
    const { options } = setup([], { osRelease: fixture('rancheros'), record: makeRecord({ StorageDriver: 'devicemapper' }) });
    await expect(provisionMachine(options)).rejects.toMatchObject({ code: 'INVALID_CONFIG', message: 'Unsupported storage driver: devicemapper' });
  });

  it('an unknown OS is OS_NOT_SUPPORTED', async () => {
    const { options } = setup([], { osRelease: { ID: 'alpine', PRETTY_NAME: 'Alpine Linux v3.19' } });
    await expect(provisionMachine(options)).rejects.toMatchObject({ code: 'OS_NOT_SUPPORTED', message: 'OS type not recognized: Alpine Linux v3.19' });
  });
});

import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../logger.js';
import { newMachineRecord } from '../store/new-record.js';
import type { EngineOptions } from '../store/record.js';
import { createFakeSession, type FakeRule } from './fake-ssh-session.js';
import { detectProvisioner } from './provisioners.js';
import { compareVersions, upgradeEngine, type UpgradeEngineOptions } from './upgrade.js';

const DOCKERD = 'PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"; command -v dockerd';
const APT_OPTIONS = '-o Acquire::Retries=0 -o Acquire::http::Timeout=10 -o DPkg::Lock::Timeout=60';
const INSTALLED = { stdout: 'Package: x\nStatus: install ok installed\n' };
const NOT_INSTALLED = { exitCode: 1, stderr: "dpkg-query: package 'x' is not installed" };
const DROP_IN_WRITE = 'sudo tee /etc/systemd/system/docker.service.d/10-machine.conf >/dev/null';

function provisionedRecord(engine: Partial<EngineOptions> = {}) {
  const record = newMachineRecord({ name: 'm1', storePath: '/store', driverName: 'generic', driverConfig: {}, engine: { StorageDriver: 'overlay2', ...engine } });
  Object.assign(record.HostOptions.AuthOptions, {
    CaCertRemotePath: '/etc/docker/ca.pem',
    ServerCertRemotePath: '/etc/docker/server.pem',
    ServerKeyRemotePath: '/etc/docker/server-key.pem',
  });
  return record;
}

function setup(rules: FakeRule[], overrides: Partial<UpgradeEngineOptions> = {}) {
  const session = createFakeSession(rules);
  const waitForEngine = vi.fn(async () => '25.0.3');
  const options: UpgradeEngineOptions = {
    session,
    record: provisionedRecord(),
    provisioner: detectProvisioner({ ID: 'debian' }),
    driverName: 'generic',
    engineURL: 'tcp://10.200.1.1:2376',
    logger: silentLogger,
    waitForEngine,
    sleep: async () => {},
    ...overrides,
  };
  return { session, waitForEngine, options };
}

describe('upgradeEngine', () => {
  it('with the default URL upgrades the engine package the machine has (docker.io on Debian), then rewrites options and restarts', async () => {
    const { session, options } = setup([
      ['dpkg -s docker-ce', NOT_INSTALLED],
      ['dpkg -s docker.io', INSTALLED],
      [DOCKERD, { stdout: '/usr/sbin/dockerd\n' }],
    ]);
    const result = await upgradeEngine(options);
    expect(session.commands()).toEqual([
      'dpkg -s docker-ce',
      'dpkg -s docker.io',
      `sudo apt-get update ${APT_OPTIONS}`,
      `sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --only-upgrade ${APT_OPTIONS} docker.io`,
      DOCKERD,
      DROP_IN_WRITE,
      'sudo systemctl daemon-reload',
      'sudo systemctl -f restart docker',
    ]);
    expect(session.calls.find((c) => c.command === DROP_IN_WRITE)?.input).toContain('ExecStart=/usr/sbin/dockerd -H tcp://0.0.0.0:2376 ');
    expect(result).toEqual({ method: 'package', packages: ['docker.io'], dockerVersion: '25.0.3' });
  });

  it('upgrades docker-ce together with its CLI and containerd', async () => {
    const { session, options } = setup([['dpkg -s docker-ce-cli', INSTALLED], ['dpkg -s containerd.io', INSTALLED], ['dpkg -s docker-ce', INSTALLED]]);
    const result = await upgradeEngine(options);
    expect(result.packages).toEqual(['docker-ce', 'docker-ce-cli', 'containerd.io']);
    expect(session.commands()).toContain(
      `sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --only-upgrade ${APT_OPTIONS} docker-ce docker-ce-cli containerd.io`,
    );
  });

  it('re-runs a custom install URL unconditionally (docker/machine#4442), never the package manager', async () => {
    const url = 'http://10.200.1.254:8080/install.sh';
    const { session, options } = setup([], { record: provisionedRecord({ InstallURL: url }) });
    const result = await upgradeEngine(options);
    expect(session.commands()[0]).toBe(`script=$(curl -fsSL --connect-timeout 30 ${url}) && printf '%s\\n' "$script" | sh -`);
    expect(session.commands().some((c) => c.startsWith('dpkg') || c.includes('apt-get'))).toBe(false);
    expect(session.commands().slice(-2)).toEqual(['sudo systemctl daemon-reload', 'sudo systemctl -f restart docker']);
    expect(result.method).toBe('script');
  });

  it('runs the default script when no engine package is installed (static binaries)', async () => {
    const { session, options } = setup([[/^dpkg -s/, NOT_INSTALLED]]);
    await upgradeEngine(options);
    expect(session.commands()).toContain(`script=$(curl -fsSL --connect-timeout 30 https://get.docker.com) && printf '%s\\n' "$script" | sh -`);
  });

  it('purges the pre-CE docker-engine package for engines up to 1.13.1, then runs the script', async () => {
    const { session, options } = setup([['dpkg -s docker-engine', INSTALLED]], { engineVersion: '1.13.1' });
    await upgradeEngine(options);
    expect(session.commands().slice(0, 3)).toEqual([
      'dpkg -s docker-engine',
      `sudo env DEBIAN_FRONTEND=noninteractive apt-get purge -y ${APT_OPTIONS} docker-engine`,
      `script=$(curl -fsSL --connect-timeout 30 https://get.docker.com) && printf '%s\\n' "$script" | sh -`,
    ]);
  });

  it('uses rpm -q and yum on CentOS', async () => {
    const { session, options } = setup([[/^rpm -q docker-ce$/, { exitCode: 1 }]], { provisioner: detectProvisioner({ ID: 'centos' }) });
    // rpm -q docker-ce fails, rpm -q docker (the distribution's package) succeeds by default.
    const result = await upgradeEngine(options);
    expect(result.packages).toEqual(['docker']);
    expect(session.commands()).toContain('sudo yum upgrade -y --setopt=retries=1 --setopt=timeout=15 docker');
  });

  it('fails clearly when the script fails, without restarting', async () => {
    const url = 'http://10.200.1.254:8080/install.sh';
    const { session, waitForEngine, options } = setup([[/install\.sh/, { exitCode: 22, stderr: 'curl: (22) The requested URL returned error: 404' }]], {
      record: provisionedRecord({ InstallURL: url }),
    });
    await expect(upgradeEngine(options)).rejects.toMatchObject({
      code: 'ENGINE_INSTALL_FAILED',
      message: `Installing Docker on "m1" from ${url} failed (exit 22): curl: (22) The requested URL returned error: 404`,
    });
    expect(session.calls).toHaveLength(1);
    expect(waitForEngine).not.toHaveBeenCalled();
  });

  it('refuses engines berth does not manage', async () => {
    await expect(upgradeEngine(setup([], { record: provisionedRecord({ InstallURL: 'none' }) }).options)).rejects.toMatchObject({
      code: 'NOT_SUPPORTED',
      message: 'Docker on "m1" was not installed by berth (its install URL is "none")',
    });
    for (const id of ['boot2docker', 'flatcar', 'rancheros']) {
      const { session, options } = setup([], { provisioner: detectProvisioner({ ID: id }) });
      await expect(upgradeEngine(options)).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
      expect(session.calls).toHaveLength(0);
    }
  });
});

describe('compareVersions', () => {
  it('compares numerically, ignoring prefixes and suffixes', () => {
    expect(compareVersions('1.13.1', [1, 13, 1])).toBe(0);
    expect(compareVersions('1.13.0', [1, 13, 1])).toBe(-1);
    expect(compareVersions('1.9.1', [1, 13, 1])).toBe(-1);
    expect(compareVersions('v17.03.0-ce', [1, 13, 1])).toBe(1);
    expect(compareVersions('1.12.0-rc1', [1, 12])).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.js';
import { createFakeSession, type FakeRule } from './fake-ssh-session.js';
import { installScriptCommand } from './engine-install.js';
import { packageCommand } from './package-actions.js';
import { shellQuote, systemdWord } from './quoting.js';
import { hostsFileCommand, outputTail, serviceCommands, setHostname, writeRemoteFile, type RemoteContext } from './remote-commands.js';

function context(rules: FakeRule[] = [], extra: Partial<RemoteContext> = {}) {
  const session = createFakeSession(rules);
  return { session, ctx: { session, machineName: 'web.example.com', logger: silentLogger, ...extra } satisfies RemoteContext };
}

describe('serviceCommands', () => {
  it('reloads systemd before start and restart only', () => {
    expect(serviceCommands('systemd', 'restart', 'docker')).toEqual(['sudo systemctl daemon-reload', 'sudo systemctl -f restart docker']);
    expect(serviceCommands('systemd', 'start', 'docker')).toEqual(['sudo systemctl daemon-reload', 'sudo systemctl -f start docker']);
    expect(serviceCommands('systemd', 'enable', 'docker')).toEqual(['systemctl is-enabled -q docker 2>/dev/null || sudo systemctl -f enable docker']);
  });

  it('speaks upstart, boot2docker and RancherOS, where enable is a no-op', () => {
    expect(serviceCommands('upstart', 'restart', 'docker')).toEqual(['sudo service docker restart']);
    expect(serviceCommands('boot2docker', 'restart', 'docker')).toEqual(['sudo /etc/init.d/docker restart']);
    expect(serviceCommands('rancheros', 'restart', 'docker')).toEqual(['sudo system-docker restart docker']);
    expect(serviceCommands('upstart', 'enable', 'docker')).toEqual([]);
    expect(serviceCommands('rancheros', 'enable', 'docker')).toEqual([]);
  });
});

describe('packageCommand', () => {
  it('has a command per package manager and action', () => {
    expect(packageCommand('yum', 'purge', ['docker-engine'])).toBe('sudo yum remove -y --setopt=retries=1 --setopt=timeout=15 docker-engine');
    expect(packageCommand('dnf', 'install', ['curl', 'openssl'])).toBe('sudo dnf install -y --setopt=retries=1 --setopt=timeout=15 curl openssl');
    expect(packageCommand('pacman', 'install', ['docker'])).toBe('sudo pacman -Sy --noconfirm --noprogressbar --needed docker');
    expect(packageCommand('pacman', 'remove', ['docker'])).toBe('sudo pacman -R --noconfirm docker');
    expect(packageCommand('zypper', 'upgrade', ['docker'])).toBe('sudo zypper -n up docker');
    expect(packageCommand('none', 'install', ['docker'])).toBeUndefined();
  });
});

describe('setHostname', () => {
  it('escapes dots in the /etc/hosts patterns', () => {
    expect(hostsFileCommand('web.example.com')).toContain("grep -xq '.*\\sweb\\.example\\.com' /etc/hosts");
    expect(hostsFileCommand('web.example.com')).toContain("echo '127.0.1.1 web.example.com' | sudo tee -a /etc/hosts");
  });

  it('uses hostnamectl on CoreOS and writes a cloud-config on RancherOS', async () => {
    const coreos = context();
    await setHostname(coreos.ctx, 'hostnamectl', 'web.example.com');
    expect(coreos.session.commands()).toEqual(['sudo hostnamectl set-hostname web.example.com']);

    const rancher = context();
    await setHostname(rancher.ctx, 'rancheros', 'web.example.com');
    expect(rancher.session.commands()[0]).toBe("sudo sed -i '/127.0.1.1/d' /etc/hosts");
    expect(rancher.session.calls.at(-1)).toMatchObject({
      command: 'sudo tee /var/lib/rancher/conf/cloud-config.d/machine-hostname.yml >/dev/null',
      input: '#cloud-config\n\nhostname: web.example.com\n',
    });
  });

  it('refuses names that are not hostnames', async () => {
    const { ctx, session } = context();
    await expect(setHostname(ctx, 'generic', 'bad name;rm')).rejects.toMatchObject({ code: 'INVALID_MACHINE_NAME' });
    expect(session.calls).toHaveLength(0);
  });

  it('throws PROVISION_FAILED with the output when a step fails', async () => {
    const { ctx } = context([[/^sudo hostname/, { exitCode: 1, stderr: 'hostname: you must be root to change the host name' }]]);
    await expect(setHostname(ctx, 'generic', 'm1')).rejects.toMatchObject({
      code: 'PROVISION_FAILED',
      message: 'Setting the hostname to m1 on "web.example.com" failed (exit 1): hostname: you must be root to change the host name',
    });
  });
});

describe('writeRemoteFile', () => {
  it('sends the content on stdin, so nothing in it is interpreted by a shell', async () => {
    const { ctx, session } = context();
    const content = `it's "$HOME" \`x\` %s \\n`;
    await writeRemoteFile(ctx, '/etc/my file', content);
    expect(session.calls).toEqual([{ command: "sudo tee '/etc/my file' >/dev/null", input: content, timeoutMs: 60_000 }]);
  });
});

describe('quoting and helpers', () => {
  it('shellQuote leaves plain words and single-quotes the rest', () => {
    expect(shellQuote('https://get.docker.com')).toBe('https://get.docker.com');
    expect(shellQuote("a b'c")).toBe(`'a b'\\''c'`);
    expect(shellQuote('')).toBe("''");
  });

  it('systemdWord doubles % always and $ only in ExecStart', () => {
    expect(systemdWord('a%b$c', { escapeDollar: true })).toBe('a%%b$$c');
    expect(systemdWord('a%b$c', { escapeDollar: false })).toBe('a%%b$c');
    expect(systemdWord('x\\y "z"', { escapeDollar: true })).toBe('"x\\\\y \\"z\\""');
    expect(systemdWord('', { escapeDollar: true })).toBe('""');
  });

  it('installScriptCommand keeps a failed download from looking like success', () => {
    expect(installScriptCommand('https://get.docker.com', { onlyIfMissing: false })).toBe(
      `script=$(curl -fsSL --connect-timeout 30 https://get.docker.com) && printf '%s\\n' "$script" | sh -`,
    );
    expect(installScriptCommand('https://x/y', { onlyIfMissing: false, fetcher: 'wget' })).toBe(
      `script=$(wget -qO- https://x/y) && printf '%s\\n' "$script" | sh -`,
    );
  });

  it('outputTail keeps the last non-empty lines of stdout then stderr', () => {
    expect(outputTail({ stdout: 'a\n\nb\r\n', stderr: 'c\nd\ne\nf\n', exitCode: 1 })).toBe('b\nc\nd\ne\nf');
  });
});

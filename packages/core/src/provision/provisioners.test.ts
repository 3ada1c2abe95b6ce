import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isBerthError } from '../errors.js';
import { parseOsRelease } from './os-release.js';
import { PROVISIONERS, detectProvisioner } from './provisioners.js';

const fixturesDir = new URL('./fixtures/os-release/', import.meta.url);
const fixture = (name: string) => parseOsRelease(readFileSync(new URL(name, fixturesDir), 'utf8'));

describe('PROVISIONERS', () => {
  it('is tried in a fixed order', () => {
    expect(PROVISIONERS.map((p) => p.name)).toEqual([
      'debian', 'ubuntu(systemd)', 'ubuntu(upstart)', 'centos', 'redhat', 'rocky', 'fedora', 'amzn', 'ol', 'arch',
      'SUSE', 'boot2docker', 'coreOS', 'rancheros',
    ]);
  });

  it('matches each real os-release file with exactly one provisioner, so the order never decides a known OS', () => {
    for (const name of readdirSync(fixturesDir)) {
      const os = fixture(name);
      expect(PROVISIONERS.filter((p) => p.matches(os)).map((p) => p.name), name).toHaveLength(1);
    }
  });
});

describe('detectProvisioner', () => {
  it.each([
    ['debian-12', 'debian', 'apt', 'systemd'],
    ['ubuntu-22.04', 'ubuntu(systemd)', 'apt', 'systemd'],
    ['ubuntu-14.04', 'ubuntu(upstart)', 'apt', 'upstart'],
    ['centos-7', 'centos', 'yum', 'systemd'],
    ['rhel-9', 'redhat', 'yum', 'systemd'],
    ['rocky-9', 'rocky', 'dnf', 'systemd'],
    ['fedora-39', 'fedora', 'dnf', 'systemd'],
    ['fedora-coreos-39', 'coreOS', 'none', 'systemd'],
    ['amzn-2023', 'amzn', 'yum', 'systemd'],
    ['ol-8', 'ol', 'yum', 'systemd'],
    ['arch', 'arch', 'pacman', 'systemd'],
    ['manjaro', 'arch', 'pacman', 'systemd'],
    ['opensuse-leap-15', 'SUSE', 'zypper', 'systemd'],
    ['sles-15', 'SUSE', 'zypper', 'systemd'],
    ['flatcar', 'coreOS', 'none', 'systemd'],
    ['boot2docker', 'boot2docker', 'none', 'boot2docker'],
    ['rancheros', 'rancheros', 'none', 'rancheros'],
  ])('%s → %s', (name, provisioner, packageManager, serviceManager) => {
    const found = detectProvisioner(fixture(name));
    expect(found).toMatchObject({ name: provisioner, packageManager, serviceManager });
  });

  it('uses the right option files per family', () => {
    expect(detectProvisioner(fixture('debian-12'))).toMatchObject({
      dockerOptionsDir: '/etc/docker',
      daemonOptionsFile: '/etc/systemd/system/docker.service.d/10-machine.conf',
      daemonOptionsFormat: 'systemd',
    });
    expect(detectProvisioner(fixture('ubuntu-14.04'))).toMatchObject({ daemonOptionsFile: '/etc/default/docker', daemonOptionsFormat: 'docker-opts' });
    expect(detectProvisioner(fixture('boot2docker'))).toMatchObject({
      dockerOptionsDir: '/var/lib/boot2docker',
      daemonOptionsFile: '/var/lib/boot2docker/profile',
    });
    expect(detectProvisioner(fixture('rancheros'))).toMatchObject({
      dockerOptionsDir: '/var/lib/rancher/conf',
      daemonOptionsFile: '/var/lib/rancher/conf/docker',
    });
    expect(detectProvisioner(fixture('flatcar')).daemonOptionsFormat).toBe('coreos');
  });

  it('forces a PTY for the RedHat family only', () => {
    const withPty = PROVISIONERS.filter((p) => p.needsPty).map((p) => p.name);
    expect(withPty).toEqual(['centos', 'redhat', 'rocky', 'fedora', 'amzn', 'ol']);
  });

  it('treats Ubuntu before 15.04 as upstart and an unparsable VERSION_ID as systemd', () => {
    expect(detectProvisioner({ ID: 'ubuntu', VERSION_ID: '15.04' }).name).toBe('ubuntu(systemd)');
    expect(detectProvisioner({ ID: 'ubuntu', VERSION_ID: '14.10' }).name).toBe('ubuntu(upstart)');
    expect(detectProvisioner({ ID: 'ubuntu' }).name).toBe('ubuntu(systemd)');
  });

  it('matches by ID, not ID_LIKE, so derivatives are not taken for their parents', () => {
    // Rocky says ID_LIKE="rhel centos fedora"; Ubuntu says ID_LIKE=debian.
    expect(detectProvisioner({ ID: 'rocky', ID_LIKE: 'rhel centos fedora' }).name).toBe('rocky');
    expect(detectProvisioner({ ID: 'ubuntu', ID_LIKE: 'debian', VERSION_ID: '22.04' }).name).toBe('ubuntu(systemd)');
    expect(detectProvisioner({ ID: 'opensuse-tumbleweed', ID_LIKE: 'opensuse suse' }).name).toBe('SUSE');
    expect(detectProvisioner({ ID: 'coreos' }).name).toBe('coreOS');
  });

  it('names the OS and lists the supported ones when nothing matches', () => {
    let error: unknown;
    try {
      detectProvisioner(parseOsRelease('ID=alpine\nPRETTY_NAME="Alpine Linux v3.19"\n'));
    } catch (err) {
      error = err;
    }
    expect(isBerthError(error, 'OS_NOT_SUPPORTED')).toBe(true);
    expect(error).toMatchObject({ message: 'OS type not recognized: Alpine Linux v3.19', hint: expect.stringContaining('Debian, Ubuntu') });
    expect(() => detectProvisioner({ ID: 'gentoo' })).toThrow('OS type not recognized: gentoo');
  });
});

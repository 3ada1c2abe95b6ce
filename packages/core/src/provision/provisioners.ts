/**
 * The provisioner table (reference §6.1, rancher's additions in §11). docker-machine kept these in a Go
 * map and took the first compatible one in map order, i.e. at random; this list is tried in order.
 * Each entry is data: the steps in provision-machine.ts read it.
 */
import { BerthError } from '../errors.js';
import { describeOs, idLike, type OsRelease } from './os-release.js';

export type PackageManager = 'apt' | 'yum' | 'dnf' | 'pacman' | 'zypper' | 'none';
export type ServiceManager = 'systemd' | 'upstart' | 'boot2docker' | 'rancheros';
/** Which file daemon-options.ts renders: systemd drop-in, CoreOS drop-in, DOCKER_OPTS file, boot2docker profile. */
export type DaemonOptionsFormat = 'systemd' | 'coreos' | 'docker-opts' | 'boot2docker';
export type HostnameMethod = 'generic' | 'boot2docker' | 'hostnamectl' | 'rancheros';
/**
 * How the engine gets on the machine: `script` = the install URL (get.docker.com); `package` = the
 * distribution's `docker` package unless a custom install URL is given; `preinstalled` = part of the OS;
 * `rancheros` = preinstalled, a custom URL is piped through `wget -O- | sh -`.
 */
export type EngineInstallMethod = 'script' | 'package' | 'preinstalled' | 'rancheros';
/** `overlay2` unless asked otherwise; `btrfs-if-btrfs`: SUSE picks btrfs on a btrfs /var/lib/docker; `overlay-only`: RancherOS. */
export type StorageDriverRule = 'overlay2' | 'btrfs-if-btrfs' | 'overlay-only';

/** A package the provisioner needs, skipped when `command` is already on the machine. */
export interface BasePackage {
  name: string;
  command: string;
}

export interface Provisioner {
  /** Display name as docker-machine prints it (`Provisioning with debian...`). */
  name: string;
  matches(osRelease: OsRelease): boolean;
  packageManager: PackageManager;
  serviceManager: ServiceManager;
  /** Where the CA, server cert and key go (`<dir>/ca.pem`, `server.pem`, `server-key.pem`). */
  dockerOptionsDir: string;
  daemonOptionsFile: string;
  daemonOptionsFormat: DaemonOptionsFormat;
  /** Used when `command -v dockerd` finds nothing. */
  defaultDockerdPath: string;
  hostnameMethod: HostnameMethod;
  engineInstall: EngineInstallMethod;
  basePackages: readonly BasePackage[];
  storageDriverRule: StorageDriverRule;
  /** Older RedHat-family sudoers say `requiretty`: commands run with a PTY (docker-machine did the same). */
  needsPty: boolean;
  /** Minimal Debian/Arch images can lack sudo: install it (as the SSH user, who must then be root). */
  installsSudo: boolean;
  /** Ubuntu cloud images: wait for cloud-init (it holds the apt lock) before using apt (rancher). */
  waitsForCloudInit: boolean;
  /** SLES: register the containers module before installing docker (docker-machine's SUSEConnect step). */
  registersSLEContainersModule: boolean;
  /** `systemctl enable docker` at the end, so the engine comes back after a reboot. */
  enablesEngine: boolean;
}

const SYSTEMD_DROP_IN = '/etc/systemd/system/docker.service.d/10-machine.conf';
const CURL: BasePackage = { name: 'curl', command: 'curl' };
const OPENSSL: BasePackage = { name: 'openssl', command: 'openssl' };

/** The fields most systemd distributions share; entries override what differs. */
const systemdDefaults: Omit<Provisioner, 'name' | 'matches' | 'packageManager'> = {
  serviceManager: 'systemd',
  dockerOptionsDir: '/etc/docker',
  daemonOptionsFile: SYSTEMD_DROP_IN,
  daemonOptionsFormat: 'systemd',
  defaultDockerdPath: '/usr/bin/dockerd',
  hostnameMethod: 'generic',
  engineInstall: 'script',
  basePackages: [CURL],
  storageDriverRule: 'overlay2',
  needsPty: false,
  installsSudo: false,
  waitsForCloudInit: false,
  registersSLEContainersModule: false,
  enablesEngine: true,
};

const redHatDefaults = { ...systemdDefaults, basePackages: [CURL, OPENSSL], needsPty: true };

const id = (osRelease: OsRelease): string => osRelease['ID'] ?? '';
const variantId = (osRelease: OsRelease): string => osRelease['VARIANT_ID'] ?? '';

/** VERSION_ID as a number (`14.04` → 14.04); NaN when it is not one. */
function versionNumber(osRelease: OsRelease): number {
  const version = osRelease['VERSION_ID'] ?? '';
  return /^\d+(\.\d+)?$/.test(version) ? Number(version) : Number.NaN;
}

/** Ubuntu before 15.04 runs upstart. An unparsable VERSION_ID (a development release) counts as systemd. */
const isUpstartUbuntu = (osRelease: OsRelease): boolean => id(osRelease) === 'ubuntu' && versionNumber(osRelease) < 15.04;

const isFedoraCoreOS = (osRelease: OsRelease): boolean => id(osRelease) === 'fedora' && variantId(osRelease) === 'coreos';

/** The order detection tries them in. */
export const PROVISIONERS: readonly Provisioner[] = [
  {
    ...systemdDefaults,
    name: 'debian',
    matches: (os) => id(os) === 'debian',
    packageManager: 'apt',
    installsSudo: true,
  },
  {
    ...systemdDefaults,
    name: 'ubuntu(systemd)',
    matches: (os) => id(os) === 'ubuntu' && !isUpstartUbuntu(os),
    packageManager: 'apt',
    waitsForCloudInit: true,
  },
  {
    ...systemdDefaults,
    name: 'ubuntu(upstart)',
    matches: isUpstartUbuntu,
    packageManager: 'apt',
    serviceManager: 'upstart',
    daemonOptionsFile: '/etc/default/docker',
    daemonOptionsFormat: 'docker-opts',
    enablesEngine: false,
  },
  { ...redHatDefaults, name: 'centos', matches: (os) => id(os) === 'centos', packageManager: 'yum' },
  { ...redHatDefaults, name: 'redhat', matches: (os) => id(os) === 'rhel', packageManager: 'yum' },
  { ...redHatDefaults, name: 'rocky', matches: (os) => id(os) === 'rocky', packageManager: 'dnf' },
  {
    ...redHatDefaults,
    name: 'fedora',
    matches: (os) => id(os) === 'fedora' && !isFedoraCoreOS(os),
    packageManager: 'dnf',
  },
  // get.docker.com does not know Amazon Linux: its own `docker` package is the engine.
  { ...redHatDefaults, name: 'amzn', matches: (os) => id(os) === 'amzn', packageManager: 'yum', engineInstall: 'package' },
  { ...redHatDefaults, name: 'ol', matches: (os) => id(os) === 'ol', packageManager: 'yum' },
  {
    ...systemdDefaults,
    name: 'arch',
    matches: (os) => id(os) === 'arch' || idLike(os).includes('arch'),
    packageManager: 'pacman',
    engineInstall: 'package',
    installsSudo: true,
  },
  {
    ...systemdDefaults,
    name: 'SUSE',
    matches: (os) => idLike(os).includes('suse') || id(os).startsWith('opensuse') || id(os) === 'sles',
    packageManager: 'zypper',
    engineInstall: 'package',
    storageDriverRule: 'btrfs-if-btrfs',
    registersSLEContainersModule: true,
  },
  {
    ...systemdDefaults,
    name: 'boot2docker',
    matches: (os) => id(os) === 'boot2docker',
    packageManager: 'none',
    serviceManager: 'boot2docker',
    dockerOptionsDir: '/var/lib/boot2docker',
    daemonOptionsFile: '/var/lib/boot2docker/profile',
    daemonOptionsFormat: 'boot2docker',
    hostnameMethod: 'boot2docker',
    engineInstall: 'preinstalled',
    basePackages: [],
    enablesEngine: false,
  },
  {
    ...systemdDefaults,
    name: 'coreOS',
    matches: (os) => ['coreos', 'flatcar'].includes(id(os)) || idLike(os).includes('coreos') || isFedoraCoreOS(os),
    packageManager: 'none',
    daemonOptionsFormat: 'coreos',
    defaultDockerdPath: '/usr/lib/coreos/dockerd',
    hostnameMethod: 'hostnamectl',
    engineInstall: 'preinstalled',
    basePackages: [],
  },
  {
    ...systemdDefaults,
    name: 'rancheros',
    matches: (os) => id(os) === 'rancheros',
    packageManager: 'none',
    serviceManager: 'rancheros',
    dockerOptionsDir: '/var/lib/rancher/conf',
    daemonOptionsFile: '/var/lib/rancher/conf/docker',
    daemonOptionsFormat: 'docker-opts',
    hostnameMethod: 'rancheros',
    engineInstall: 'rancheros',
    basePackages: [],
    storageDriverRule: 'overlay-only',
    enablesEngine: false,
  },
];

/** The first provisioner in PROVISIONERS that fits the machine's os-release. */
export function detectProvisioner(osRelease: OsRelease): Provisioner {
  const found = PROVISIONERS.find((provisioner) => provisioner.matches(osRelease));
  if (found) return found;
  throw new BerthError('OS_NOT_SUPPORTED', `OS type not recognized: ${describeOs(osRelease)}`, {
    hint:
      'berth can provision Debian, Ubuntu, CentOS, RHEL, Rocky Linux, Fedora, Amazon Linux, Oracle Linux, ' +
      'Arch Linux (and ID_LIKE=arch), openSUSE/SLES, boot2docker, Flatcar/CoreOS and RancherOS.',
    details: { id: osRelease['ID'] ?? '', idLike: osRelease['ID_LIKE'] ?? '' },
  });
}

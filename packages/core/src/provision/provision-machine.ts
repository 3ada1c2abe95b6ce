/**
 * Provisioning a machine over SSH (reference §6.3 and §5.4): install the engine if needed, copy the
 * TLS files, write the daemon options, restart the engine and wait until it answers over TLS.
 *
 * The caller has waited for SSH and logged `Detecting the provisioner...`; it issues certificates and
 * checks the engine (a real TLS `GET /version`) through the two callbacks. Unlike docker-machine this
 * never `start`s an engine that may already be running (Debian's socket-activated docker.io): it
 * always restarts it after writing the options, and it does not change the record it is given.
 */
import { posix } from 'node:path';
import { BerthError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { SSHSession } from '../ssh/ssh-types.js';
import type { AuthOptions, EngineOptions, MachineRecord } from '../store/record.js';
import { parseTcpUrl } from '../engine/tcp-url.js';
import { renderDaemonOptions } from './daemon-options.js';
import { findDaemonCommand, installEngine } from './engine-install.js';
import { parseOsRelease, type OsRelease } from './os-release.js';
import { ensureSudo, installBasePackages } from './package-actions.js';
import { detectProvisioner, type Provisioner } from './provisioners.js';
import {
  deleteDockerBridge,
  makeRemoteDir,
  restartEngine,
  runRemote,
  runServiceAction,
  setHostname,
  writeRemoteFile,
  type RemoteContext,
} from './remote-commands.js';
import { chooseStorageDriver } from './storage-driver.js';

/** PEM texts for the machine's daemon: its certificate and key, and the CA that signed the client certificate. */
export interface ServerCertificates {
  certPem: string;
  keyPem: string;
  caPem: string;
}

export interface ProvisionMachineOptions {
  session: SSHSession;
  record: MachineRecord;
  driverName: string;
  /** The driver's URL, `tcp://IP:PORT`: the daemon listens on PORT. */
  engineURL: string;
  /** Goes into the server certificate's SANs, after `--tls-san` and before `localhost`. */
  machineIP: string;
  /** The machine's /etc/os-release, when the caller already read it; read here otherwise. */
  osRelease?: OsRelease;
  logger: Logger;
  /** Issues (and saves locally) the daemon's certificate for these SANs. */
  issueServerCert: (hosts: string[]) => Promise<ServerCertificates>;
  /** Resolves with the engine version once the engine answers over TLS; rejects when it never does. */
  waitForEngine: () => Promise<string>;
  signal?: AbortSignal;
  /** Pause between bounded retries (apt lock); for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface ProvisionResult {
  /** The provisioner's display name (`debian`, `ubuntu(systemd)`, ...). */
  provisioner: string;
  /** The record's EngineOptions with the storage driver that was chosen. */
  engineOptions: EngineOptions;
  /** The record's AuthOptions with CaCertRemotePath, ServerCertRemotePath and ServerKeyRemotePath set. */
  authOptions: AuthOptions;
  /** What the engine reported once it answered. */
  dockerVersion: string;
}

/** Reads and parses /etc/os-release; PROVISION_FAILED when the file cannot be read. */
export async function readOsRelease(ctx: RemoteContext): Promise<OsRelease> {
  const result = await runRemote(ctx, 'cat /etc/os-release');
  if (result.exitCode !== 0) {
    throw new BerthError('PROVISION_FAILED', `Error detecting OS: cannot read /etc/os-release on "${ctx.machineName}" (exit ${result.exitCode})`, {
      hint: 'berth provisions Linux machines that have /etc/os-release.',
    });
  }
  return parseOsRelease(result.stdout);
}

/** The remote paths of the daemon's TLS files, in the provisioner's options directory. */
export function remoteCertPaths(provisioner: Provisioner, auth: AuthOptions): AuthOptions {
  return {
    ...auth,
    CaCertRemotePath: posix.join(provisioner.dockerOptionsDir, 'ca.pem'),
    ServerCertRemotePath: posix.join(provisioner.dockerOptionsDir, 'server.pem'),
    ServerKeyRemotePath: posix.join(provisioner.dockerOptionsDir, 'server-key.pem'),
  };
}

/** Server certificate SANs (reference §5.2): `--tls-san` values, the machine IP, then localhost. */
export function serverCertHosts(auth: AuthOptions, machineIP: string): string[] {
  return [...(auth.ServerCertSANs ?? []), machineIP, 'localhost'];
}

export async function provisionMachine(options: ProvisionMachineOptions): Promise<ProvisionResult> {
  const { record, logger } = options;
  const hostOptions = record.HostOptions;
  rejectStandaloneSwarm(record);
  const baseContext: RemoteContext = {
    session: options.session,
    machineName: record.Name,
    logger,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  };
  const osRelease = options.osRelease ?? (await readOsRelease(baseContext));
  const provisioner = detectProvisioner(osRelease);
  const ctx: RemoteContext = { ...baseContext, pty: provisioner.needsPty };
  logger.info(`Provisioning with ${provisioner.name}...`);

  // RSA key generation takes a moment: it runs while the machine is prepared.
  const certificates = options.issueServerCert(serverCertHosts(hostOptions.AuthOptions, options.machineIP));
  certificates.catch(() => {}); // awaited below; a remote failure first must not leave it unhandled

  if (provisioner.installsSudo) await ensureSudo(ctx, provisioner.packageManager);
  if (provisioner.waitsForCloudInit) await waitForCloudInit(ctx);
  const storageDriver = await chooseStorageDriver(ctx, provisioner.storageDriverRule, hostOptions.EngineOptions.StorageDriver);
  await setHostname(ctx, provisioner.hostnameMethod, record.Name);
  if (provisioner.registersSLEContainersModule) await registerSLEContainersModule(ctx, osRelease);
  await installBasePackages(ctx, provisioner.packageManager, provisioner.basePackages);
  await installEngine(ctx, provisioner, hostOptions.EngineOptions.InstallURL);
  const usesDaemonCommand = provisioner.daemonOptionsFormat === 'systemd' || provisioner.daemonOptionsFormat === 'coreos';
  const daemonCommand = usesDaemonCommand ? await findDaemonCommand(ctx, provisioner) : undefined;

  const engineOptions: EngineOptions = { ...hostOptions.EngineOptions, StorageDriver: storageDriver };
  const authOptions = remoteCertPaths(provisioner, hostOptions.AuthOptions);
  const pems = await certificates;
  logger.info('Copying certs to the remote machine...');
  if (posix.dirname(authOptions.CaCertRemotePath) !== provisioner.dockerOptionsDir) await makeRemoteDir(ctx, provisioner.dockerOptionsDir);
  await writeRemoteFile(ctx, authOptions.CaCertRemotePath, pems.caPem, { makeDir: true });
  await writeRemoteFile(ctx, authOptions.ServerCertRemotePath, pems.certPem);
  await writeRemoteFile(ctx, authOptions.ServerKeyRemotePath, pems.keyPem, { mode: '600' });
  await deleteDockerBridge(ctx);

  logger.info('Setting Docker configuration on the remote daemon...');
  const daemonOptions = renderDaemonOptions(provisioner.daemonOptionsFormat, {
    engine: engineOptions,
    auth: authOptions,
    driverName: options.driverName,
    enginePort: parseTcpUrl(options.engineURL).port,
    ...(daemonCommand ? { daemonCommand } : {}),
  });
  await writeRemoteFile(ctx, provisioner.daemonOptionsFile, daemonOptions, { makeDir: true });
  await restartEngine(ctx, provisioner.serviceManager);
  const dockerVersion = await options.waitForEngine();
  if (provisioner.enablesEngine) await runServiceAction(ctx, provisioner.serviceManager, 'enable', 'docker');
  return { provisioner: provisioner.name, engineOptions, authOptions, dockerVersion };
}

/** Standalone Swarm (§6.5) ran `swarm` containers that Docker retired in 2019; berth does not create them. */
function rejectStandaloneSwarm(record: MachineRecord): void {
  if (!record.HostOptions.SwarmOptions.IsSwarm) return;
  throw new BerthError('NOT_SUPPORTED', `Machine "${record.Name}" asks for standalone Swarm, which berth does not provision`, {
    hint:
      'Standalone Swarm (the swarm image, --swarm flags) is retired. Create the machine without --swarm and ' +
      'use Docker\'s built-in swarm mode: `docker swarm init` on one machine, `docker swarm join` on the others.',
  });
}

/** cloud-init holds the apt lock while it sets up a fresh Ubuntu cloud image; wait for it (bounded, failures ignored). */
export const CLOUD_INIT_WAIT_SECONDS = 600;

async function waitForCloudInit(ctx: RemoteContext): Promise<void> {
  const command = `if command -v cloud-init >/dev/null 2>&1; then sudo timeout ${CLOUD_INIT_WAIT_SECONDS} cloud-init status --wait >/dev/null; fi`;
  const result = await runRemote(ctx, command, { timeoutMs: (CLOUD_INIT_WAIT_SECONDS + 30) * 1000 });
  // Exit 2 is "done, with recoverable errors" (rancher tolerated it); anything else is only worth a debug line.
  if (result.exitCode !== 0) ctx.logger.debug(`(${ctx.machineName}) cloud-init status --wait exited ${result.exitCode}`);
}

/** SLES ships docker in its Containers module; register it first (best effort: it may already be there). */
async function registerSLEContainersModule(ctx: RemoteContext, osRelease: OsRelease): Promise<void> {
  if ((osRelease['ID'] ?? '').startsWith('opensuse')) return;
  const version = osRelease['VERSION_ID'] ?? '';
  const result = await runRemote(ctx, `sudo SUSEConnect -p "sle-module-containers/${version.replace(/[^0-9.]/g, '')}/$(uname -m)"`);
  if (result.exitCode !== 0) ctx.logger.warn(`Registering the SLE Containers module on "${ctx.machineName}" failed (exit ${result.exitCode}); installing docker anyway`);
}

import { storeLayout } from '../paths.js';
import type { MachineRecord } from '../store/record.js';
import type { HostKeyPolicy } from '../ssh/host-key.js';
import type { SSHSession } from '../ssh/ssh-types.js';
import type { MachineClient } from './machine-client.js';
import { certificateUser } from './machine-certs.js';
import { machineIP } from './driver-queries.js';
import { checkMachineConnection, machineURL } from './machine-queries.js';
import { machineSSHTarget } from './machine-ssh.js';
import { waitForMachineEngine } from './wait-for-engine.js';

export interface ProvisionFlowOptions {
  signal?: AbortSignal;
  /** Default 'accept-new': the first contact pins the host key, a changed key is refused. */
  hostKeyPolicy?: HostKeyPolicy;
}

/**
 * Provisioning of a running machine (reference §6, and §1.5 steps g–i): SSH, OS detection, engine
 * install, TLS material, daemon options, engine restart, then a real TLS `GET /version`. The same
 * routine serves `create`, `provision` and `regenerate-certs`. Updates `record` in place.
 */
export async function provisionRunningMachine(
  client: MachineClient,
  record: MachineRecord,
  options: ProvisionFlowOptions = {},
): Promise<void> {
  const [{ openSSHSession }, { waitForSSH }, { provisionMachine }] = await Promise.all([
    import('../ssh/connect.js'),
    import('../ssh/wait-for-ssh.js'),
    import('../provision/provision-machine.js'),
  ]);
  const log = client.logger;
  const hostKeyPolicy = options.hostKeyPolicy ?? 'accept-new';
  const signalOpt = options.signal ? { signal: options.signal } : {};
  log.info('Detecting operating system of created instance...');
  const target = await machineSSHTarget(client, record);
  log.info('Waiting for SSH to be available...');
  const agent = client.env.SSH_AUTH_SOCK ? { agentSocket: client.env.SSH_AUTH_SOCK } : {};
  await waitForSSH(target, { ...signalOpt, hostKeyPolicy, ...agent });
  const open = () => openSSHSession(target, { ...signalOpt, hostKeyPolicy, ...agent });
  let session = await open();
  if (!(await waitForBoot(session))) {
    await session.close().catch(() => undefined);
    session = await open();
  }
  try {
    log.info('Detecting the provisioner...');
    const [engineURL, ip] = await Promise.all([machineURL(client, record), machineIP(client, record)]);
    const result = await provisionMachine({
      session,
      record,
      driverName: record.DriverName,
      engineURL,
      machineIP: ip,
      logger: log,
      issueServerCert: (hosts) => issueMachineServerCert(client, record, hosts),
      waitForEngine: () => waitForMachineEngine(client, record),
      ...signalOpt,
    });
    record.HostOptions.EngineOptions = result.engineOptions;
    record.HostOptions.AuthOptions = result.authOptions;
  } finally {
    await session.close();
  }
  log.info('Checking connection to Docker...');
  await checkMachineConnection(client, record);
  log.info('Docker is up and running!');
}

/**
 * sshd answers before a freshly booted host has finished booting (cloud VMs run cloud-init, systemd
 * still starts units, and a unit starting late can drop early SSH sessions). On systemd hosts, wait
 * for the boot to settle (bounded); anything else goes straight on.
 */
export const BOOT_WAIT_SECONDS = 60;

/**
 * Returns false when the boot dropped the connection (the caller opens a new one). The session is
 * kept otherwise: closing root's last session while opening the next races systemd-logind's
 * clean-up of the user, which can kill the new session.
 */
async function waitForBoot(session: SSHSession): Promise<boolean> {
  try {
    await session.run(
      `if command -v systemctl >/dev/null 2>&1; then timeout ${BOOT_WAIT_SECONDS} systemctl is-system-running --wait >/dev/null 2>&1; fi; true`,
      { timeoutMs: (BOOT_WAIT_SECONDS + 15) * 1000 },
    );
    return true;
  } catch {
    return false;
  }
}

/** Issues the engine's server certificate from the store CA and saves it in the machine folder (§5.2). */
async function issueMachineServerCert(client: MachineClient, record: MachineRecord, hosts: string[]) {
  const [{ readCA }, { issueServerCert }, { writeKeyPair }, { serverCertOrg }] = await Promise.all([
    import('../certs/read-ca.js'),
    import('../certs/issue-server-cert.js'),
    import('../certs/write-key-pair.js'),
    import('../certs/cert-orgs.js'),
  ]);
  const auth = record.HostOptions.AuthOptions;
  const ca = await readCA(auth.CaCertPath, auth.CaPrivateKeyPath);
  const pair = await issueServerCert({
    ca,
    org: serverCertOrg(certificateUser(client.env), record.Name),
    hosts,
    isSwarmMaster: record.HostOptions.SwarmOptions.Master,
  });
  const dir = storeLayout(client.storePath).machineDir(record.Name);
  await writeKeyPair(
    { certPath: auth.ServerCertPath || `${dir}/server.pem`, keyPath: auth.ServerKeyPath || `${dir}/server-key.pem` },
    pair,
  );
  return { certPem: pair.certPem, keyPem: pair.keyPem, caPem: ca.certPem };
}

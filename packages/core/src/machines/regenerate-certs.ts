import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isErrnoException } from '../errors.js';
import { storeLayout } from '../paths.js';
import type { AuthOptions } from '../store/record.js';
import { runOnMachines } from './lifecycle.js';
import type { MachineClient } from './machine-client.js';
import { certificateUser } from './machine-certs.js';
import { provisionRunningMachine, type ProvisionFlowOptions } from './provision-flow.js';
import { requireProvisionableRunning } from './provision-machines.js';

export interface RegenerateCertsOptions extends ProvisionFlowOptions {
  /** `--client-certs`: first replace the CA and the client certificate, even when still valid. */
  clientCerts?: boolean;
}

/** The client files `create` copies into a machine folder (what DOCKER_CERT_PATH points at). */
const CLIENT_COPIES = ['ca.pem', 'cert.pem', 'key.pem'] as const;

/**
 * `regenerate-certs [--client-certs] NAME...` (reference §1.4, §10 items 2 and 3): per machine, the
 * whole provisioning again, which issues a new server certificate for the machine's current IP and
 * restarts the engine. With `clientCerts` the CA and client certificate are really replaced first
 * (docker-machine only replaced expired ones), once per CA however many machines are named, and the
 * copies in every machine folder are refreshed.
 */
export async function regenerateMachineCertificates(
  client: MachineClient,
  names: readonly string[],
  options: RegenerateCertsOptions = {},
): Promise<void> {
  const { clientCerts, ...flow } = options;
  const regenerations = new Map<string, Promise<void>>();
  await runOnMachines(client, names, async (record) => {
    await requireProvisionableRunning(client, record);
    if (clientCerts) {
      const auth = record.HostOptions.AuthOptions;
      const key = resolve(auth.CaCertPath);
      let regeneration = regenerations.get(key);
      if (!regeneration) {
        regeneration = regenerateStoreClientCertificates(client, auth, names);
        regenerations.set(key, regeneration);
      }
      await regeneration;
    }
    await provisionRunningMachine(client, record, flow);
  });
}

/**
 * Replaces the CA and client certificate named by `auth` under the store lock, then refreshes the
 * copies of every machine using that CA. Machines not being regenerated now still run engines that
 * trust the old CA: a warning names them.
 */
export async function regenerateStoreClientCertificates(
  client: MachineClient,
  auth: AuthOptions,
  regenerating: readonly string[],
): Promise<void> {
  const { regenerateClientCertificates } = await import('../certs/bootstrap.js');
  const lock = await client.store.lockStore();
  let refreshed: string[];
  try {
    await regenerateClientCertificates({
      certDir: auth.CertDir,
      caCertPath: auth.CaCertPath,
      caKeyPath: auth.CaPrivateKeyPath,
      clientCertPath: auth.ClientCertPath,
      clientKeyPath: auth.ClientKeyPath,
      user: certificateUser(client.env),
      report: (line) => client.logger.info(line),
    });
    refreshed = await refreshClientCertCopies(client, auth.CaCertPath);
  } finally {
    await lock.release();
  }
  const others = refreshed.filter((name) => !regenerating.includes(name));
  if (others.length) {
    client.logger.warn(
      `The engines of ${others.map((n) => `"${n}"`).join(', ')} still trust the old CA: ` +
        `run \`berth regenerate-certs ${others.join(' ')}\` for ${others.length === 1 ? 'it' : 'them'} too.`,
    );
  }
}

/**
 * Copies the CA certificate, client certificate and key again into every machine folder that holds
 * copies (ca.pem, cert.pem, key.pem) and whose record uses the CA at `caCertPath`; each machine's
 * own record says where its files come from. A machine whose config cannot be read is left alone.
 * Returns the machines refreshed, in store order.
 */
export async function refreshClientCertCopies(client: MachineClient, caCertPath: string): Promise<string[]> {
  const { copyClientCertsToMachine } = await import('../certs/client-copy.js');
  const layout = storeLayout(client.storePath);
  const wanted = resolve(caCertPath);
  const refreshed: string[] = [];
  for (const { name, record } of await client.store.loadAll()) {
    if (!record) continue;
    const auth = record.HostOptions.AuthOptions;
    if (resolve(auth.CaCertPath) !== wanted) continue;
    const machineDir = layout.machineDir(name);
    if (!(await hasAnyCopy(machineDir))) continue;
    await copyClientCertsToMachine({
      caCertPath: auth.CaCertPath,
      clientCertPath: auth.ClientCertPath,
      clientKeyPath: auth.ClientKeyPath,
      machineDir,
    });
    refreshed.push(name);
  }
  return refreshed;
}

async function hasAnyCopy(machineDir: string): Promise<boolean> {
  for (const file of CLIENT_COPIES) {
    try {
      await access(join(machineDir, file));
      return true;
    } catch (err) {
      if (!isErrnoException(err, 'ENOENT')) throw err;
    }
  }
  return false;
}

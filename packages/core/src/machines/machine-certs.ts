import type { MachineRecord } from '../store/record.js';
import type { MachineClient } from './machine-client.js';

/** Global `--tls-*` flags: where the CA and client certificates live when not in <store>/certs. */
export interface TLSOverrides {
  caCertPath?: string;
  caKeyPath?: string;
  clientCertPath?: string;
  clientKeyPath?: string;
}

/** The local user name used as the certificates' organisation (docker-machine: $USER, %USERNAME%, else "unknown"). */
export function certificateUser(env: Record<string, string | undefined>): string {
  return env.USER || env.USERNAME || 'unknown';
}

/** Bootstraps the CA and client certificate the record names, under the store-wide lock (reference §5.3). */
export async function bootstrapMachineCertificates(client: MachineClient, record: MachineRecord): Promise<void> {
  const { bootstrapCertificates } = await import('../certs/bootstrap.js');
  const auth = record.HostOptions.AuthOptions;
  await bootstrapCertificates({
    certDir: auth.CertDir,
    caCertPath: auth.CaCertPath,
    caKeyPath: auth.CaPrivateKeyPath,
    clientCertPath: auth.ClientCertPath,
    clientKeyPath: auth.ClientKeyPath,
    user: certificateUser(client.env),
    lock: () => client.store.lockStore(),
    report: (line) => client.logger.info(line),
  });
}

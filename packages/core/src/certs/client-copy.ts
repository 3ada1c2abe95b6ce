import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../store/atomic-write.js';

export interface ClientCopyOptions {
  caCertPath: string;
  clientCertPath: string;
  clientKeyPath: string;
  /** `<store>/machines/NAME`. */
  machineDir: string;
}

export interface MachineClientCerts {
  caPath: string;
  certPath: string;
  keyPath: string;
}

/**
 * Copies the CA certificate, client certificate and client key into the machine's folder as
 * `ca.pem`, `cert.pem`, `key.pem` (what DOCKER_CERT_PATH points at), each keeping its source's mode
 * and written atomically (reference §5.4).
 */
export async function copyClientCertsToMachine(options: ClientCopyOptions): Promise<MachineClientCerts> {
  const target: MachineClientCerts = {
    caPath: join(options.machineDir, 'ca.pem'),
    certPath: join(options.machineDir, 'cert.pem'),
    keyPath: join(options.machineDir, 'key.pem'),
  };
  await Promise.all([
    copyWithMode(options.caCertPath, target.caPath),
    copyWithMode(options.clientCertPath, target.certPath),
    copyWithMode(options.clientKeyPath, target.keyPath),
  ]);
  return target;
}

async function copyWithMode(source: string, destination: string): Promise<void> {
  const [data, info] = await Promise.all([readFile(source, 'utf8'), stat(source)]);
  await writeFileAtomic(destination, data, { mode: info.mode & 0o777 });
}

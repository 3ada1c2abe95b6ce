import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { getDockerVersion } from '../engine/docker-version.js';
import type { MachineRecord } from '../store/record.js';

/** The engine's TLS session ticket, kept so the next query resumes instead of a full handshake. */
export const TLS_SESSION_FILE = '.berth-tls-session';

/** docker-machine's connection-check dial timeout (reference §5.5). */
export const ENGINE_CHECK_TIMEOUT_MS = 20_000;

export interface MachineTLSFiles {
  caPath: string;
  certPath: string;
  keyPath: string;
}

/**
 * The TLS files a client uses for this machine: the copies in the machine's folder (what
 * DOCKER_CERT_PATH points at), else the store-level files its AuthOptions name (docker-machine's
 * `none` machines never got copies).
 */
export function machineTLSFiles(record: MachineRecord, machineDir: string): MachineTLSFiles {
  const local = { caPath: join(machineDir, 'ca.pem'), certPath: join(machineDir, 'cert.pem'), keyPath: join(machineDir, 'key.pem') };
  if (existsSync(local.keyPath)) return local;
  const auth = record.HostOptions.AuthOptions;
  return { caPath: auth.CaCertPath, certPath: auth.ClientCertPath, keyPath: auth.ClientKeyPath };
}

/** `GET /version` on the machine's engine over TLS with the machine's certificates. */
export async function queryEngineVersion(
  record: MachineRecord,
  machineDir: string,
  url: string,
  /** `expectedServerCertPem`: the engine must present exactly this certificate (undefined: any its CA signed). */
  options: { timeoutMs?: number; signal?: AbortSignal; expectedServerCertPem?: string | undefined } = {},
): Promise<string> {
  const files = machineTLSFiles(record, machineDir);
  const result = await getDockerVersion({
    url,
    ...files,
    ...(options.expectedServerCertPem ? { expectedServerCertPem: options.expectedServerCertPem } : {}),
    timeoutMs: options.timeoutMs ?? ENGINE_CHECK_TIMEOUT_MS,
    machineName: record.Name,
    sessionPath: join(machineDir, TLS_SESSION_FILE),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return result.version;
}

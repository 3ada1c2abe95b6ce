import type { CertificatePair } from './issue-certificate.js';
import { prepareFileAtomic } from '../store/atomic-write.js';

/** Private keys are readable by their owner only. */
export const KEY_FILE_MODE = 0o600;
/** Certificates are public. */
export const CERT_FILE_MODE = 0o644;

export interface KeyPairPaths {
  certPath: string;
  keyPath: string;
}

/**
 * Writes a certificate (0644) and its key (0600) atomically. Both are prepared first; the key is
 * renamed into place before the certificate, so a crash in between leaves "key without certificate",
 * which bootstrap reports, never a certificate whose key is missing.
 */
export async function writeKeyPair(paths: KeyPairPaths, pair: CertificatePair): Promise<void> {
  const key = await prepareFileAtomic(paths.keyPath, pair.keyPem, { mode: KEY_FILE_MODE });
  const cert = await prepareFileAtomic(paths.certPath, pair.certPem, { mode: CERT_FILE_MODE }).catch(async (err: unknown) => {
    await key.discard();
    throw err;
  });
  await key.commit();
  await cert.commit();
}

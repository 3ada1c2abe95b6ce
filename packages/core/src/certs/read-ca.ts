import { readFile } from 'node:fs/promises';
import { BerthError, isErrnoException } from '../errors.js';
import type { CertificatePair } from './issue-certificate.js';

/** Reads the CA certificate and key that sign server certificates. */
export async function readCA(certPath: string, keyPath: string): Promise<CertificatePair> {
  const [certPem, keyPem] = await Promise.all([readPem(certPath, 'certificate'), readPem(keyPath, 'key')]);
  return { certPem, keyPem };
}

async function readPem(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if (isErrnoException(err, 'ENOENT')) {
      throw new BerthError('CERT_NOT_FOUND', `CA ${what} "${path}" does not exist`, {
        hint: 'Create a machine to set up the CA, or run `berth regenerate-certs --client-certs NAME` to make a new one.',
        cause: err,
      });
    }
    throw err;
  }
}

import { issueCertificate } from './issue-certificate.js';
import type { CertificatePair } from './issue-certificate.js';

/** A self-signed CA (reference §5.2): IsCA, key usage adds keyCertSign; org = the local user name. */
export function issueCA(options: { org: string; keyPem?: string; now?: Date }): Promise<CertificatePair> {
  return issueCertificate({
    org: options.org,
    isCA: true,
    keyUsage: ['digitalSignature', 'keyEncipherment', 'keyAgreement', 'keyCertSign'],
    ...(options.keyPem ? { keyPem: options.keyPem } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
}

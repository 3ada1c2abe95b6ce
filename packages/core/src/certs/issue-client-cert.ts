import { issueCertificate } from './issue-certificate.js';
import type { CertificatePair } from './issue-certificate.js';

/**
 * The client certificate the Docker CLI presents (reference §5.2): signed by the CA, extKeyUsage
 * clientAuth, key usage reduced to digitalSignature; org = `<user>.<bootstrap>` (see clientCertOrg).
 */
export function issueClientCert(options: { ca: CertificatePair; org: string; keyPem?: string; now?: Date }): Promise<CertificatePair> {
  return issueCertificate({
    org: options.org,
    issuer: options.ca,
    isCA: false,
    keyUsage: ['digitalSignature'],
    extKeyUsage: ['clientAuth'],
    ...(options.keyPem ? { keyPem: options.keyPem } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
}

import { issueCertificate } from './issue-certificate.js';
import type { CertificatePair } from './issue-certificate.js';
import { classifySubjectAltNames } from './subject-alt-names.js';

export interface ServerCertOptions {
  ca: CertificatePair;
  /** `<user>.<machine name>` (see serverCertOrg). */
  org: string;
  /** SANs in order: `--tls-san` values, the machine IP, `localhost` (see serverCertHosts). */
  hosts: readonly string[];
  /** A swarm master's daemon certificate also serves as a client certificate (extKeyUsage clientAuth). */
  isSwarmMaster?: boolean;
  /** A PKCS#1 PEM key to certify; a new one is made when omitted. */
  keyPem?: string;
  now?: Date;
}

/**
 * A machine's Docker daemon certificate (reference §5.2): signed by the CA, extKeyUsage serverAuth;
 * IP-looking hosts become IP SANs, the others DNS SANs, duplicates dropped.
 */
export function issueServerCert(options: ServerCertOptions): Promise<CertificatePair> {
  const { ips, dnsNames } = classifySubjectAltNames(options.hosts);
  return issueCertificate({
    org: options.org,
    issuer: options.ca,
    isCA: false,
    keyUsage: ['digitalSignature', 'keyEncipherment', 'keyAgreement'],
    extKeyUsage: options.isSwarmMaster ? ['serverAuth', 'clientAuth'] : ['serverAuth'],
    ips,
    dnsNames,
    ...(options.keyPem ? { keyPem: options.keyPem } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
}

import { X509Certificate } from 'node:crypto';

/** NotBefore/NotAfter of a PEM certificate, read with Node's native X.509 parser (no forge). */
export function certificateDates(certPem: string): { notBefore: Date; notAfter: Date } {
  const cert = new X509Certificate(certPem);
  return { notBefore: new Date(cert.validFrom), notAfter: new Date(cert.validTo) };
}

/** docker-machine's "outdated" test: the certificate's NotAfter has passed. */
export function isCertificateExpired(certPem: string, now: Date): boolean {
  return certificateDates(certPem).notAfter.getTime() < now.getTime();
}

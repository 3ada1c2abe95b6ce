import { createPublicKey, sign } from 'node:crypto';
import { certificateValidity, randomSerialHex } from './cert-template.js';
import { generateRsaKeyPem } from './generate-rsa-key.js';
import { loadForge } from './load-forge.js';
import type { Forge, ForgeAsn1, ForgeCertificate, ForgePublicKey } from './load-forge.js';

/** A certificate and its private key, both PEM (`CERTIFICATE`, PKCS#1 `RSA PRIVATE KEY`). */
export interface CertificatePair {
  certPem: string;
  keyPem: string;
}

export type KeyUsageName = 'digitalSignature' | 'keyEncipherment' | 'keyAgreement' | 'keyCertSign';
export type ExtKeyUsageName = 'serverAuth' | 'clientAuth';

export interface CertificateRequest {
  org: string;
  /** Signing CA; omitted for a self-signed CA certificate. */
  issuer?: CertificatePair;
  isCA: boolean;
  keyUsage: readonly KeyUsageName[];
  extKeyUsage?: readonly ExtKeyUsageName[];
  ips?: readonly string[];
  dnsNames?: readonly string[];
  /** A PKCS#1 PEM key to certify; a new 2048-bit key is made when omitted. */
  keyPem?: string;
  now?: Date;
}

/**
 * Makes a new RSA key and a certificate for it following docker-machine's template (reference §5.1):
 * subject O only, random 128-bit serial, backdated 5 minutes, valid 1080 days, critical key usage and
 * basic constraints, SHA-256 signature. Subject and authority key identifiers are added too, as Go
 * does for CAs and strict verifiers (Python 3.13's VERIFY_X509_STRICT) require. forge only builds
 * the DER; the key is made and the signature computed by Node's native crypto (forge's pure-JS
 * RSA is 10-100 times slower).
 */
export async function issueCertificate(request: CertificateRequest): Promise<CertificatePair> {
  const [forge, keyPem] = await Promise.all([loadForge(), request.keyPem ?? generateRsaKeyPem()]);
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKeyOf(forge, keyPem);
  cert.serialNumber = randomSerialHex();
  const { notBefore, notAfter } = certificateValidity(request.now ?? new Date());
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  const subject = [{ name: 'organizationName', value: request.org, valueTagClass: directoryStringTag(forge, request.org) }];
  cert.setSubject(subject);

  let signingKeyPem = keyPem;
  let authorityKeyId: string;
  let issuerName: ForgeAsn1 | undefined;
  if (request.issuer) {
    const caCert = forge.pki.certificateFromPem(request.issuer.certPem);
    signingKeyPem = request.issuer.keyPem;
    cert.setIssuer(caCert.subject.attributes); // for forge's bookkeeping; the DER uses issuerName
    issuerName = rawSubject(forge, request.issuer.certPem);
    authorityKeyId = subjectKeyIdBytes(forge, caCert);
  } else {
    cert.setIssuer(subject);
    authorityKeyId = cert.generateSubjectKeyIdentifier().getBytes();
  }

  cert.setExtensions([
    { name: 'keyUsage', critical: true, ...flags(request.keyUsage) },
    ...(request.extKeyUsage?.length ? [{ name: 'extKeyUsage', ...flags(request.extKeyUsage) }] : []),
    { name: 'basicConstraints', critical: true, cA: request.isCA },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: authorityKeyId },
    ...subjectAltNameExtension(request),
  ]);
  signNatively(forge, cert, signingKeyPem, issuerName);
  // forge ends PEM lines with CRLF; Go (docker-machine) and Node write LF.
  return { certPem: forge.pki.certificateToPem(cert).replace(/\r\n/g, '\n'), keyPem };
}

/**
 * What forge's `cert.sign()` does, with the RSA operation done by Node (SHA-256, PKCS#1 v1.5). The
 * issuer field is replaced by the CA's subject exactly as encoded in the CA certificate: Go matches
 * issuer to subject byte for byte, and forge's re-encoding of a parsed name is not faithful (it
 * double-encodes UTF8String values).
 */
function signNatively(forge: Forge, cert: ForgeCertificate, signingKeyPem: string, issuerName: ForgeAsn1 | undefined): void {
  const sha256WithRSA = forge.pki.oids.sha256WithRSAEncryption as string;
  const writable = cert as ForgeCertificate & { signatureOid: string; siginfo: { algorithmOid: string }; tbsCertificate: unknown };
  writable.signatureOid = sha256WithRSA;
  writable.siginfo.algorithmOid = sha256WithRSA;
  // getTBSCertificate is exported by forge (cert.sign uses it) but missing from @types/node-forge.
  const { getTBSCertificate } = forge.pki as unknown as { getTBSCertificate(c: ForgeCertificate): ForgeAsn1 };
  const tbs = getTBSCertificate(cert);
  if (issuerName) (tbs.value as ForgeAsn1[])[TBS_ISSUER_INDEX] = issuerName;
  writable.tbsCertificate = tbs;
  const tbsDer = Buffer.from(forge.asn1.toDer(tbs).getBytes(), 'binary');
  cert.signature = sign('sha256', tbsDer, signingKeyPem).toString('binary');
}

/** TBSCertificate fields: [0] version, serialNumber, signature, issuer, validity, subject, ... */
const TBS_ISSUER_INDEX = 3;

/** A certificate's subject Name, as the DER it was signed with. */
function rawSubject(forge: Forge, certPem: string): ForgeAsn1 {
  const der = forge.pem.decode(certPem)[0]?.body;
  if (der === undefined) throw new Error('no PEM block in the CA certificate');
  const tbs = (forge.asn1.fromDer(der).value as ForgeAsn1[])[0];
  const fields = tbs?.value as ForgeAsn1[] | undefined;
  if (!fields) throw new Error('malformed CA certificate');
  // The version field is optional ([0] EXPLICIT); the subject comes 5th after it.
  const hasVersion = fields[0]?.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC;
  const subject = fields[hasVersion ? 5 : 4];
  if (!subject) throw new Error('malformed CA certificate');
  return subject;
}

/**
 * PrintableString when every character is allowed in one, else UTF8String, as Go chooses: a user
 * name like `john_doe` or the client org `<user>.<bootstrap>` is not printable, and Go rejects a
 * PrintableString holding such characters when it parses the certificate.
 */
function directoryStringTag(forge: Forge, value: string): number {
  return /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(value) ? forge.asn1.Type.PRINTABLESTRING : forge.asn1.Type.UTF8;
}

function publicKeyOf(forge: Forge, keyPem: string): ForgePublicKey {
  const publicPem = createPublicKey(keyPem).export({ type: 'pkcs1', format: 'pem' });
  return forge.pki.publicKeyFromPem(publicPem.toString());
}

function flags(names: readonly string[]): Record<string, boolean> {
  return Object.fromEntries(names.map((name) => [name, true]));
}

function subjectAltNameExtension(request: CertificateRequest): object[] {
  const altNames = [
    ...(request.dnsNames ?? []).map((value) => ({ type: 2, value })),
    ...(request.ips ?? []).map((ip) => ({ type: 7, ip })),
  ];
  return altNames.length > 0 ? [{ name: 'subjectAltName', altNames }] : [];
}

/** The CA's own subject key identifier (binary string), or one computed from its key when it has none. */
function subjectKeyIdBytes(forge: Forge, caCert: ForgeCertificate): string {
  const ext = caCert.getExtension('subjectKeyIdentifier') as { subjectKeyIdentifier?: string } | undefined;
  if (ext?.subjectKeyIdentifier) return forge.util.hexToBytes(ext.subjectKeyIdentifier);
  return caCert.generateSubjectKeyIdentifier().getBytes();
}

import { access, mkdir, readFile } from 'node:fs/promises';
import { BerthError, isErrnoException } from '../errors.js';
import { caOrg, clientCertOrg } from './cert-orgs.js';
import { isCertificateExpired } from './certificate-dates.js';
import { generateRsaKeyPem } from './generate-rsa-key.js';
import { issueCA } from './issue-ca.js';
import type { CertificatePair } from './issue-certificate.js';
import { issueClientCert } from './issue-client-cert.js';
import { readCA } from './read-ca.js';
import { writeKeyPair } from './write-key-pair.js';

/** The store's certs directory holds the CA key: owner only. */
export const CERT_DIR_MODE = 0o700;

export interface StoreLock {
  release(): Promise<void>;
}

export interface BootstrapOptions {
  certDir: string;
  caCertPath: string;
  caKeyPath: string;
  clientCertPath: string;
  clientKeyPath: string;
  /** Local user name: the CA's organisation, and `<user>.<bootstrap>` for the client certificate. */
  user: string;
  /** Takes the store-wide lock, so concurrent creates make one CA (docker-machine raced, issue #4005). */
  lock?: () => Promise<StoreLock>;
  /** Receives progress lines (`Creating CA: ...`). */
  report?: (line: string) => void;
  /** The clock, for tests. */
  now?: Date;
}

export interface BootstrapResult {
  caCreated: boolean;
  clientCreated: boolean;
}

const REGENERATE_HINT =
  'Run `berth regenerate-certs --client-certs NAME` to make a new CA and client certificate (every machine then needs `berth regenerate-certs`).';

/**
 * Makes sure the CA and the client certificate exist and are current (reference §5.3): creates what
 * is missing, recreates what has expired, and refuses to overwrite a key whose certificate is gone.
 * A client certificate is also reissued when the CA was just (re)created, since the old one cannot
 * chain to the new CA (docker-machine kept it). Runs inside `lock` when one is given.
 */
export async function bootstrapCertificates(options: BootstrapOptions): Promise<BootstrapResult> {
  await mkdir(options.certDir, { recursive: true, mode: CERT_DIR_MODE });
  return withLock(options.lock, async () => {
    const now = options.now ?? new Date();
    const report = options.report ?? (() => {});
    const user = options.user || 'unknown';

    // Decide everything first, so a refusal leaves the files untouched.
    const caState = await certificateState(options.caCertPath, options.caKeyPath, 'certificate authority', now);
    let clientState = await certificateState(options.clientCertPath, options.clientKeyPath, 'client', now);
    if (clientState === 'current' && caState !== 'current') clientState = 'stale-ca';
    if (caState === 'current' && clientState === 'current') return { caCreated: false, clientCreated: false };

    if (caState === 'expired') report('CA certificate is outdated and needs to be regenerated');
    let ca: CertificatePair;
    let clientKeyPem: string | undefined;
    if (caState === 'current') {
      ca = await readCA(options.caCertPath, options.caKeyPath);
    } else if (clientState === 'current') {
      ca = await createCA(options, user, now, report);
    } else {
      // Both are needed: make the client's key while the CA's is made (key generation dominates).
      [ca, clientKeyPem] = await Promise.all([createCA(options, user, now, report), generateRsaKeyPem()]);
    }
    if (clientState === 'current') return { caCreated: true, clientCreated: false };

    if (clientState === 'expired') report('Client certificate is outdated and needs to be regenerated');
    if (clientState === 'stale-ca') report('Client certificate was signed by the previous CA and needs to be regenerated');
    await createClientCert(options, ca, user, now, report, clientKeyPem);
    return { caCreated: caState !== 'current', clientCreated: true };
  });
}

type CertificateState = 'missing' | 'expired' | 'current' | 'stale-ca';

/** Where a certificate/key pair stands; throws CERT_BOOTSTRAP_FAILED for states bootstrap must not repair. */
async function certificateState(certPath: string, keyPath: string, what: string, now: Date): Promise<CertificateState> {
  const certPem = await readIfExists(certPath);
  if (certPem === undefined) {
    await refuseOrphanKey(keyPath, what, certPath);
    return 'missing';
  }
  if (isExpired(certPem, certPath, now)) return 'expired';
  await requireKey(keyPath, what, certPath);
  return 'current';
}

/**
 * Replaces the CA and the client certificate unconditionally (`regenerate-certs --client-certs`;
 * docker-machine only regenerated them when they had expired). Every machine's server certificate
 * must be reissued afterwards.
 */
export async function regenerateClientCertificates(options: BootstrapOptions): Promise<BootstrapResult> {
  await mkdir(options.certDir, { recursive: true, mode: CERT_DIR_MODE });
  return withLock(options.lock, async () => {
    const now = options.now ?? new Date();
    const report = options.report ?? (() => {});
    const user = options.user || 'unknown';
    report('Regenerating local certificates');
    const [ca, clientKeyPem] = await Promise.all([createCA(options, user, now, report), generateRsaKeyPem()]);
    await createClientCert(options, ca, user, now, report, clientKeyPem);
    return { caCreated: true, clientCreated: true };
  });
}

async function createCA(options: BootstrapOptions, user: string, now: Date, report: (line: string) => void): Promise<CertificatePair> {
  report(`Creating CA: ${options.caCertPath}`);
  const ca = await issueCA({ org: caOrg(user), now });
  await writeKeyPair({ certPath: options.caCertPath, keyPath: options.caKeyPath }, ca);
  return ca;
}

async function createClientCert(
  options: BootstrapOptions,
  ca: CertificatePair,
  user: string,
  now: Date,
  report: (line: string) => void,
  keyPem: string | undefined,
): Promise<void> {
  report(`Creating client certificate: ${options.clientCertPath}`);
  const client = await issueClientCert({ ca, org: clientCertOrg(user), now, ...(keyPem ? { keyPem } : {}) });
  await writeKeyPair({ certPath: options.clientCertPath, keyPath: options.clientKeyPath }, client);
}

async function withLock<T>(lock: (() => Promise<StoreLock>) | undefined, run: () => Promise<T>): Promise<T> {
  if (!lock) return run();
  const held = await lock();
  try {
    return await run();
  } finally {
    await held.release();
  }
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if (isErrnoException(err, 'ENOENT')) return undefined;
    throw err;
  }
}

async function fileExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch (err) {
    if (isErrnoException(err, 'ENOENT')) return false;
    throw err;
  }
}

function isExpired(certPem: string, path: string, now: Date): boolean {
  try {
    return isCertificateExpired(certPem, now);
  } catch (err) {
    throw new BerthError('CERT_BOOTSTRAP_FAILED', `certificate "${path}" cannot be parsed: ${(err as Error).message}`, {
      hint: REGENERATE_HINT,
      cause: err,
    });
  }
}

/** A key without its certificate may be someone's real key: never overwrite it (docker-machine's rule). */
async function refuseOrphanKey(keyPath: string, what: string, certPath: string): Promise<void> {
  if (!(await fileExists(keyPath))) return;
  throw new BerthError('CERT_BOOTSTRAP_FAILED', `${what} key already exists at "${keyPath}" but its certificate "${certPath}" is missing`, {
    hint: `Restore the certificate, or move the key away to have a new one made${what === 'client' ? '' : ' (every machine then needs `berth regenerate-certs`)'}.`,
  });
}

async function requireKey(keyPath: string, what: string, certPath: string): Promise<void> {
  if (await fileExists(keyPath)) return;
  throw new BerthError('CERT_BOOTSTRAP_FAILED', `${what} key "${keyPath}" is missing (its certificate "${certPath}" exists)`, {
    hint: REGENERATE_HINT,
  });
}

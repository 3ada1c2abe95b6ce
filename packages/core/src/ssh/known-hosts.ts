import { createHash, createHmac } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isErrnoException } from '../errors.js';
import { writeFileAtomic } from '../store/atomic-write.js';

/** A server host key as OpenSSH writes it in known_hosts: `<algorithm> <base64 blob>`. */
export interface HostKey {
  /** Key type from the blob, e.g. `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`. */
  algorithm: string;
  /** The public key blob, base64 (what follows the type in known_hosts). */
  base64: string;
  /** `SHA256:<base64 without padding>`, as `ssh-keygen -lf` and OpenSSH's messages print it. */
  fingerprint: string;
}

/** One key line of a known_hosts file. */
export interface KnownHostsEntry {
  /** The comma-separated host field, split (plain names, `[host]:port`, or hashed `|1|salt|hash`). */
  hosts: string[];
  key: HostKey;
}

export const KNOWN_HOSTS_FILE = 'known_hosts';

export function knownHostsPath(machineDir: string): string {
  return join(machineDir, KNOWN_HOSTS_FILE);
}

/** How OpenSSH names a host in known_hosts: `host` for port 22, `[host]:port` otherwise. */
export function knownHostsHostToken(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

export function hostKeyFingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** Reads the key type out of an SSH wire-format public key blob (string type, then key data). */
export function hostKeyFromBlob(blob: Buffer): HostKey {
  if (blob.length < 4) throw new Error('SSH host key blob is too short');
  const length = blob.readUInt32BE(0);
  if (length === 0 || length > blob.length - 4) throw new Error('SSH host key blob has a bad type length');
  return {
    algorithm: blob.subarray(4, 4 + length).toString('latin1'),
    base64: blob.toString('base64'),
    fingerprint: hostKeyFingerprint(blob),
  };
}

export function formatKnownHostsLine(host: string, port: number, key: HostKey): string {
  return `${knownHostsHostToken(host, port)} ${key.algorithm} ${key.base64}`;
}

/** Key lines only: comments, blank lines and `@cert-authority`/`@revoked` lines are skipped. */
export function parseKnownHosts(text: string): KnownHostsEntry[] {
  const entries: KnownHostsEntry[] = [];
  for (const line of text.split(/\r?\n/)) {
    const fields = line.trim().split(/\s+/);
    const [hostField, algorithm, base64] = fields;
    if (hostField === undefined || hostField === '' || hostField.startsWith('#') || hostField.startsWith('@')) continue;
    if (algorithm === undefined || base64 === undefined) continue;
    const blob = Buffer.from(base64, 'base64');
    if (blob.length === 0) continue;
    entries.push({ hosts: hostField.split(','), key: { algorithm, base64, fingerprint: hostKeyFingerprint(blob) } });
  }
  return entries;
}

/** Whether an entry names this host token, plainly or hashed (`ssh-keygen -H`). Wildcards are not matched. */
export function entryMatchesHost(entry: KnownHostsEntry, token: string): boolean {
  return entry.hosts.some((pattern) => {
    if (!pattern.startsWith('|1|')) return pattern === token;
    const [, , salt, hash] = pattern.split('|');
    if (salt === undefined || hash === undefined) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(token).digest('base64') === hash;
  });
}

export async function readKnownHosts(machineDir: string): Promise<KnownHostsEntry[]> {
  try {
    return parseKnownHosts(await readFile(knownHostsPath(machineDir), 'utf8'));
  } catch (err) {
    if (isErrnoException(err, 'ENOENT')) return [];
    throw err;
  }
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if (isErrnoException(err, 'ENOENT')) return '';
    throw err;
  }
}

// Writes to one file are queued in this process so two connections pinning at once don't lose a line.
const writeQueues = new Map<string, Promise<unknown>>();

function queued<T>(path: string, job: () => Promise<T>): Promise<T> {
  const previous = writeQueues.get(path) ?? Promise.resolve();
  const next = previous.then(job, job);
  const settled = next.catch(() => undefined);
  writeQueues.set(path, settled);
  void settled.then(() => {
    if (writeQueues.get(path) === settled) writeQueues.delete(path);
  });
  return next;
}

/**
 * Records `key` for host:port in `<machineDir>/known_hosts` (mode 0600, atomic replace). Lines for the
 * same host token are replaced; `replaceAll` drops every other key line too (the machine was rebuilt,
 * so none of its old keys may be trusted any more). Comments are kept.
 */
export function writePinnedHostKey(
  target: { machineDir: string; host: string; port: number },
  key: HostKey,
  options: { replaceAll?: boolean } = {},
): Promise<void> {
  const path = knownHostsPath(target.machineDir);
  const token = knownHostsHostToken(target.host, target.port);
  return queued(path, async () => {
    const kept = (await readText(path)).split(/\r?\n/).filter((line) => {
      const [entry] = parseKnownHosts(line);
      if (entry === undefined) return line.trim() !== '';
      return !options.replaceAll && !entryMatchesHost(entry, token);
    });
    kept.push(formatKnownHostsLine(target.host, target.port, key));
    await mkdir(target.machineDir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(path, `${kept.join('\n')}\n`, { mode: 0o600 });
  });
}

import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  entryMatchesHost,
  formatKnownHostsLine,
  hostKeyFromBlob,
  knownHostsHostToken,
  knownHostsPath,
  parseKnownHosts,
  readKnownHosts,
  writePinnedHostKey,
} from './known-hosts.js';

// A real key and the fingerprint `ssh-keygen -lf` printed for it.
const ED25519 = 'AAAAC3NzaC1lZDI1NTE5AAAAIMKUeDK0ejK5dIabWSmkRSTSnYUG4l9VP2ZVb3/cD7cP';
const ED25519_FINGERPRINT = 'SHA256:wDeJSFatWsmSKwvJtbKdpNas9pbWq4Np1Kq1erU2iqs';
// The same key, hashed by `ssh-keygen -H` for `[127.0.0.1]:2222`.
const HASHED = '|1|IxbjY0A+gzGGMcexJBqogsHkWk0=|QylpH5Dfvc2gqb6S+Fw+/BQaZLo=';

describe('known_hosts format', () => {
  it('reads the type and fingerprint out of a key blob', () => {
    expect(hostKeyFromBlob(Buffer.from(ED25519, 'base64'))).toEqual({ algorithm: 'ssh-ed25519', base64: ED25519, fingerprint: ED25519_FINGERPRINT });
    expect(() => hostKeyFromBlob(Buffer.from([0, 0, 0, 99, 1]))).toThrow('bad type length');
  });

  it('names hosts as OpenSSH does: bare on port 22, [host]:port otherwise', () => {
    expect(knownHostsHostToken('10.0.0.5', 22)).toBe('10.0.0.5');
    expect(knownHostsHostToken('10.0.0.5', 2222)).toBe('[10.0.0.5]:2222');
    expect(knownHostsHostToken('::1', 2222)).toBe('[::1]:2222');
    const key = hostKeyFromBlob(Buffer.from(ED25519, 'base64'));
    expect(formatKnownHostsLine('127.0.0.1', 2222, key)).toBe(`[127.0.0.1]:2222 ssh-ed25519 ${ED25519}`);
    expect(formatKnownHostsLine('host.example', 22, key)).toBe(`host.example ssh-ed25519 ${ED25519}`);
  });

  it('parses key lines, skipping comments, markers and junk; matches plain and hashed hosts', () => {
    const entries = parseKnownHosts(
      [
        '# comment',
        '',
        `a.example,10.0.0.1 ssh-ed25519 ${ED25519} a comment`,
        `@cert-authority *.example ssh-ed25519 ${ED25519}`,
        'broken-line',
        `${HASHED} ssh-ed25519 ${ED25519}`,
      ].join('\r\n'),
    );
    expect(entries).toHaveLength(2);
    expect(entries[0]?.hosts).toEqual(['a.example', '10.0.0.1']);
    expect(entries[0]?.key.fingerprint).toBe(ED25519_FINGERPRINT);
    expect(entryMatchesHost(entries[0]!, '10.0.0.1')).toBe(true);
    expect(entryMatchesHost(entries[0]!, '[10.0.0.1]:2222')).toBe(false);
    expect(entryMatchesHost(entries[1]!, '[127.0.0.1]:2222')).toBe(true);
    expect(entryMatchesHost(entries[1]!, '[127.0.0.1]:2223')).toBe(false);
  });
});

describe('writePinnedHostKey', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-known-hosts-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const key = hostKeyFromBlob(Buffer.from(ED25519, 'base64'));
  const other = { ...key, base64: 'AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl', fingerprint: 'SHA256:other' };

  it('creates the file with mode 0600, replaces the line of the same address, keeps comments and others', async () => {
    const machineDir = join(dir, 'm1');
    expect(await readKnownHosts(machineDir)).toEqual([]);
    await writePinnedHostKey({ machineDir, host: '10.0.0.1', port: 22 }, key);
    expect(await readFile(knownHostsPath(machineDir), 'utf8')).toBe(`10.0.0.1 ssh-ed25519 ${ED25519}\n`);
    expect((await stat(knownHostsPath(machineDir))).mode & 0o777).toBe(0o600);

    await writeFile(knownHostsPath(machineDir), `# kept\n10.0.0.1 ssh-ed25519 ${ED25519}\n[10.0.0.2]:22 ssh-ed25519 ${ED25519}\n`);
    await writePinnedHostKey({ machineDir, host: '10.0.0.1', port: 22 }, other);
    expect(await readFile(knownHostsPath(machineDir), 'utf8')).toBe(`# kept\n[10.0.0.2]:22 ssh-ed25519 ${ED25519}\n10.0.0.1 ssh-ed25519 ${other.base64}\n`);

    await writePinnedHostKey({ machineDir, host: '10.0.0.3', port: 2222 }, key, { replaceAll: true });
    expect(await readFile(knownHostsPath(machineDir), 'utf8')).toBe(`# kept\n[10.0.0.3]:2222 ssh-ed25519 ${ED25519}\n`);
  });

  it('loses no line when several pins are written at once', async () => {
    const machineDir = join(dir, 'm2');
    await Promise.all([1, 2, 3, 4, 5].map((n) => writePinnedHostKey({ machineDir, host: `10.0.0.${n}`, port: 22 }, key)));
    expect((await readKnownHosts(machineDir)).map((e) => e.hosts[0]).sort()).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5']);
  });
});

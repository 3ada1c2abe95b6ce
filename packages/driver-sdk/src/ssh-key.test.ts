import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateSSHKey } from './ssh-key.js';

let dir = '';
afterEach(async () => {
  if (dir !== '') await rm(dir, { recursive: true, force: true });
  dir = '';
});

async function machineDir(): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), 'berth-ssh-key-'));
  return join(dir, 'machines', 'dev');
}

function hasSSHKeygen(): boolean {
  try {
    execFileSync('ssh-keygen', ['-?'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    return (err as { status?: number }).status !== undefined && (err as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/** Reads our own openssh-key-v1 file back into a JWK, to prove the private part matches the public one. */
function parseOpenSSHPrivateKey(pem: string): { type: string; fields: Buffer[]; comment: string } {
  const body = Buffer.from(pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64');
  let at = 0;
  const next = (): Buffer => {
    const length = body.readUInt32BE(at);
    const value = body.subarray(at + 4, at + 4 + length);
    at += 4 + length;
    return value;
  };
  expect(body.subarray(0, 15).toString('latin1')).toBe('openssh-key-v1\0');
  at = 15;
  expect([next().toString(), next().toString(), next().length]).toEqual(['none', 'none', 0]);
  expect(body.readUInt32BE(at)).toBe(1);
  at += 4;
  next(); // public key blob
  const section = next();
  expect(section.length % 8).toBe(0);
  expect(section.readUInt32BE(0)).toBe(section.readUInt32BE(4));
  const sectionReader = { buffer: section, at: 8 };
  const read = (): Buffer => {
    const length = sectionReader.buffer.readUInt32BE(sectionReader.at);
    const value = sectionReader.buffer.subarray(sectionReader.at + 4, sectionReader.at + 4 + length);
    sectionReader.at += 4 + length;
    return value;
  };
  const type = read().toString();
  const fields = Array.from({ length: type === 'ssh-rsa' ? 6 : 2 }, read);
  return { type, fields, comment: read().toString() };
}

const b64url = (b: Buffer): string => (b[0] === 0 ? b.subarray(1) : b).toString('base64url');

describe('generateSSHKey', () => {
  it('writes an ed25519 OpenSSH key pair to <dir>/id_rsa(.pub), mode 0600, whose halves match', async () => {
    const target = await machineDir();
    const key = await generateSSHKey({ name: 'dev', dir: target });
    expect(key.privateKeyPath).toBe(join(target, 'id_rsa'));
    expect(key.publicKeyPath).toBe(join(target, 'id_rsa.pub'));
    expect(key.publicKey).toMatch(/^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]+=* berth-dev$/);
    expect((await stat(key.privateKeyPath)).mode & 0o777).toBe(0o600);
    expect((await stat(key.publicKeyPath)).mode & 0o777).toBe(0o600);
    expect(await readFile(key.publicKeyPath, 'utf8')).toBe(`${key.publicKey}\n`);
    const pem = await readFile(key.privateKeyPath, 'utf8');
    expect(pem).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----\n([A-Za-z0-9+/=]{1,70}\n)+-----END OPENSSH PRIVATE KEY-----\n$/);

    const parsed = parseOpenSSHPrivateKey(pem);
    expect(parsed.type).toBe('ssh-ed25519');
    expect(parsed.comment).toBe('berth-dev');
    const [publicKey, secret] = parsed.fields as [Buffer, Buffer];
    expect(secret.subarray(32)).toEqual(publicKey);
    const privateKey = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64url(publicKey), d: b64url(secret.subarray(0, 32)) }, format: 'jwk' });
    const wirePublic = Buffer.from(key.publicKey.split(' ')[1] ?? '', 'base64');
    const fromLine = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: wirePublic.subarray(wirePublic.length - 32).toString('base64url') }, format: 'jwk' });
    expect(verify(null, Buffer.from('hello'), fromLine, sign(null, Buffer.from('hello'), privateKey))).toBe(true);
  });

  it('writes RSA keys too, replacing a key already there, with the file name and comment asked for', async () => {
    const target = await machineDir();
    const first = await generateSSHKey({ name: 'dev', dir: target });
    await chmod(first.privateKeyPath, 0o644);
    const key = await generateSSHKey({ name: 'dev', dir: target }, { type: 'rsa', bits: 2048, comment: 'me@host' });
    expect(key.privateKeyPath).toBe(first.privateKeyPath);
    expect((await stat(key.privateKeyPath)).mode & 0o777).toBe(0o600);
    expect(key.publicKey).toMatch(/^ssh-rsa AAAAB3NzaC1yc2E[A-Za-z0-9+/]+=* me@host$/);
    const parsed = parseOpenSSHPrivateKey(await readFile(key.privateKeyPath, 'utf8'));
    expect(parsed.type).toBe('ssh-rsa');
    const [n, e, d, qi, p, q] = (parsed.fields as Buffer[]).map((field) => BigInt(`0x${field.toString('hex')}`)) as
      [bigint, bigint, bigint, bigint, bigint, bigint];
    expect(n.toString(2).length).toBe(2048);
    expect(p * q).toBe(n);
    expect([(e * d) % (p - 1n), (e * d) % (q - 1n), (qi * q) % p]).toEqual([1n, 1n, 1n]);
    const wirePublic = Buffer.from(key.publicKey.split(' ')[1] ?? '', 'base64');
    expect(wirePublic.toString('hex')).toContain(n.toString(16));

    const other = await generateSSHKey({ name: 'dev', dir: target }, { fileName: 'id_ed25519' });
    expect(other.privateKeyPath).toBe(join(target, 'id_ed25519'));
  });

  it.skipIf(!hasSSHKeygen())('writes keys ssh-keygen reads, deriving the same public key', async () => {
    const target = await machineDir();
    for (const type of ['ed25519', 'rsa'] as const) {
      const key = await generateSSHKey({ name: 'dev', dir: target }, { type, fileName: `key-${type}` });
      const derived = execFileSync('ssh-keygen', ['-y', '-f', key.privateKeyPath], { encoding: 'utf8' }).trim();
      expect(derived.split(' ').slice(0, 2)).toEqual(key.publicKey.split(' ').slice(0, 2));
    }
  });
});

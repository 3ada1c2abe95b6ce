/**
 * OpenSSH key formats written with node:crypto alone: the private key as `openssh-key-v1`
 * (`-----BEGIN OPENSSH PRIVATE KEY-----`, unencrypted, what `ssh-keygen` writes) and the public key
 * as an authorized_keys line. Layouts from OpenSSH's PROTOCOL.key and RFC 4253 §6.6 / RFC 8709.
 */
import { randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

export interface OpenSSHKeyPair {
  /** PEM-armoured `openssh-key-v1` private key, ending in a newline. */
  privateKey: string;
  /** `<type> <base64> <comment>`: one authorized_keys line, without the newline. */
  publicKey: string;
}

/** Base64 lines in the PEM armour are 70 characters long, as ssh-keygen writes them. */
const PEM_LINE_LENGTH = 70;
/** The private section is padded to the cipher's block size; 8 for the cipher "none". */
const NONE_CIPHER_BLOCK_SIZE = 8;

/** Encodes an Ed25519 or RSA private key (node:crypto KeyObject) in OpenSSH's formats. */
export function encodeOpenSSHKeyPair(privateKey: KeyObject, comment: string): OpenSSHKeyPair {
  const { type, publicBlob, privateFields } = keyParts(privateKey);
  const checkInt = randomBytes(4);
  const section = Buffer.concat([checkInt, checkInt, sshString(type), privateFields, sshString(comment)]);
  const padding = Buffer.from(
    Array.from({ length: (NONE_CIPHER_BLOCK_SIZE - (section.length % NONE_CIPHER_BLOCK_SIZE)) % NONE_CIPHER_BLOCK_SIZE }, (_, i) => i + 1),
  );
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0', 'latin1'),
    sshString('none'), // cipher
    sshString('none'), // kdf
    sshString(''), // kdf options
    uint32(1), // number of keys
    sshString(publicBlob),
    sshString(Buffer.concat([section, padding])),
  ]);
  const lines = body.toString('base64').match(new RegExp(`.{1,${PEM_LINE_LENGTH}}`, 'g')) ?? [];
  return {
    privateKey: `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join('\n')}\n-----END OPENSSH PRIVATE KEY-----\n`,
    publicKey: `${type} ${publicBlob.toString('base64')}${comment === '' ? '' : ` ${comment}`}`,
  };
}

interface KeyParts {
  type: 'ssh-ed25519' | 'ssh-rsa';
  /** The public key in SSH wire format (what authorized_keys carries in base64). */
  publicBlob: Buffer;
  /** The type-specific private fields that follow the key type in the private section. */
  privateFields: Buffer;
}

function keyParts(privateKey: KeyObject): KeyParts {
  const jwk = privateKey.export({ format: 'jwk' });
  const field = (name: 'x' | 'd' | 'n' | 'e' | 'p' | 'q' | 'qi'): Buffer => {
    const value = jwk[name];
    if (typeof value !== 'string') throw new Error(`the ${privateKey.asymmetricKeyType ?? 'unknown'} key has no "${name}" component`);
    return Buffer.from(value, 'base64url');
  };
  if (privateKey.asymmetricKeyType === 'ed25519') {
    const publicKey = field('x');
    const publicBlob = Buffer.concat([sshString('ssh-ed25519'), sshString(publicKey)]);
    // OpenSSH keeps the 32-byte seed followed by the public key as the 64-byte "private key".
    return { type: 'ssh-ed25519', publicBlob, privateFields: Buffer.concat([sshString(publicKey), sshString(Buffer.concat([field('d'), publicKey]))]) };
  }
  if (privateKey.asymmetricKeyType === 'rsa') {
    const publicBlob = Buffer.concat([sshString('ssh-rsa'), mpint(field('e')), mpint(field('n'))]);
    const privateFields = Buffer.concat([field('n'), field('e'), field('d'), field('qi'), field('p'), field('q')].map(mpint));
    return { type: 'ssh-rsa', publicBlob, privateFields };
  }
  throw new Error(`cannot write a ${privateKey.asymmetricKeyType ?? 'unknown'} key in OpenSSH format: only ed25519 and rsa`);
}

function uint32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value);
  return buffer;
}

function sshString(value: Buffer | string): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  return Buffer.concat([uint32(bytes.length), bytes]);
}

/** A non-negative big-endian integer: no leading zero bytes, one added when the top bit is set. */
function mpint(unsigned: Buffer): Buffer {
  let start = 0;
  while (start < unsigned.length && unsigned[start] === 0) start += 1;
  const digits = unsigned.subarray(start);
  const needsSignByte = digits.length > 0 && (digits[0] ?? 0) >= 0x80;
  return sshString(needsSignByte ? Buffer.concat([Buffer.from([0]), digits]) : digits);
}

/** SSH key generation for drivers: docker-machine's `ssh.GenerateSSHKey`, with node:crypto only. */
import { generateKeyPair } from 'node:crypto';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { encodeOpenSSHKeyPair } from './openssh-format.js';
import type { MachineRef } from './protocol.js';

export type SSHKeyType = 'ed25519' | 'rsa';

export interface GenerateSSHKeyOptions {
  /** `ed25519` (default: small and fast) or `rsa` (for hosts whose sshd predates OpenSSH 6.5). */
  type?: SSHKeyType;
  /** RSA modulus length (default 2048, docker-machine's). Ignored for ed25519. */
  bits?: number;
  /** File name inside `machine.dir` (default `id_rsa`, the name docker-machine stores gave every key); the public key gets `.pub`. */
  fileName?: string;
  /** Comment at the end of the public key line (default `berth-<machine name>`). */
  comment?: string;
}

export interface SSHKeyPair {
  /** Absolute path of the private key (mode 0600): put it in the config as `SSHKeyPath`. */
  privateKeyPath: string;
  /** `privateKeyPath` + `.pub` (mode 0600). */
  publicKeyPath: string;
  /** The public key as one authorized_keys line (`ssh-ed25519 AAAA... comment`), to install on the machine. */
  publicKey: string;
}

export const DEFAULT_SSH_KEY_FILE = 'id_rsa';
const DEFAULT_RSA_BITS = 2048;
const generate = promisify(generateKeyPair);

/**
 * Generates a new key pair for a machine and writes it to `<machine.dir>/id_rsa` and `id_rsa.pub`
 * (replacing any key there), both mode 0600, the private key in OpenSSH format (as `ssh-keygen` writes
 * it, unencrypted). Creates `machine.dir` when it does not exist.
 *
 * @example
 * const key = await generateSSHKey(machine);
 * return { ...machine.config, SSHKeyPath: key.privateKeyPath };
 */
export async function generateSSHKey(
  machine: Pick<MachineRef, 'name' | 'dir'>,
  options: GenerateSSHKeyOptions = {},
): Promise<SSHKeyPair> {
  const { privateKey } = options.type === 'rsa'
    ? await generate('rsa', { modulusLength: options.bits ?? DEFAULT_RSA_BITS })
    : await generate('ed25519');
  const encoded = encodeOpenSSHKeyPair(privateKey, options.comment ?? `berth-${machine.name}`);
  await mkdir(machine.dir, { recursive: true });
  const privateKeyPath = join(machine.dir, options.fileName ?? DEFAULT_SSH_KEY_FILE);
  const publicKeyPath = `${privateKeyPath}.pub`;
  await writeSecret(privateKeyPath, encoded.privateKey);
  await writeSecret(publicKeyPath, `${encoded.publicKey}\n`);
  return { privateKeyPath, publicKeyPath, publicKey: encoded.publicKey };
}

/** `mode` applies only when the file is created: chmod covers a file that was already there. */
async function writeSecret(path: string, text: string): Promise<void> {
  await writeFile(path, text, { mode: 0o600 });
  await chmod(path, 0o600);
}

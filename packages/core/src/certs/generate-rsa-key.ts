import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { RSA_KEY_BITS } from './cert-template.js';

const generateKeyPairAsync = promisify(generateKeyPair);

/**
 * A new RSA private key as PKCS#1 PEM (`RSA PRIVATE KEY`, the block docker-machine writes). Node's
 * native generator runs off the main thread in ~100 ms; forge's pure-JS one takes seconds.
 */
export async function generateRsaKeyPem(): Promise<string> {
  const { privateKey } = await generateKeyPairAsync('rsa', {
    modulusLength: RSA_KEY_BITS,
    publicExponent: 0x10001,
    publicKeyEncoding: { type: 'pkcs1', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return privateKey;
}

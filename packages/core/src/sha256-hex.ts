// On the fast path of `ls` and `env`: node builtins only.
import * as crypto from 'node:crypto';

type OneShotHash = (algorithm: string, data: string | Buffer, encoding: 'hex') => string;

/** `crypto.hash` (Node 20.12+): one call, no Hash object; `ls` hashes twice per machine. */
const oneShot = (crypto as unknown as { hash?: OneShotHash }).hash;

/** The hex SHA-256 of `data` (a string is hashed as UTF-8). */
export function sha256Hex(data: string | Buffer): string {
  return oneShot ? oneShot('sha256', data, 'hex') : crypto.createHash('sha256').update(data).digest('hex');
}

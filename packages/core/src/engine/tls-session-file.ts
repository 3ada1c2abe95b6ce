// On the fast path of `ls` and `env`: node builtins and sha256-hex.ts only.
import { randomBytes } from 'node:crypto';
import { readFileSync, promises as fsp } from 'node:fs';
import { sha256Hex } from '../sha256-hex.js';
import { sessionWithoutPeer } from './session-without-peer.js';

/**
 * A TLS session ticket kept between runs, so the next `GET /version` on the same engine resumes the
 * session instead of a full handshake (no RSA signature on either side, no chain verification):
 * `ls` of 100 machines spends most of its CPU in handshakes otherwise. Docker's Go server and Node's
 * both issue TLS 1.3 tickets by default; an expired or refused ticket just costs a full handshake.
 *
 * The ticket is bound to what it was made with: the engine URL and the exact CA, client certificate
 * and key. Anything changed (regenerate-certs, a new IP) and the file is ignored. Beside it is the
 * SHA-256 of the certificate the engine presented in that handshake: a resumed session has no
 * certificate, and a caller that must reach one exact engine (`env` trusting a cached URL) compares
 * this. It holds the resumption secret, so it is written like the key beside it: mode 0600, temp
 * file + rename.
 */
export interface TLSSessionFile {
  /** The stored ticket, if it was made for this binding. */
  load(): Promise<StoredTicket | undefined>;
  /** Best effort: a failed write only costs the next run a full handshake. */
  save(ticket: StoredTicket): Promise<void>;
}

export interface StoredTicket {
  session: Buffer;
  /** Hex SHA-256 of the DER certificate the engine presented when the session was made. */
  engineCertSHA256: string;
}

interface StoredSession {
  for: string;
  session: string;
  engineCertSHA256: string;
}

export function tlsSessionFile(path: string, binding: readonly string[]): TLSSessionFile {
  const key = sha256Hex(binding.join('\0'));
  return {
    async load() {
      try {
        const stored = JSON.parse(readFileSync(path, 'utf8')) as Partial<StoredSession>;
        if (stored.for === key && typeof stored.session === 'string' && stored.session !== '' && typeof stored.engineCertSHA256 === 'string') {
          return { session: Buffer.from(stored.session, 'base64'), engineCertSHA256: stored.engineCertSHA256 };
        }
      } catch {
        // none yet, or unreadable: a full handshake makes a new one
      }
      return undefined;
    },
    async save(ticket) {
      const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
      const body: StoredSession = { for: key, session: sessionWithoutPeer(ticket.session).toString('base64'), engineCertSHA256: ticket.engineCertSHA256 };
      try {
        await fsp.writeFile(temp, JSON.stringify(body), { mode: 0o600 });
        await fsp.rename(temp, path);
      } catch {
        await fsp.rm(temp, { force: true }).catch(() => undefined);
      }
    },
  };
}

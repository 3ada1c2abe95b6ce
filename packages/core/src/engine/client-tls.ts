// On the fast path of `ls` and `env`: node builtins and sha256-hex.ts only.
import { createSecureContext, type SecureContext } from 'node:tls';
import { sha256Hex } from '../sha256-hex.js';

/** A machine's client TLS files, as PEM text. */
export interface TLSMaterial {
  ca: string;
  cert: string;
  key: string;
}

/** The TLS contexts for one set of client files. */
export interface ClientTLS {
  /**
   * Trusts the machine's CA: for full handshakes. Made on first use: Node builds its whole root
   * store (~140 bundled certificates, 24 ms on the CI machine) for the first context given a CA.
   */
  verifying(): SecureContext;
  /**
   * Trusts no CA at all (`ca: []` adds none and skips the root store) and holds no client
   * certificate (a resumed handshake sends none; loading the key cost ~1 ms): only good for resuming
   * a session that a verifying handshake made. Any other handshake must be refused by the caller.
   */
  resuming: SecureContext;
  /** sha256 of the CA, certificate and key: what a stored session ticket is bound to, with the URL. */
  filesHash: string;
}

/**
 * One ClientTLS per (CA, client cert, key) in this process: every machine of a store shares them,
 * and parsing the key and CA again for each of 100 machines in `ls` cost ~1 ms each (hashing them
 * again for the session binding, 0.1 ms). Keyed by content, one map level per file: each machine
 * folder holds its own copy of the same files.
 */
const cache = new Map<string, Map<string, Map<string, ClientTLS>>>();

export function clientTLSFor(files: TLSMaterial): ClientTLS {
  const byCert = getOrAdd(cache, files.ca, () => new Map<string, Map<string, ClientTLS>>());
  const byKey = getOrAdd(byCert, files.cert, () => new Map<string, ClientTLS>());
  return getOrAdd(byKey, files.key, () => makeClientTLS(files));
}

/** The resuming context holds nothing of the machine's: one serves every machine. */
let resuming: SecureContext | undefined;

function makeClientTLS(files: TLSMaterial): ClientTLS {
  let verifying: SecureContext | undefined;
  return {
    verifying: () => (verifying ??= createSecureContext(files)),
    resuming: (resuming ??= createSecureContext({ ca: [] })),
    filesHash: sha256Hex(`${files.ca}\0${files.cert}\0${files.key}`),
  };
}

function getOrAdd<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

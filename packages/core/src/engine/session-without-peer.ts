// On the fast path of `ls` and `env`: no imports.

/** Context tag [3] (constructed) of OpenSSL's SSL_SESSION: the server's certificate. */
const PEER_CERTIFICATE_TAG = 0xa3;
const SEQUENCE_TAG = 0x30;

/**
 * The TLS session as OpenSSL serialises it (a DER SEQUENCE, ssl/ssl_asn1.c) without its copy of the
 * server's certificate. Node hands a stored session to OpenSSL for every connection, and decoding
 * that certificate (its public key goes through OpenSSL 3's slow decoder set-up) was the largest
 * single cost of resuming: about 0.3 ms of the 1.7 ms each `ls` query takes.
 *
 * Resumption does not need the certificate: the session is resumed only if the engine proves it
 * holds the secret agreed in the verified full handshake, the stored verify result stays, and Node
 * checks the host name only after a full handshake. Anything that does not parse as expected is
 * returned unchanged.
 */
export function sessionWithoutPeer(session: Buffer): Buffer {
  const outer = readHeader(session, 0);
  if (!outer || session[0] !== SEQUENCE_TAG || outer.end !== session.length) return session;
  const kept: Buffer[] = [];
  let offset = outer.bodyStart;
  while (offset < outer.end) {
    const field = readHeader(session, offset);
    if (!field || field.end > outer.end) return session;
    if (session[offset] !== PEER_CERTIFICATE_TAG) kept.push(session.subarray(offset, field.end));
    offset = field.end;
  }
  if (kept.length === 0 || offset !== outer.end) return session;
  const body = Buffer.concat(kept);
  if (body.length === outer.end - outer.bodyStart) return session;
  return Buffer.concat([Buffer.from([SEQUENCE_TAG]), encodeLength(body.length), body]);
}

interface Header {
  bodyStart: number;
  end: number;
}

/** A DER element's header at `offset` (single-byte tags, definite lengths), or undefined. */
function readHeader(der: Buffer, offset: number): Header | undefined {
  if (offset + 2 > der.length || ((der[offset] as number) & 0x1f) === 0x1f) return undefined;
  const first = der[offset + 1] as number;
  if (first < 0x80) return { bodyStart: offset + 2, end: offset + 2 + first };
  const count = first & 0x7f;
  if (count === 0 || count > 4 || offset + 2 + count > der.length) return undefined;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + (der[offset + 2 + i] as number);
  return { bodyStart: offset + 2 + count, end: offset + 2 + count + length };
}

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

import { randomBytes } from 'node:crypto';

/** docker-machine's key size (reference §5.1); Docker clients of every age accept it. */
export const RSA_KEY_BITS = 2048;
/** How long every certificate is valid (reference §5.1). */
export const CERT_VALIDITY_DAYS = 1080;
/** NotBefore is backdated so a machine whose clock runs a little behind still accepts the certificate. */
export const CLOCK_SKEW_ALLOWANCE_MS = 5 * 60_000;

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * 60_000;
const SERIAL_BYTES = 16; // 128-bit serial, as docker-machine draws it

export interface CertificateValidity {
  notBefore: Date;
  notAfter: Date;
}

/** NotBefore = now truncated to the minute minus 5 minutes; NotAfter = NotBefore + 1080 days. */
export function certificateValidity(now: Date): CertificateValidity {
  const truncated = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
  const notBefore = new Date(truncated - CLOCK_SKEW_ALLOWANCE_MS);
  return { notBefore, notAfter: new Date(notBefore.getTime() + CERT_VALIDITY_DAYS * DAY_MS) };
}

/**
 * A random 128-bit serial number as the hex of its DER INTEGER content: positive (a leading 00 when
 * the top bit is set), minimal (no redundant leading zero bytes) and never zero.
 */
export function randomSerialHex(random: (size: number) => Buffer = randomBytes): string {
  for (;;) {
    let bytes = random(SERIAL_BYTES);
    let start = 0;
    while (start < bytes.length && bytes[start] === 0) start++;
    if (start === bytes.length) continue; // zero is not a valid serial; draw again
    bytes = bytes.subarray(start);
    const hex = bytes.toString('hex');
    return (bytes[0] ?? 0) >= 0x80 ? `00${hex}` : hex;
  }
}

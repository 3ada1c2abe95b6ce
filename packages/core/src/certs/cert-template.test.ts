import { describe, expect, it } from 'vitest';
import { CERT_VALIDITY_DAYS, certificateValidity, randomSerialHex } from './cert-template.js';

describe('certificateValidity', () => {
  it('truncates now to the minute, backdates 5 minutes and lasts 1080 days', () => {
    const { notBefore, notAfter } = certificateValidity(new Date('2024-03-10T12:34:56.789Z'));
    expect(notBefore.toISOString()).toBe('2024-03-10T12:29:00.000Z');
    expect(notAfter.getTime() - notBefore.getTime()).toBe(CERT_VALIDITY_DAYS * 24 * 3600 * 1000);
    expect(notAfter.toISOString()).toBe('2027-02-23T12:29:00.000Z');
  });
});

describe('randomSerialHex', () => {
  const fixed = (...draws: string[]) => {
    let i = 0;
    return (size: number) => {
      const hex = draws[i++] ?? '';
      expect(hex.length).toBe(size * 2);
      return Buffer.from(hex, 'hex');
    };
  };

  it('keeps a serial whose top bit is clear as it is', () => {
    expect(randomSerialHex(fixed('7f' + '11'.repeat(15)))).toBe('7f' + '11'.repeat(15));
  });

  it('prefixes 00 when the top bit is set, so the DER integer stays positive', () => {
    expect(randomSerialHex(fixed('80' + '00'.repeat(15)))).toBe('0080' + '00'.repeat(15));
  });

  it('drops redundant leading zero bytes (minimal DER)', () => {
    expect(randomSerialHex(fixed('0000' + '01'.repeat(14)))).toBe('01'.repeat(14));
    expect(randomSerialHex(fixed('00' + 'ff'.repeat(15)))).toBe('00' + 'ff'.repeat(15));
  });

  it('draws again instead of returning zero', () => {
    expect(randomSerialHex(fixed('00'.repeat(16), '00'.repeat(15) + '05'))).toBe('05');
  });

  it('draws 128 random bits by default', () => {
    const serials = new Set(Array.from({ length: 50 }, () => randomSerialHex()));
    expect(serials.size).toBe(50);
    for (const serial of serials) expect(serial).toMatch(/^(00[89a-f]|[1-7]|0[1-9a-f])[0-9a-f]*$/);
  });
});

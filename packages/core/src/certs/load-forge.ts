import type { asn1, pki } from 'node-forge';

/** node-forge's module object. Only `import type` from 'node-forge' elsewhere; the code comes from here. */
export type Forge = typeof import('node-forge');
export type ForgeCertificate = pki.Certificate;
export type ForgePublicKey = pki.rsa.PublicKey;
export type ForgeAsn1 = asn1.Asn1;

let forgePromise: Promise<Forge> | undefined;

/**
 * Loads node-forge on first use. It is a large pure-JS library, and the fast commands (`ls`, `env`)
 * import modules that sit next to the certificate code, so nothing may import it statically.
 */
export function loadForge(): Promise<Forge> {
  forgePromise ??= import('node-forge').then((mod) => mod.default);
  return forgePromise;
}

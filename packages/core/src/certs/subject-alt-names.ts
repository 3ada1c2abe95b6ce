import { isIP } from 'node:net';

export interface SubjectAltNames {
  ips: string[];
  dnsNames: string[];
}

/**
 * The host list of a machine's server certificate, in docker-machine's order: the `--tls-san` values,
 * then the machine's IP, then `localhost`.
 */
export function serverCertHosts(options: { ip?: string; extraSANs?: readonly string[] }): string[] {
  return [...(options.extraSANs ?? []), ...(options.ip ? [options.ip] : []), 'localhost'];
}

/**
 * Splits hosts into IP and DNS subject alternative names: entries that parse as an IP address
 * (brackets around IPv6 allowed) become IP SANs, the rest DNS SANs. Empty entries are skipped and
 * duplicates dropped (IPs compared in canonical form, names case-insensitively), first one wins.
 */
export function classifySubjectAltNames(hosts: readonly string[]): SubjectAltNames {
  const ips: string[] = [];
  const dnsNames: string[] = [];
  const seen = new Set<string>();
  for (const raw of hosts) {
    const host = raw.trim();
    if (host === '') continue;
    const ip = canonicalIP(host);
    const key = ip !== undefined ? `ip:${ip}` : `dns:${host.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (ip !== undefined) ips.push(ip);
    else dnsNames.push(host);
  }
  return { ips, dnsNames };
}

function canonicalIP(host: string): string | undefined {
  const unbracketed = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const zone = unbracketed.indexOf('%'); // a zone (fe80::1%eth0) has no place in a certificate
  const address = zone === -1 ? unbracketed : unbracketed.slice(0, zone);
  const family = isIP(address);
  if (family === 4) return address;
  if (family === 6) return new URL(`http://[${address}]`).hostname.slice(1, -1);
  return undefined;
}

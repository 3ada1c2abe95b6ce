import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, request } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapCertificates, regenerateClientCertificates } from '../src/certs/bootstrap.js';
import type { BootstrapOptions, StoreLock } from '../src/certs/bootstrap.js';
import { copyClientCertsToMachine } from '../src/certs/client-copy.js';
import { issueCA } from '../src/certs/issue-ca.js';
import type { CertificatePair } from '../src/certs/issue-certificate.js';
import { issueClientCert } from '../src/certs/issue-client-cert.js';
import { issueServerCert } from '../src/certs/issue-server-cert.js';
import { readCA } from '../src/certs/read-ca.js';
import { writeKeyPair } from '../src/certs/write-key-pair.js';

const run = promisify(execFile);
const goBinary = ['/usr/bin/go', '/usr/local/go/bin/go'].find((path) => existsSync(path));

/** A Go TLS server that requires a client certificate (as dockerd does) and a Go client (as the docker CLI). */
const GO_MUTUAL_TLS_CHECK = `package main

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
)

func must(err error) {
	if err != nil {
		fmt.Println("FAIL:", err)
		os.Exit(1)
	}
}

func main() {
	a := os.Args[1:] // ca, server cert, server key, client cert, client key
	caPEM, err := os.ReadFile(a[0])
	must(err)
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		must(fmt.Errorf("cannot load ca.pem"))
	}
	serverPair, err := tls.LoadX509KeyPair(a[1], a[2])
	must(err)
	clientPair, err := tls.LoadX509KeyPair(a[3], a[4])
	must(err)
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{serverPair}, ClientCAs: pool, ClientAuth: tls.RequireAndVerifyClientCert})
	must(err)
	go http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, r.TLS.PeerCertificates[0].Subject.Organization[0])
	}))
	port := ln.Addr().(*net.TCPAddr).Port
	for _, name := range []string{"127.0.0.1", "docker.example"} {
		client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, Certificates: []tls.Certificate{clientPair}, ServerName: name}}}
		resp, err := client.Get(fmt.Sprintf("https://127.0.0.1:%d/", port))
		must(err)
		body, _ := io.ReadAll(resp.Body)
		fmt.Printf("OK %s: %s\\n", name, body)
	}
}
`;
const DAY_MS = 24 * 3600 * 1000;

async function openssl(...args: string[]): Promise<string> {
  const { stdout, stderr } = await run('openssl', args);
  return stdout + stderr;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'berth-certs-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('issued certificates', () => {
  let ca: CertificatePair;
  let client: CertificatePair;
  let server: CertificatePair;
  let foreign: { ca: CertificatePair; client: CertificatePair };
  const paths = (name: string) => ({ certPath: join(dir, `${name}.pem`), keyPath: join(dir, `${name}-key.pem`) });
  const issuedAt = new Date();

  beforeAll(async () => {
    ca = await issueCA({ org: 'alice' });
    [client, server] = await Promise.all([
      issueClientCert({ ca, org: 'alice.<bootstrap>' }),
      issueServerCert({ ca, org: 'alice.dev', hosts: ['docker.example', '10.1.2.3', '127.0.0.1', 'localhost', '127.0.0.1'] }),
    ]);
    const otherCA = await issueCA({ org: 'mallory' });
    foreign = { ca: otherCA, client: await issueClientCert({ ca: otherCA, org: 'mallory.<bootstrap>' }) };
    await writeKeyPair(paths('ca'), ca);
    await writeKeyPair(paths('cert'), client);
    await writeKeyPair(paths('server'), server);
    await writeKeyPair(paths('foreign-ca'), foreign.ca);
    await writeKeyPair(paths('foreign-cert'), foreign.client);
  });

  it('writes PEM blocks: CERTIFICATE and PKCS#1 RSA PRIVATE KEY', () => {
    for (const pair of [ca, client, server]) {
      expect(pair.certPem).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n?$/);
      expect(pair.keyPem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n[\s\S]+\n-----END RSA PRIVATE KEY-----\n?$/);
    }
  });

  it('writes keys 0600 and certificates 0644', async () => {
    expect((await stat(paths('ca').keyPath)).mode & 0o777).toBe(0o600);
    expect((await stat(paths('ca').certPath)).mode & 0o777).toBe(0o644);
    expect((await stat(paths('server').keyPath)).mode & 0o777).toBe(0o600);
    expect((await stat(paths('cert').certPath)).mode & 0o777).toBe(0o644);
  });

  it('verifies with openssl against the CA, for the right purposes', async () => {
    const out = await openssl('verify', '-CAfile', paths('ca').certPath, paths('cert').certPath, paths('server').certPath);
    expect(out).toContain(`${paths('cert').certPath}: OK`);
    expect(out).toContain(`${paths('server').certPath}: OK`);
    expect(await openssl('verify', '-x509_strict', '-purpose', 'sslserver', '-CAfile', paths('ca').certPath, paths('server').certPath)).toContain(': OK');
    expect(await openssl('verify', '-x509_strict', '-purpose', 'sslclient', '-CAfile', paths('ca').certPath, paths('cert').certPath)).toContain(': OK');
    await expect(openssl('verify', '-purpose', 'sslserver', '-CAfile', paths('ca').certPath, paths('cert').certPath)).rejects.toThrow();
    await expect(openssl('verify', '-CAfile', paths('foreign-ca').certPath, paths('server').certPath)).rejects.toThrow();
  });

  it('makes a CA: self-signed, O=user, CA:TRUE, keyCertSign, 2048 bits', async () => {
    const text = await openssl('x509', '-noout', '-text', '-in', paths('ca').certPath);
    expect(text).toMatch(/Issuer: O ?= ?alice\n/);
    expect(text).toMatch(/Subject: O ?= ?alice\n/);
    expect(text).toContain('Public-Key: (2048 bit)');
    expect(text).toContain('Signature Algorithm: sha256WithRSAEncryption');
    expect(text).toMatch(/X509v3 Basic Constraints: critical\n\s+CA:TRUE/);
    expect(text).toMatch(/X509v3 Key Usage: critical\n\s+Digital Signature, Key Encipherment, Key Agreement, Certificate Sign\n/);
    expect(text).toContain('X509v3 Subject Key Identifier');
    expect(text).not.toContain('Extended Key Usage');
  });

  it('makes a client certificate: O=<user>.<bootstrap>, clientAuth, digitalSignature only', async () => {
    const text = await openssl('x509', '-noout', '-text', '-in', paths('cert').certPath);
    expect(text).toMatch(/Subject: O ?= ?"?alice\.<bootstrap>"?\n/);
    expect(text).toMatch(/X509v3 Key Usage: critical\n\s+Digital Signature\n/);
    expect(text).toMatch(/X509v3 Extended Key Usage: \n\s+TLS Web Client Authentication\n/);
    expect(text).toMatch(/X509v3 Basic Constraints: critical\n\s+CA:FALSE/);
    expect(text).toContain('Public-Key: (2048 bit)');
    expect(text).not.toContain('Subject Alternative Name');
  });

  it('makes a server certificate: serverAuth, SANs split into DNS and IP, duplicates dropped', async () => {
    const text = await openssl('x509', '-noout', '-text', '-in', paths('server').certPath);
    expect(text).toMatch(/Subject: O ?= ?alice.dev\n/);
    expect(text).toMatch(/X509v3 Key Usage: critical\n\s+Digital Signature, Key Encipherment, Key Agreement\n/);
    expect(text).toMatch(/X509v3 Extended Key Usage: \n\s+TLS Web Server Authentication\n/);
    expect(text).toMatch(/X509v3 Subject Alternative Name: \n\s+DNS:docker.example, DNS:localhost, IP Address:10.1.2.3, IP Address:127.0.0.1\n/);
    expect(text).toContain('Public-Key: (2048 bit)');
  });

  it('encodes O as UTF8String when it is not a PrintableString (Go rejects such PrintableStrings)', async () => {
    const caText = await openssl('asn1parse', '-in', paths('ca').certPath);
    expect(caText).toMatch(/PRINTABLESTRING\s+:alice\n/);
    const clientText = await openssl('asn1parse', '-in', paths('cert').certPath);
    expect(clientText).toMatch(/UTF8STRING\s+:alice\.<bootstrap>\n/);
    const utf8CA = await issueCA({ org: 'José_d' });
    const utf8Client = await issueClientCert({ ca: utf8CA, org: 'José_d.<bootstrap>' });
    const forge = (await import('node-forge')).default;
    const tbsOf = (pem: string) => forge.asn1.fromDer(forge.pem.decode(pem)[0]!.body).value[0] as { value: unknown[] };
    const derOf = (node: unknown) => forge.asn1.toDer(node as Parameters<typeof forge.asn1.toDer>[0]).toHex();
    // issuer of the client == subject of the CA, byte for byte (how Go links a chain)
    expect(derOf(tbsOf(utf8Client.certPem).value[3])).toBe(derOf(tbsOf(utf8CA.certPem).value[5]));
    expect(new X509Certificate(utf8CA.certPem).subject).toBe('O=José_d');
    expect(new X509Certificate(utf8Client.certPem).checkIssued(new X509Certificate(utf8CA.certPem))).toBe(true);
  });

  it('adds clientAuth to a swarm master server certificate', async () => {
    const master = await issueServerCert({ ca, org: 'alice.master', hosts: ['10.1.2.4', 'localhost'], isSwarmMaster: true });
    expect(new X509Certificate(master.certPem).keyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
  });

  it('is valid from now truncated to the minute minus 5 minutes, for 1080 days', () => {
    for (const pair of [ca, client, server]) {
      const cert = new X509Certificate(pair.certPem);
      const notBefore = new Date(cert.validFrom).getTime();
      const notAfter = new Date(cert.validTo).getTime();
      expect(notBefore % 60_000).toBe(0);
      const expected = Math.floor(issuedAt.getTime() / 60_000) * 60_000 - 5 * 60_000;
      expect(Math.abs(notBefore - expected)).toBeLessThanOrEqual(60_000);
      expect(notAfter - notBefore).toBe(1080 * DAY_MS);
    }
  });

  it('uses random positive serials of at most 128 bits', () => {
    const serials = [ca, client, server].map((pair) => BigInt(`0x${new X509Certificate(pair.certPem).serialNumber}`));
    expect(new Set(serials).size).toBe(3);
    for (const serial of serials) {
      expect(serial > 0n).toBe(true);
      expect(serial < 1n << 128n).toBe(true);
    }
  });

  describe('TLS between a server and a client using them', () => {
    let httpsServer: Server | undefined;
    afterEach(async () => {
      httpsServer?.closeAllConnections();
      await new Promise((resolve) => httpsServer?.close(resolve) ?? resolve(undefined));
      httpsServer = undefined;
    });

    async function listen(): Promise<number> {
      httpsServer = createServer(
        { cert: server.certPem, key: server.keyPem, ca: ca.certPem, requestCert: true, rejectUnauthorized: true },
        (req, res) => {
          const peer = (req.socket as TLSSocket).getPeerCertificate();
          res.end(JSON.stringify({ peerOrg: peer.subject.O }));
        },
      );
      await new Promise<void>((resolve) => httpsServer?.listen(0, '127.0.0.1', resolve));
      return (httpsServer.address() as AddressInfo).port;
    }

    function get(port: number, tls: { cert: string; key: string; servername?: string }): Promise<string> {
      return new Promise((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port, path: '/', agent: false, ca: ca.certPem, rejectUnauthorized: true, ...tls },
          (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (body += chunk));
            res.on('end', () => resolve(body));
            res.on('error', reject);
          },
        );
        req.setTimeout(10_000, () => req.destroy(new Error('test request timed out')));
        req.on('error', reject);
        req.end();
      });
    }

    it('completes a mutual TLS handshake to 127.0.0.1 with hostname verification', async () => {
      const port = await listen();
      expect(JSON.parse(await get(port, { cert: client.certPem, key: client.keyPem }))).toEqual({ peerOrg: 'alice.<bootstrap>' });
      expect(JSON.parse(await get(port, { cert: client.certPem, key: client.keyPem, servername: 'docker.example' }))).toEqual({
        peerOrg: 'alice.<bootstrap>',
      });
    });

    it('fails when the name is not in the certificate', async () => {
      const port = await listen();
      await expect(get(port, { cert: client.certPem, key: client.keyPem, servername: 'other.example' })).rejects.toMatchObject({
        code: 'ERR_TLS_CERT_ALTNAME_INVALID',
      });
    });

    it.skipIf(goBinary === undefined)('is accepted by Go on both sides (dockerd and the docker CLI are Go)', async () => {
      const goDir = await mkdtemp(join(tmpdir(), 'berth-go-'));
      try {
        await writeFile(join(goDir, 'go.mod'), 'module berthcheck\n\ngo 1.19\n');
        await writeFile(join(goDir, 'main.go'), GO_MUTUAL_TLS_CHECK);
        const { stdout } = await run(goBinary!, ['run', '.', paths('ca').certPath, ...Object.values(paths('server')), ...Object.values(paths('cert'))], { cwd: goDir, timeout: 120_000, env: { ...process.env, GOFLAGS: '-mod=mod' } });
        expect(stdout).toContain('OK 127.0.0.1: alice.<bootstrap>');
        expect(stdout).toContain('OK docker.example: alice.<bootstrap>');
      } finally {
        await rm(goDir, { recursive: true, force: true });
      }
    });

    it('fails with a client certificate from another CA', async () => {
      const port = await listen();
      await expect(get(port, { cert: foreign.client.certPem, key: foreign.client.keyPem })).rejects.toThrow();
    });
  });
});

describe('bootstrapCertificates', () => {
  let n = 0;
  async function storeOptions(extra: Partial<BootstrapOptions> = {}): Promise<BootstrapOptions & { lines: string[] }> {
    const certDir = join(dir, `store${++n}`, 'certs');
    const lines: string[] = [];
    return {
      certDir,
      caCertPath: join(certDir, 'ca.pem'),
      caKeyPath: join(certDir, 'ca-key.pem'),
      clientCertPath: join(certDir, 'cert.pem'),
      clientKeyPath: join(certDir, 'key.pem'),
      user: 'alice',
      report: (line) => lines.push(line),
      lines,
      ...extra,
    };
  }
  const snapshot = async (o: BootstrapOptions) =>
    Promise.all([o.caCertPath, o.caKeyPath, o.clientCertPath, o.clientKeyPath].map((p) => readFile(p, 'utf8')));

  it('creates the CA and client certificate once, then leaves them alone', async () => {
    const o = await storeOptions();
    const started = performance.now();
    expect(await bootstrapCertificates(o)).toEqual({ caCreated: true, clientCreated: true });
    const elapsed = performance.now() - started;
    expect(o.lines).toEqual([`Creating CA: ${o.caCertPath}`, `Creating client certificate: ${o.clientCertPath}`]);
    expect((await stat(o.certDir)).mode & 0o777).toBe(0o700);
    expect((await stat(o.caKeyPath)).mode & 0o777).toBe(0o600);
    expect((await stat(o.clientKeyPath)).mode & 0o777).toBe(0o600);
    expect((await stat(o.caCertPath)).mode & 0o777).toBe(0o644);
    await openssl('verify', '-CAfile', o.caCertPath, o.clientCertPath);
    expect(new X509Certificate(await readFile(o.caCertPath)).subject).toBe('O=alice');
    expect(await openssl('x509', '-noout', '-subject', '-nameopt', 'RFC2253', '-in', o.clientCertPath)).toBe('subject=O=alice.\\<bootstrap\\>\n');
    process.stdout.write(`full bootstrap (CA + client): ${elapsed.toFixed(0)} ms\n`);

    const before = await snapshot(o);
    o.lines.length = 0;
    expect(await bootstrapCertificates(o)).toEqual({ caCreated: false, clientCreated: false });
    expect(o.lines).toEqual([]);
    expect(await snapshot(o)).toEqual(before);
  });

  it('recreates an expired CA, and the client certificate it signed', async () => {
    const o = await storeOptions();
    await bootstrapCertificates(o);
    const [oldCA, , oldClient] = await snapshot(o);
    o.lines.length = 0;
    const later = new Date(Date.now() + 1081 * DAY_MS);
    expect(await bootstrapCertificates({ ...o, now: later })).toEqual({ caCreated: true, clientCreated: true });
    expect(o.lines).toEqual([
      'CA certificate is outdated and needs to be regenerated',
      `Creating CA: ${o.caCertPath}`,
      'Client certificate is outdated and needs to be regenerated',
      `Creating client certificate: ${o.clientCertPath}`,
    ]);
    const [newCA, , newClient] = await snapshot(o);
    expect(newCA).not.toBe(oldCA);
    expect(newClient).not.toBe(oldClient);
    expect(new X509Certificate(newCA!).validTo).not.toBe(new X509Certificate(oldCA!).validTo);
    expect(new X509Certificate(newClient!).checkIssued(new X509Certificate(newCA!))).toBe(true);
  });

  it('reissues a still-valid client certificate when the CA had to be recreated', async () => {
    const o = await storeOptions();
    await bootstrapCertificates(o);
    await rm(o.caCertPath);
    await rm(o.caKeyPath);
    o.lines.length = 0;
    expect(await bootstrapCertificates(o)).toEqual({ caCreated: true, clientCreated: true });
    expect(o.lines).toEqual([
      `Creating CA: ${o.caCertPath}`,
      'Client certificate was signed by the previous CA and needs to be regenerated',
      `Creating client certificate: ${o.clientCertPath}`,
    ]);
    await openssl('verify', '-CAfile', o.caCertPath, o.clientCertPath);
  });

  it('recreates only an expired client certificate', async () => {
    const o = await storeOptions();
    await mkdir(o.certDir, { recursive: true });
    const now = new Date();
    const ca = await issueCA({ org: 'alice', now });
    const oldClient = await issueClientCert({ ca, org: 'alice.<bootstrap>', now: new Date(now.getTime() - 1100 * DAY_MS) });
    await writeKeyPair({ certPath: o.caCertPath, keyPath: o.caKeyPath }, ca);
    await writeKeyPair({ certPath: o.clientCertPath, keyPath: o.clientKeyPath }, oldClient);
    expect(await bootstrapCertificates(o)).toEqual({ caCreated: false, clientCreated: true });
    expect(o.lines).toEqual(['Client certificate is outdated and needs to be regenerated', `Creating client certificate: ${o.clientCertPath}`]);
    expect(await readFile(o.caCertPath, 'utf8')).toBe(ca.certPem);
    await openssl('verify', '-CAfile', o.caCertPath, o.clientCertPath);
  });

  it('refuses to overwrite a CA key whose certificate is missing', async () => {
    const o = await storeOptions();
    await mkdir(o.certDir, { recursive: true });
    await writeFile(o.caKeyPath, 'precious', { mode: 0o600 });
    await expect(bootstrapCertificates(o)).rejects.toMatchObject({
      code: 'CERT_BOOTSTRAP_FAILED',
      message: expect.stringMatching(/^certificate authority key already exists at ".*ca-key.pem"/),
      hint: expect.any(String),
    });
    expect(await readFile(o.caKeyPath, 'utf8')).toBe('precious');
    await expect(stat(o.caCertPath)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(stat(o.clientCertPath)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses to overwrite a client key whose certificate is missing', async () => {
    const o = await storeOptions();
    await bootstrapCertificates(o);
    await rm(o.clientCertPath);
    await expect(bootstrapCertificates(o)).rejects.toMatchObject({
      code: 'CERT_BOOTSTRAP_FAILED',
      message: expect.stringMatching(/^client key already exists at /),
    });
  });

  it('reports a missing CA key and an unreadable CA certificate', async () => {
    const o = await storeOptions();
    await bootstrapCertificates(o);
    await rm(o.caKeyPath);
    await expect(bootstrapCertificates(o)).rejects.toMatchObject({ code: 'CERT_BOOTSTRAP_FAILED', message: expect.stringContaining('is missing') });
    await writeFile(o.caCertPath, 'not a certificate');
    await expect(bootstrapCertificates(o)).rejects.toMatchObject({ code: 'CERT_BOOTSTRAP_FAILED', message: expect.stringContaining('cannot be parsed') });
  });

  it('makes exactly one CA when 10 bootstraps race under a shared lock', async () => {
    const o = await storeOptions();
    let tail: Promise<void> = Promise.resolve();
    let holders = 0;
    let maxHolders = 0;
    const lock = async (): Promise<StoreLock> => {
      const previous = tail;
      let release!: () => void;
      tail = new Promise((resolve) => (release = resolve));
      await previous;
      maxHolders = Math.max(maxHolders, ++holders);
      return {
        release: async () => {
          holders--;
          release();
        },
      };
    };
    const results = await Promise.all(Array.from({ length: 10 }, () => bootstrapCertificates({ ...o, lock })));
    expect(results.filter((r) => r.caCreated)).toHaveLength(1);
    expect(results.filter((r) => r.clientCreated)).toHaveLength(1);
    expect(o.lines.filter((line) => line.startsWith('Creating CA'))).toHaveLength(1);
    expect(maxHolders).toBe(1);
    await openssl('verify', '-CAfile', o.caCertPath, o.clientCertPath);
  });

  it('releases the lock when bootstrap fails', async () => {
    const o = await storeOptions();
    await mkdir(o.certDir, { recursive: true });
    await writeFile(o.caKeyPath, 'precious');
    let released = 0;
    const lock = async (): Promise<StoreLock> => ({ release: async () => void released++ });
    await expect(bootstrapCertificates({ ...o, lock })).rejects.toMatchObject({ code: 'CERT_BOOTSTRAP_FAILED' });
    expect(released).toBe(1);
  });
});

describe('regenerateClientCertificates', () => {
  it('replaces a valid CA and client certificate', async () => {
    const certDir = join(dir, 'regen', 'certs');
    const lines: string[] = [];
    const o = {
      certDir,
      caCertPath: join(certDir, 'ca.pem'),
      caKeyPath: join(certDir, 'ca-key.pem'),
      clientCertPath: join(certDir, 'cert.pem'),
      clientKeyPath: join(certDir, 'key.pem'),
      user: 'alice',
      report: (line: string) => lines.push(line),
    };
    await bootstrapCertificates(o);
    const oldCA = await readFile(o.caCertPath, 'utf8');
    const oldKey = await readFile(o.clientKeyPath, 'utf8');
    lines.length = 0;
    expect(await regenerateClientCertificates(o)).toEqual({ caCreated: true, clientCreated: true });
    expect(lines).toEqual(['Regenerating local certificates', `Creating CA: ${o.caCertPath}`, `Creating client certificate: ${o.clientCertPath}`]);
    expect(await readFile(o.caCertPath, 'utf8')).not.toBe(oldCA);
    expect(await readFile(o.clientKeyPath, 'utf8')).not.toBe(oldKey);
    await openssl('verify', '-CAfile', o.caCertPath, o.clientCertPath);
    const oldCAPath = join(certDir, 'old-ca.pem');
    await writeFile(oldCAPath, oldCA);
    await expect(openssl('verify', '-CAfile', oldCAPath, o.clientCertPath)).rejects.toThrow();
  });
});

describe('readCA and copyClientCertsToMachine', () => {
  it('reads the CA pair, and names the missing file', async () => {
    const ca = await issueCA({ org: 'alice' });
    const certPath = join(dir, 'read-ca.pem');
    const keyPath = join(dir, 'read-ca-key.pem');
    await writeKeyPair({ certPath, keyPath }, ca);
    expect(await readCA(certPath, keyPath)).toEqual(ca);
    await expect(readCA(join(dir, 'nope.pem'), keyPath)).rejects.toMatchObject({
      code: 'CERT_NOT_FOUND',
      message: expect.stringContaining('nope.pem'),
    });
  });

  it('copies ca.pem, cert.pem and key.pem into the machine folder, keeping modes', async () => {
    const src = join(dir, 'copy-src');
    const machineDir = join(dir, 'copy-machine');
    await mkdir(src);
    await mkdir(machineDir);
    await writeFile(join(src, 'ca.pem'), 'CA');
    await chmod(join(src, 'ca.pem'), 0o644);
    await writeFile(join(src, 'cert.pem'), 'CERT');
    await chmod(join(src, 'cert.pem'), 0o640);
    await writeFile(join(src, 'key.pem'), 'KEY');
    await chmod(join(src, 'key.pem'), 0o600);
    await writeFile(join(machineDir, 'key.pem'), 'old key');
    const copied = await copyClientCertsToMachine({
      caCertPath: join(src, 'ca.pem'),
      clientCertPath: join(src, 'cert.pem'),
      clientKeyPath: join(src, 'key.pem'),
      machineDir,
    });
    expect(copied).toEqual({ caPath: join(machineDir, 'ca.pem'), certPath: join(machineDir, 'cert.pem'), keyPath: join(machineDir, 'key.pem') });
    expect(await readFile(copied.caPath, 'utf8')).toBe('CA');
    expect(await readFile(copied.certPath, 'utf8')).toBe('CERT');
    expect(await readFile(copied.keyPath, 'utf8')).toBe('KEY');
    expect((await stat(copied.caPath)).mode & 0o777).toBe(0o644);
    expect((await stat(copied.certPath)).mode & 0o777).toBe(0o640);
    expect((await stat(copied.keyPath)).mode & 0o777).toBe(0o600);
  });
});

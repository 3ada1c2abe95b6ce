// ls starts the engine query with the URL the driver gave last time; the answer counts only when the
// driver reports the same URL again, or when the engine there proves to be the machine's (proven()).
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { issueCA } from '../src/certs/issue-ca.js';
import { issueClientCert } from '../src/certs/issue-client-cert.js';
import type { CertificatePair } from '../src/certs/issue-certificate.js';
import { issueServerCert } from '../src/certs/issue-server-cert.js';
import { writeKeyPair } from '../src/certs/write-key-pair.js';
import { startEarlyEngineQuery } from '../src/machines/early-engine-query.js';
import { readCachedEngine, writeCachedURL } from '../src/machines/url-cache.js';
import { newMachineRecord } from '../src/store/new-record.js';

let dir: string;
let machineDir: string;
let ca: CertificatePair;
let server: CertificatePair;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'berth-early-'));
  machineDir = join(dir, 'machines', 'm1');
  await mkdir(machineDir, { recursive: true });
  ca = await issueCA({ org: 'test' });
  const client = await issueClientCert({ ca, org: 'test.<bootstrap>' });
  server = await issueServerCert({ ca, org: 'test.m1', hosts: ['127.0.0.1'] });
  await writeKeyPair({ certPath: join(machineDir, 'ca.pem'), keyPath: join(machineDir, 'ca-key.pem') }, ca);
  await writeKeyPair({ certPath: join(machineDir, 'cert.pem'), keyPath: join(machineDir, 'key.pem') }, client);
});
afterAll(() => rm(dir, { recursive: true, force: true }));
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** An engine answering /version with `version`, counting the requests it got. */
async function engine(version: string): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const https = createServer({ cert: server.certPem, key: server.keyPem, ca: ca.certPem, requestCert: true, rejectUnauthorized: true }, (_req, res) => {
    hits++;
    res.end(JSON.stringify({ Version: version, ApiVersion: '1.43' }));
  });
  await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => { https.closeAllConnections(); https.close(() => resolve()); }));
  return { url: `tcp://127.0.0.1:${(https.address() as AddressInfo).port}`, hits: () => hits };
}

const record = (url: string, driverName = 'none') =>
  newMachineRecord({ name: 'm1', storePath: dir, driverName, driverConfig: { URL: url } as never });
const signal = () => new AbortController().signal;

describe('startEarlyEngineQuery', () => {
  it('uses the early answer when the driver reports the cached URL (one request in all)', async () => {
    const e = await engine('24.0.7');
    const r = record(e.url);
    await writeCachedURL(machineDir, r, e.url);
    const early = startEarlyEngineQuery(r, machineDir, readCachedEngine(machineDir, r), { timeoutMs: 5000, signal: new AbortController().signal });
    await new Promise((resolve) => setTimeout(resolve, 200)); // the driver is slow to start
    expect(e.hits()).toBe(1); // already asked, before the driver answered
    expect(await early.versionFor(e.url)).toBe('24.0.7');
    expect(e.hits()).toBe(1);
  });

  it('asks the URL the driver reports when it differs from the cached one, and caches the new one', async () => {
    const [old, current] = await Promise.all([engine('1.0.0'), engine('25.0.0')]);
    const r = record('tcp://changed');
    await writeCachedURL(machineDir, r, old.url);
    const early = startEarlyEngineQuery(r, machineDir, readCachedEngine(machineDir, r), { timeoutMs: 5000, signal: new AbortController().signal });
    expect(await early.versionFor(current.url)).toBe('25.0.0');
    expect(JSON.parse(await readFile(join(machineDir, '.berth-url.json'), 'utf8')).url).toBe(current.url);
  });

  it('without a cached URL, queries the reported URL once', async () => {
    const e = await engine('24.0.7');
    const r = record('tcp://no-cache-for-this-config');
    await rm(join(machineDir, '.berth-url.json'), { force: true });
    const early = startEarlyEngineQuery(r, machineDir, readCachedEngine(machineDir, r), { timeoutMs: 5000, signal: new AbortController().signal });
    expect(await early.versionFor(e.url)).toBe('24.0.7');
    expect(e.hits()).toBe(1);
  });

  it('passes the early error on when it was for the right URL', async () => {
    const r = record('tcp://127.0.0.1:1');
    await writeCachedURL(machineDir, r, 'tcp://127.0.0.1:1');
    const early = startEarlyEngineQuery(r, machineDir, readCachedEngine(machineDir, r), { timeoutMs: 5000, signal: new AbortController().signal });
    await expect(early.versionFor('tcp://127.0.0.1:1')).rejects.toMatchObject({ code: 'ENGINE_UNREACHABLE' });
  });

  it('cancel() drops a failing early query without an unhandled rejection', async () => {
    const r = record('tcp://127.0.0.1:2');
    await writeCachedURL(machineDir, r, 'tcp://127.0.0.1:2');
    const early = startEarlyEngineQuery(r, machineDir, readCachedEngine(machineDir, r), { timeoutMs: 5000, signal: new AbortController().signal });
    early.cancel();
    await new Promise((resolve) => setTimeout(resolve, 100));
  });

  it('proven(): a none machine whose engine answers at the cached URL needs no driver', async () => {
    const e = await engine('24.0.7');
    const r = record(e.url);
    await writeCachedURL(machineDir, r, e.url);
    const early = startEarlyEngineQuery(r, machineDir, readCachedEngine(machineDir, r), { timeoutMs: 5000, signal: signal() });
    expect(await early.proven(2000)).toBe('24.0.7');
    expect(e.hits()).toBe(1);
  });

  it('proven(): only a none machine, or one whose engine presents its server.pem, is proven by an answer', async () => {
    const e = await engine('24.0.7');
    const r = record(e.url, 'generic');
    await writeCachedURL(machineDir, r, e.url);
    // No server.pem: the cached URL is only a guess for the driver to confirm.
    expect(readCachedEngine(machineDir, r)).toMatchObject({ url: e.url, standsForDriver: false });
    const guess = startEarlyEngineQuery(r, machineDir, readCachedEngine(machineDir, r), { timeoutMs: 5000, signal: signal() });
    expect(await guess.proven(2000)).toBeUndefined();
    expect(await guess.versionFor(e.url)).toBe('24.0.7');
    try {
      await writeFile(join(machineDir, 'server.pem'), server.certPem);
      const withCert = startEarlyEngineQuery(r, machineDir, readCachedEngine(machineDir, r), { timeoutMs: 5000, signal: signal() });
      expect(await withCert.proven(2000)).toBe('24.0.7');
      // Another certificate from the same CA is not this machine's engine.
      const other = await issueServerCert({ ca, org: 'test.m2', hosts: ['127.0.0.1'] });
      await writeFile(join(machineDir, 'server.pem'), other.certPem);
      const wrong = startEarlyEngineQuery(r, machineDir, readCachedEngine(machineDir, r), { timeoutMs: 5000, signal: signal() });
      expect(await wrong.proven(2000)).toBeUndefined();
      // The driver confirms the URL: the CA-verified query answers, as it did before the cache existed.
      expect(await wrong.versionFor(e.url)).toBe('24.0.7');
    } finally {
      await rm(join(machineDir, 'server.pem'), { force: true });
    }
  });

  it('proven(): undefined at once when the engine refuses, and after the grace when it does not answer', async () => {
    const refused = record('tcp://127.0.0.1:1');
    await writeCachedURL(machineDir, refused, 'tcp://127.0.0.1:1');
    const early = startEarlyEngineQuery(refused, machineDir, readCachedEngine(machineDir, refused), { timeoutMs: 5000, signal: signal() });
    expect(await early.proven(60_000)).toBeUndefined();

    const { createServer: createTcpServer } = await import('node:net');
    const sockets = new Set<import('node:net').Socket>();
    const silent = createTcpServer((socket) => {
      // accepts, never answers the handshake
      sockets.add(socket);
      socket.resume(); // reads, so it sees the client hang up
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => { sockets.forEach((s) => s.destroy()); silent.close(() => resolve()); }));
    const url = `tcp://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const r = record(url);
    await writeCachedURL(machineDir, r, url);
    const hung = startEarlyEngineQuery(r, machineDir, readCachedEngine(machineDir, r), { timeoutMs: 5000, signal: signal() });
    expect(await hung.proven(300)).toBeUndefined();
    expect(sockets.size).toBe(1); // the grace ran out, not the query: it still waits for the handshake
    hung.cancel();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sockets.size).toBe(0); // cancel() hung up
  });
});

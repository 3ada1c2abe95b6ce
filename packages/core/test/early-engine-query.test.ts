// ls starts the engine query with the URL the driver gave last time; the answer counts only when the
// driver reports the same URL again.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
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
import { writeCachedURL } from '../src/machines/url-cache.js';
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

const record = (url: string) =>
  newMachineRecord({ name: 'm1', storePath: dir, driverName: 'none', driverConfig: { URL: url } as never });

describe('startEarlyEngineQuery', () => {
  it('uses the early answer when the driver reports the cached URL (one request in all)', async () => {
    const e = await engine('24.0.7');
    const r = record(e.url);
    await writeCachedURL(machineDir, r, e.url);
    const early = startEarlyEngineQuery(r, machineDir, { timeoutMs: 5000, signal: new AbortController().signal });
    await new Promise((resolve) => setTimeout(resolve, 200)); // the driver is slow to start
    expect(e.hits()).toBe(1); // already asked, before the driver answered
    expect(await early.versionFor(e.url)).toBe('24.0.7');
    expect(e.hits()).toBe(1);
  });

  it('asks the URL the driver reports when it differs from the cached one, and caches the new one', async () => {
    const [old, current] = await Promise.all([engine('1.0.0'), engine('25.0.0')]);
    const r = record('tcp://changed');
    await writeCachedURL(machineDir, r, old.url);
    const early = startEarlyEngineQuery(r, machineDir, { timeoutMs: 5000, signal: new AbortController().signal });
    expect(await early.versionFor(current.url)).toBe('25.0.0');
    expect(JSON.parse(await readFile(join(machineDir, '.berth-url.json'), 'utf8')).url).toBe(current.url);
  });

  it('without a cached URL, queries the reported URL once', async () => {
    const e = await engine('24.0.7');
    const r = record('tcp://no-cache-for-this-config');
    await rm(join(machineDir, '.berth-url.json'), { force: true });
    const early = startEarlyEngineQuery(r, machineDir, { timeoutMs: 5000, signal: new AbortController().signal });
    expect(await early.versionFor(e.url)).toBe('24.0.7');
    expect(e.hits()).toBe(1);
  });

  it('passes the early error on when it was for the right URL', async () => {
    const r = record('tcp://127.0.0.1:1');
    await writeCachedURL(machineDir, r, 'tcp://127.0.0.1:1');
    const early = startEarlyEngineQuery(r, machineDir, { timeoutMs: 5000, signal: new AbortController().signal });
    await expect(early.versionFor('tcp://127.0.0.1:1')).rejects.toMatchObject({ code: 'ENGINE_UNREACHABLE' });
  });

  it('cancel() drops a failing early query without an unhandled rejection', async () => {
    const r = record('tcp://127.0.0.1:2');
    await writeCachedURL(machineDir, r, 'tcp://127.0.0.1:2');
    const early = startEarlyEngineQuery(r, machineDir, { timeoutMs: 5000, signal: new AbortController().signal });
    early.cancel();
    await new Promise((resolve) => setTimeout(resolve, 100));
  });
});

// A fake Docker engine: HTTPS on 127.0.0.1 with mutual TLS, server certificate issued by the
// store's own CA with `openssl x509 -req` (so a client trusting only that CA and presenting the
// store's client certificate gets through, as with a real machine), answering GET /version.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { onCleanup, tempDir } from './run-berth.js';

const run = promisify(execFile);

export const FAKE_VERSION = { Version: '24.0.7', ApiVersion: '1.43' };

export interface FakeEngine {
  port: number;
  /** `tcp://127.0.0.1:PORT` */
  url: string;
  /** Every request seen (method and path), and whether the client presented a certificate the CA signed. */
  requests: Array<{ method: string; path: string; authorized: boolean }>;
  close(): Promise<void>;
}

/** Issues a server certificate for 127.0.0.1 from `<store>/certs/ca.pem` + `ca-key.pem` (the CA must exist). */
export async function issueServerCert(store: string): Promise<{ cert: string; key: string; ca: string }> {
  const dir = await tempDir('berth-engine-');
  const caPem = join(store, 'certs', 'ca.pem');
  const caKey = join(store, 'certs', 'ca-key.pem');
  const key = join(dir, 'server-key.pem');
  const csr = join(dir, 'server.csr');
  const cert = join(dir, 'server.pem');
  const ext = join(dir, 'ext.cnf');
  await writeFile(ext, 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\nkeyUsage=digitalSignature,keyEncipherment\n');
  await run('openssl', ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr, '-subj', '/O=fake-engine']);
  await run('openssl', [
    'x509', '-req', '-in', csr, '-CA', caPem, '-CAkey', caKey, '-set_serial', `0x${randomBytes(8).toString('hex')}`,
    '-days', '2', '-sha256', '-extfile', ext, '-out', cert,
  ]);
  return { cert: await readFile(cert, 'utf8'), key: await readFile(key, 'utf8'), ca: await readFile(caPem, 'utf8') };
}

/** Starts the fake engine for machines of `store`; closed by `cleanup()` if the test does not close it. */
export async function startFakeEngine(store: string, answer: object = FAKE_VERSION): Promise<FakeEngine> {
  const tls = await issueServerCert(store);
  const requests: FakeEngine['requests'] = [];
  const server: Server = createServer({ ...tls, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    const authorized = (req.socket as { authorized?: boolean }).authorized === true;
    requests.push({ method: req.method ?? '', path: req.url ?? '', authorized });
    if (req.method === 'GET' && /^\/(v[\d.]+\/)?version$/.test((req.url ?? '').split('?')[0] ?? '')) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Api-Version': FAKE_VERSION.ApiVersion });
      res.end(JSON.stringify(answer));
      return;
    }
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end('{"message":"page not found"}');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  onCleanup(close);
  const port = (server.address() as AddressInfo).port;
  return { port, url: `tcp://127.0.0.1:${port}`, requests, close };
}

/** A TCP port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function deadPort(): Promise<number> {
  const { createServer: createTcp } = await import('node:net');
  const srv = createTcp();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', () => resolve()));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

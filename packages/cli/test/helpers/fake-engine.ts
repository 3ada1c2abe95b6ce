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
import { createNone, newStore, testScope, tempDir, type Scope } from './run-berth.js';

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
export async function issueServerCert(store: string, scope: Scope = testScope): Promise<{ cert: string; key: string; ca: string }> {
  const dir = await tempDir('berth-engine-', scope);
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

export interface FakeEngineOptions {
  /** The JSON /version answers with. */
  answer?: object;
  /** Listen on this port (else any free one). */
  port?: number;
  scope?: Scope;
}

/** Starts the fake engine for machines of `store`; closed with its scope if the test does not close it. */
export async function startFakeEngine(store: string, options: FakeEngineOptions = {}): Promise<FakeEngine> {
  const scope = options.scope ?? testScope;
  const answer = options.answer ?? FAKE_VERSION;
  const tls = await issueServerCert(store, scope);
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
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  scope.add(close);
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

/** A TCP server that accepts connections and never answers (a hung engine). */
export async function startHangingServer(scope: Scope = testScope): Promise<{ port: number; url: string }> {
  const { createServer: createTcp } = await import('node:net');
  const sockets = new Set<import('node:net').Socket>();
  const srv = createTcp((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', () => resolve()));
  scope.add(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => srv.close(() => resolve()));
  });
  const { port } = srv.address() as AddressInfo;
  return { port, url: `tcp://127.0.0.1:${port}` };
}

/**
 * A fresh store with machine `name` (none driver) whose engine is a running fake engine: the
 * machine is created first (that makes the store's CA), on a free port the engine then listens on.
 */
export async function storeWithEngine(name = 'm1', scope: Scope = testScope): Promise<{ store: string; engine: FakeEngine }> {
  const store = await newStore(scope);
  const port = await deadPort();
  await createNone(store, name, `tcp://127.0.0.1:${port}`);
  const engine = await startFakeEngine(store, { port, scope });
  return { store, engine };
}

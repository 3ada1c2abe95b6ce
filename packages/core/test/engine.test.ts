import { execFile } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer as createHttpsServer } from 'node:https';
import type { Server as HttpsServer } from 'node:https';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo, Server as TcpServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { issueCA } from '../src/certs/issue-ca.js';
import type { CertificatePair } from '../src/certs/issue-certificate.js';
import { issueClientCert } from '../src/certs/issue-client-cert.js';
import { issueServerCert } from '../src/certs/issue-server-cert.js';
import { writeKeyPair } from '../src/certs/write-key-pair.js';
import { getDockerVersion } from '../src/engine/docker-version.js';
import type { DockerVersionOptions } from '../src/engine/docker-version.js';

const VERSION_JSON = {
  Platform: { Name: 'Docker Engine - Community' },
  Version: '24.0.7',
  ApiVersion: '1.43',
  MinAPIVersion: '1.12',
  GitCommit: '311b9ff',
  GoVersion: 'go1.20.10',
  Os: 'linux',
  Arch: 'amd64',
  KernelVersion: '6.1.0-13-amd64',
  BuildTime: '2023-10-26T09:08:02.000000000+00:00',
};

interface Machine {
  ca: CertificatePair;
  client: CertificatePair;
  server: CertificatePair;
  caPath: string;
  certPath: string;
  keyPath: string;
}

let dir: string;
let machine: Machine;
let foreign: Machine;
let otherIPServer: CertificatePair;

async function makeMachine(name: string, user: string): Promise<Machine> {
  const ca = await issueCA({ org: user });
  const [client, server] = await Promise.all([
    issueClientCert({ ca, org: `${user}.<bootstrap>` }),
    issueServerCert({ ca, org: `${user}.${name}`, hosts: ['127.0.0.1', 'localhost'] }),
  ]);
  const machineDir = join(dir, name);
  const paths = { caPath: join(machineDir, 'ca.pem'), certPath: join(machineDir, 'cert.pem'), keyPath: join(machineDir, 'key.pem') };
  await import('node:fs/promises').then((fs) => fs.mkdir(machineDir, { recursive: true }));
  await writeKeyPair({ certPath: paths.caPath, keyPath: join(machineDir, 'ca-key.pem') }, ca);
  await writeKeyPair({ certPath: paths.certPath, keyPath: paths.keyPath }, client);
  return { ca, client, server, ...paths };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'berth-engine-'));
  [machine, foreign] = await Promise.all([makeMachine('dev', 'john_doe'), makeMachine('other', 'mallory')]);
  // the machine's IP changed since its server certificate was made (the classic TLS complaint)
  otherIPServer = await issueServerCert({ ca: machine.ca, org: 'john_doe.dev', hosts: ['10.1.2.3', 'localhost'] });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

type Handler = (path: string) => { status: number; body: string; headers?: Record<string, string> } | 'hang';

async function startEngine(handler: Handler, server: CertificatePair = machine.server, ca: string = machine.ca.certPem): Promise<number> {
  const httpsServer: HttpsServer = createHttpsServer(
    { cert: server.certPem, key: server.keyPem, ca, requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      const answer = handler(req.url ?? '/');
      if (answer === 'hang') return;
      res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
      res.end(answer.body);
    },
  );
  // a TLS handshake failure is the client's business here
  httpsServer.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => httpsServer.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise((resolve) => {
        httpsServer.closeAllConnections();
        httpsServer.close(() => resolve());
      }),
  );
  return (httpsServer.address() as AddressInfo).port;
}

const versionHandler: Handler = (path) =>
  path === '/_ping'
    ? { status: 200, body: 'OK', headers: { 'Api-Version': '1.43', 'Content-Type': 'text/plain' } }
    : path.endsWith('/version')
      ? { status: 200, body: JSON.stringify(VERSION_JSON) }
      : { status: 404, body: '{"message":"page not found"}' };

function options(port: number, extra: Partial<DockerVersionOptions> = {}): DockerVersionOptions {
  return {
    url: `tcp://127.0.0.1:${port}`,
    caPath: machine.caPath,
    certPath: machine.certPath,
    keyPath: machine.keyPath,
    timeoutMs: 5000,
    machineName: 'dev',
    ...extra,
  };
}

describe('getDockerVersion', () => {
  it('reads Version and ApiVersion over mutual TLS', async () => {
    const port = await startEngine(versionHandler);
    const result = await getDockerVersion(options(port));
    expect(result).toEqual({ version: '24.0.7', apiVersion: '1.43', raw: VERSION_JSON });
  });

  it('verifies a host name against the DNS SANs (tcp://localhost)', async () => {
    const port = await startEngine(versionHandler);
    const result = await getDockerVersion(options(port, { url: `tcp://localhost:${port}`, caPath: undefined, caPem: machine.ca.certPem }));
    expect(result.version).toBe('24.0.7');
  });

  it('fails with ENGINE_TLS_INVALID when the server is not signed by the machine CA', async () => {
    const port = await startEngine(versionHandler);
    const err = await getDockerVersion(options(port, { caPath: foreign.caPath })).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'ENGINE_TLS_INVALID',
      message: expect.stringMatching(new RegExp(`^There was an error validating certificates for host "127\\.0\\.0\\.1:${port}": .+`)),
      hint:
        "You can attempt to regenerate them using 'berth regenerate-certs dev'. " +
        'Be advised that this will trigger a Docker daemon restart which might stop running containers.',
    });
  });

  it('fails with ENGINE_TLS_INVALID when the machine IP is not in the server certificate', async () => {
    const port = await startEngine(versionHandler, otherIPServer);
    await expect(getDockerVersion(options(port))).rejects.toMatchObject({
      code: 'ENGINE_TLS_INVALID',
      message: expect.stringContaining("IP: 127.0.0.1 is not in the cert's list"),
    });
  });

  it('fails with ENGINE_TLS_INVALID when the engine rejects the client certificate', async () => {
    const port = await startEngine(versionHandler);
    // Under TLS 1.3 the client's handshake completes before the engine checks the client
    // certificate, so the refusal shows up as a closed connection rather than a TLS alert.
    for (let i = 0; i < 3; i++) {
      await expect(getDockerVersion(options(port, { certPath: foreign.certPath, keyPath: foreign.keyPath }))).rejects.toMatchObject({
        code: 'ENGINE_TLS_INVALID',
        message: expect.stringMatching(/^There was an error validating certificates for host "127\.0\.0\.1:\d+": /),
        hint: expect.stringContaining("'berth regenerate-certs dev'"),
      });
    }
  });

  it('fails with ENGINE_TLS_INVALID naming a missing certificate file', async () => {
    const port = await startEngine(versionHandler);
    await expect(getDockerVersion(options(port, { keyPath: join(dir, 'dev', 'missing-key.pem') }))).rejects.toMatchObject({
      code: 'ENGINE_TLS_INVALID',
      message: expect.stringContaining('missing-key.pem'),
    });
  });

  it('fails with ENGINE_UNREACHABLE on a closed port, in docker-machine words', async () => {
    const probe = createTcpServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    await expect(getDockerVersion(options(port))).rejects.toMatchObject({
      code: 'ENGINE_UNREACHABLE',
      message: `Unable to query docker version: Get https://127.0.0.1:${port}/version: dial tcp 127.0.0.1:${port}: connect: connection refused`,
    });
  });

  it('gives up after timeoutMs when the port accepts but never speaks TLS', async () => {
    const sockets = new Set<Socket>();
    const silent: TcpServer = createTcpServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    closers.push(
      () =>
        new Promise((resolve) => {
          for (const socket of sockets) socket.destroy();
          silent.close(() => resolve());
        }),
    );
    const port = (silent.address() as AddressInfo).port;
    const started = performance.now();
    const err = await getDockerVersion(options(port, { timeoutMs: 400 })).catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(err).toMatchObject({ code: 'ENGINE_UNREACHABLE', message: expect.stringContaining('no answer within 400 ms (timeout)') });
    expect(elapsed).toBeGreaterThanOrEqual(390);
    expect(elapsed).toBeLessThan(3000);
  });

  it('gives up after timeoutMs when the engine completes TLS but never answers', async () => {
    const port = await startEngine(() => 'hang');
    const started = performance.now();
    await expect(getDockerVersion(options(port, { timeoutMs: 400 }))).rejects.toMatchObject({
      code: 'ENGINE_UNREACHABLE',
      message: expect.stringContaining('(timeout)'),
    });
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('fails with ENGINE_BAD_RESPONSE on a 500, quoting the daemon message', async () => {
    const port = await startEngine(() => ({ status: 500, body: '{"message":"daemon is shutting down"}' }));
    await expect(getDockerVersion(options(port))).rejects.toMatchObject({
      code: 'ENGINE_BAD_RESPONSE',
      message: `Unable to query docker version: Get https://127.0.0.1:${port}/version: Error response from daemon (500 Internal Server Error): daemon is shutting down`,
      details: { status: 500 },
    });
  });

  it('fails with ENGINE_BAD_RESPONSE on an answer that is not Docker JSON', async () => {
    const port = await startEngine(() => ({ status: 200, body: '<html>hello</html>' }));
    await expect(getDockerVersion(options(port))).rejects.toMatchObject({ code: 'ENGINE_BAD_RESPONSE', message: expect.stringContaining('<html>hello</html>') });
    const port2 = await startEngine(() => ({ status: 200, body: '{"Os":"linux"}' }));
    await expect(getDockerVersion(options(port2))).rejects.toMatchObject({ code: 'ENGINE_BAD_RESPONSE', message: expect.stringContaining('no "Version"') });
  });

  it('stops at once when aborted, with the signal reason', async () => {
    const port = await startEngine(() => 'hang');
    const controller = new AbortController();
    const reason = new Error('user pressed Ctrl-C');
    setTimeout(() => controller.abort(reason), 100);
    const started = performance.now();
    await expect(getDockerVersion(options(port, { signal: controller.signal, timeoutMs: 10_000 }))).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('rejects a URL that is not tcp://', async () => {
    await expect(getDockerVersion(options(1, { url: 'http://127.0.0.1:2376' }))).rejects.toMatchObject({ code: 'ENGINE_URL_INVALID' });
  });
});

describe('the real docker CLI (Go TLS stack) with these certificates', () => {
  const docker = ['/usr/bin/docker', '/usr/local/bin/docker'].find((path) => existsSync(path));
  it.skipIf(docker === undefined)('talks to the engine over mutual TLS', async () => {
    const port = await startEngine(versionHandler);
    const config = await mkdtemp(join(tmpdir(), 'berth-docker-config-'));
    try {
      const { stdout } = await promisify(execFile)(
        docker!,
        ['--tlsverify', '--tlscacert', machine.caPath, '--tlscert', machine.certPath, '--tlskey', machine.keyPath, '-H', `tcp://127.0.0.1:${port}`, 'version', '--format', '{{.Server.Version}}'],
        { env: { PATH: process.env.PATH, HOME: config, DOCKER_CONFIG: config }, timeout: 20_000 },
      );
      expect(stdout.trim()).toBe('24.0.7');
    } finally {
      await rm(config, { recursive: true, force: true });
    }
  });
});

describe('import graph of the fast path', () => {
  const srcDir = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

  /** Every module a file loads at import time (type-only and dynamic imports excluded). */
  async function staticImports(file: string, seen = new Set<string>()): Promise<Set<string>> {
    if (seen.has(file)) return seen;
    seen.add(file);
    const text = await readFile(file, 'utf8');
    for (const match of text.matchAll(/^import\s+(?!type\s)[^'"]*?from\s+'([^']+)'|^import\s+'([^']+)'/gm)) {
      const spec = match[1] ?? match[2]!;
      if (spec.startsWith('.')) await staticImports(resolve(dirname(file), spec.replace(/\.js$/, '.ts')), seen);
      else seen.add(spec);
    }
    return seen;
  }

  it('docker-version.ts loads only node builtins (no HTTP client), errors.ts and sha256-hex.ts', async () => {
    const loaded = [...(await staticImports(join(srcDir, 'engine/docker-version.ts')))];
    const packages = loaded.filter((spec) => !spec.startsWith('/'));
    const files = loaded.filter((spec) => spec.startsWith('/')).map((path) => path.slice(srcDir.length + 1));
    expect(packages.every((spec) => spec.startsWith('node:'))).toBe(true);
    // node:tls alone: node:https's HTTP client would add ~3.5 ms to every `berth env` (http-answer.ts).
    expect(packages.filter((spec) => spec === 'node:http' || spec === 'node:https')).toEqual([]);
    expect(files.sort()).toEqual([
      'engine/client-tls.ts', 'engine/docker-version.ts', 'engine/engine-errors.ts', 'engine/http-answer.ts', 'engine/session-without-peer.ts', 'engine/tcp-url.ts', 'engine/tls-session-file.ts',
      'errors.ts', 'sha256-hex.ts',
    ]);
  });

  it('no certs module loads node-forge at import time', async () => {
    for (const entry of ['certs/bootstrap.ts', 'certs/issue-server-cert.ts', 'certs/client-copy.ts', 'certs/read-ca.ts']) {
      expect([...(await staticImports(join(srcDir, entry)))]).not.toContain('node-forge');
    }
  });
});

describe('getDockerVersion with a TLS session file', () => {
  /** An engine that records, per request, whether the TLS session was resumed. */
  async function startRecordingEngine(
    port = 0,
    server: CertificatePair = machine.server,
  ): Promise<{ port: number; resumed: boolean[]; requests: number; server: HttpsServer; close: () => Promise<void> }> {
    const resumed: boolean[] = [];
    const httpsServer = createHttpsServer(
      { cert: server.certPem, key: server.keyPem, ca: machine.ca.certPem, requestCert: true, rejectUnauthorized: true },
      (_req, res) => {
        recorded.requests++;
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(VERSION_JSON));
      },
    );
    httpsServer.on('secureConnection', (socket) => resumed.push(socket.isSessionReused()));
    httpsServer.on('tlsClientError', () => {});
    await new Promise<void>((resolve) => httpsServer.listen(port, '127.0.0.1', resolve));
    const close = (): Promise<void> => new Promise((resolve) => { httpsServer.closeAllConnections(); httpsServer.close(() => resolve()); });
    closers.push(() => (httpsServer.listening ? close() : Promise.resolve()));
    const recorded = { port: (httpsServer.address() as AddressInfo).port, resumed, requests: 0, server: httpsServer, close };
    return recorded;
  }

  it('resumes the session of the previous run, and keeps the ticket like a key (mode 0600)', async () => {
    const engine = await startRecordingEngine();
    const sessionPath = join(dir, 'dev', '.berth-tls-session-a');
    await getDockerVersion(options(engine.port, { sessionPath }));
    expect((await import('node:fs/promises').then((fs) => fs.stat(sessionPath))).mode & 0o777).toBe(0o600);
    const again = await getDockerVersion(options(engine.port, { sessionPath }));
    expect(again.version).toBe('24.0.7');
    expect(engine.resumed).toEqual([false, true]);
  });

  it("stores the ticket without the engine's certificate, and still resumes with it", async () => {
    const engine = await startRecordingEngine();
    const sessionPath = join(dir, 'dev', '.berth-tls-session-e');
    await getDockerVersion(options(engine.port, { sessionPath }));
    const stored = JSON.parse(await readFile(sessionPath, 'utf8')) as { session: string };
    const serverDER = new X509Certificate(machine.server.certPem).raw;
    expect(Buffer.from(stored.session, 'base64').includes(serverDER)).toBe(false);
    await getDockerVersion(options(engine.port, { sessionPath }));
    await getDockerVersion(options(engine.port, { sessionPath }));
    expect(engine.resumed).toEqual([false, true, true]);
  });

  it('an engine that refuses the ticket gets a second connection, verified in full, and the new ticket is kept', async () => {
    const engine = await startRecordingEngine();
    const sessionPath = join(dir, 'dev', '.berth-tls-session-f');
    await getDockerVersion(options(engine.port, { sessionPath }));
    const first = await readFile(sessionPath, 'utf8');
    engine.server.setTicketKeys(randomBytes(48)); // as after an engine restart: old tickets no longer open
    expect((await getDockerVersion(options(engine.port, { sessionPath }))).version).toBe('24.0.7');
    expect(await readFile(sessionPath, 'utf8')).not.toBe(first);
    await getDockerVersion(options(engine.port, { sessionPath }));
    // Full, (the refused resumption, hung up on: the engine may not count it), full, resumed.
    expect(engine.resumed.filter((r) => !r).length).toBeGreaterThanOrEqual(2);
    expect(engine.resumed.at(-1)).toBe(true);
    expect(engine.requests).toBe(3);
  });

  it('never sends a request to an engine that cannot resume the session and is not signed by the CA', async () => {
    const engine = await startRecordingEngine();
    const sessionPath = join(dir, 'dev', '.berth-tls-session-g');
    await getDockerVersion(options(engine.port, { sessionPath }));
    await engine.close();
    // An impostor on the same address, with a certificate from another CA.
    const impostor = await startRecordingEngine(engine.port, foreign.server);
    await expect(getDockerVersion(options(engine.port, { sessionPath }))).rejects.toMatchObject({ code: 'ENGINE_TLS_INVALID' });
    expect(impostor.requests).toBe(0);
  });

  it('does not offer a ticket made for another URL or other client files', async () => {
    const engine = await startRecordingEngine();
    const sessionPath = join(dir, 'dev', '.berth-tls-session-b');
    await getDockerVersion(options(engine.port, { sessionPath }));
    const client = await issueClientCert({ ca: machine.ca, org: 'john_doe.<bootstrap>' });
    const other = { certPath: join(dir, 'dev', 'cert-2.pem'), keyPath: join(dir, 'dev', 'key-2.pem') };
    await writeKeyPair(other, client);
    await getDockerVersion(options(engine.port, { sessionPath, ...other }));
    await getDockerVersion(options(engine.port, { sessionPath, url: `tcp://localhost:${engine.port}` }));
    expect(engine.resumed).toEqual([false, false, false]);
  });

  it('with an identity to check, resumes only a session made with an engine that presented that certificate', async () => {
    const engine = await startRecordingEngine();
    const sessionPath = join(dir, 'dev', '.berth-tls-session-c');
    await getDockerVersion(options(engine.port, { sessionPath }));
    await getDockerVersion(options(engine.port, { sessionPath, expectedServerCertPem: machine.server.certPem }));
    await expect(
      getDockerVersion(options(engine.port, { sessionPath, expectedServerCertPem: otherIPServer.certPem })),
    ).rejects.toMatchObject({ code: 'ENGINE_IDENTITY_MISMATCH' });
    // The third connection is a full handshake, hung up on before the engine may count it; no request.
    expect(engine.resumed.slice(0, 2)).toEqual([false, true]);
    expect(engine.resumed.slice(2).every((r) => !r)).toBe(true);
    expect(engine.requests).toBe(2);
  });

  it('stores the session of a full handshake whose identity was checked', async () => {
    const engine = await startRecordingEngine();
    const sessionPath = join(dir, 'dev', '.berth-tls-session-h');
    await getDockerVersion(options(engine.port, { sessionPath, expectedServerCertPem: machine.server.certPem }));
    expect(existsSync(sessionPath)).toBe(true);
    await getDockerVersion(options(engine.port, { sessionPath, expectedServerCertPem: machine.server.certPem }));
    expect(engine.resumed).toEqual([false, true]);
  });

  it('treats an unreadable ticket file as none', async () => {
    const engine = await startRecordingEngine();
    const sessionPath = join(dir, 'dev', '.berth-tls-session-d');
    await import('node:fs/promises').then((fs) => fs.writeFile(sessionPath, 'not json'));
    const result = await getDockerVersion(options(engine.port, { sessionPath }));
    expect(result.version).toBe('24.0.7');
    expect(engine.resumed).toEqual([false]);
  });
});

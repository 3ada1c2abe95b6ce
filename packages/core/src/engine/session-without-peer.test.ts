import { X509Certificate } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { connect, createServer, type Server } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCA } from '../certs/issue-ca.js';
import { issueServerCert } from '../certs/issue-server-cert.js';
import { sessionWithoutPeer } from './session-without-peer.js';

let server: Server;
let port: number;
let caPem: string;
let serverDER: Buffer;

beforeAll(async () => {
  const ca = await issueCA({ org: 'test' });
  const cert = await issueServerCert({ ca, org: 'test.dev', hosts: ['127.0.0.1'] });
  caPem = ca.certPem;
  serverDER = new X509Certificate(cert.certPem).raw;
  server = createServer({ cert: cert.certPem, key: cert.keyPem }, (socket) => socket.end('hello'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** One real connection: its last session ticket (none after a resumption) and whether it resumed `session`. */
function handshake(session?: Buffer): Promise<{ ticket: Buffer; resumed: boolean }> {
  return new Promise((resolve, reject) => {
    let ticket: Buffer | undefined;
    const socket = connect({ host: '127.0.0.1', port, ca: caPem, ...(session ? { session } : {}) });
    socket.on('session', (s: Buffer) => (ticket = s));
    socket.on('error', reject);
    socket.on('data', () => {});
    socket.on('end', () => {
      const resumed = socket.isSessionReused();
      socket.destroy();
      if (ticket || resumed) resolve({ ticket: ticket ?? Buffer.alloc(0), resumed });
      else reject(new Error('no session ticket after a full handshake'));
    });
  });
}

describe('sessionWithoutPeer', () => {
  it("drops the server's certificate from a real OpenSSL session, and the session still resumes", async () => {
    const { ticket } = await handshake();
    expect(ticket.includes(serverDER)).toBe(true);
    const stripped = sessionWithoutPeer(ticket);
    expect(stripped.includes(serverDER)).toBe(false);
    expect(ticket.length - stripped.length).toBeGreaterThan(serverDER.length);
    expect((await handshake(stripped)).resumed).toBe(true);
  });

  it('keeps a session that has no certificate as it is (stripping twice changes nothing)', async () => {
    const stripped = sessionWithoutPeer((await handshake()).ticket);
    expect(sessionWithoutPeer(stripped)).toBe(stripped);
  });

  it('returns anything that is not a well-formed DER sequence unchanged', async () => {
    const { ticket } = await handshake();
    const truncated = ticket.subarray(0, ticket.length - 10);
    const longer = Buffer.concat([ticket, Buffer.from([0])]);
    for (const input of [Buffer.alloc(0), Buffer.from('not a session'), truncated, longer, Buffer.from([0x30, 0x85, 1, 2, 3, 4, 5])]) {
      expect(sessionWithoutPeer(input)).toBe(input);
    }
  });
});

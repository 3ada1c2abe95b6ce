// A Docker engine stand-in for benchmarks: answers GET /version over mutual TLS on 127.0.0.1,
// with a server certificate issued (by openssl) from the store's own CA.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function issueServerCert(certsDir) {
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-engine-'));
  const key = join(dir, 'server-key.pem');
  const csr = join(dir, 'server.csr');
  const cert = join(dir, 'server.pem');
  const ext = join(dir, 'ext.cnf');
  try {
    writeFileSync(ext, 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
    execFileSync('openssl', ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr, '-subj', '/O=bench'], { stdio: 'ignore' });
    execFileSync('openssl', ['x509', '-req', '-in', csr, '-CA', join(certsDir, 'ca.pem'), '-CAkey', join(certsDir, 'ca-key.pem'),
      '-CAcreateserial', '-out', cert, '-days', '2', '-extfile', ext], { stdio: 'ignore' });
    return { key: readFileSync(key), cert: readFileSync(cert), ca: readFileSync(join(certsDir, 'ca.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function startFakeEngine({ key, cert, ca }, port) {
  const server = createServer({ key, cert, ca, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    if (req.url === '/version') {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ Version: '24.0.7', ApiVersion: '1.43', Os: 'linux', Arch: 'amd64' }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

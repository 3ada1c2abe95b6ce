// Many berth processes on one store at once: the store-wide CA lock and the per-machine locks
// (ARCHITECTURE "Store"; docker-machine raced here, issue #4005).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, newStore, runBerth, type RunResult } from './helpers/run-berth.js';

afterEach(cleanup);

const URL1 = 'tcp://127.0.0.1:2376';
const TIMEOUT = 180_000;
const create = (store: string, name: string) =>
  runBerth(['create', '-d', 'none', '--url', URL1, name], { store, timeoutMs: 120_000 });
const names = (prefix: string, from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `${prefix}${String(from + i).padStart(2, '0')}`);
const explain = (r: RunResult) => `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;

/** Every machine dir's config.json parses and names it; its TLS copies are the store's. */
async function checkStore(store: string, expected: string[], ca: Buffer): Promise<void> {
  const dirs = (await readdir(join(store, 'machines'))).filter((d) => !d.startsWith('.')).sort();
  expect(dirs).toEqual([...expected].sort());
  expect(await readFile(join(store, 'certs', 'ca.pem'))).toEqual(ca);
  const clientCert = await readFile(join(store, 'certs', 'cert.pem'));
  const clientKey = await readFile(join(store, 'certs', 'key.pem'));
  for (const name of dirs) {
    const dir = join(store, 'machines', name);
    const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ ConfigVersion: 3, Name: name, DriverName: 'none', Driver: { URL: URL1 } });
    expect(await readFile(join(dir, 'ca.pem')), `${name}/ca.pem`).toEqual(ca);
    expect(await readFile(join(dir, 'cert.pem')), `${name}/cert.pem`).toEqual(clientCert);
    expect(await readFile(join(dir, 'key.pem')), `${name}/key.pem`).toEqual(clientKey);
  }
  // Only one CA and one client certificate pair were ever written (no temp leftovers either).
  expect((await readdir(join(store, 'certs'))).sort()).toEqual(['ca-key.pem', 'ca.pem', 'cert.pem', 'key.pem']);
  const ls = await runBerth(['ls', '-q'], { store });
  expect(ls.code).toBe(0);
  expect(ls.stdout).toBe(
    [...expected]
      .sort()
      .map((n) => `${n}\n`)
      .join(''),
  );
}

describe('concurrent creates and removes on one store', () => {
  it(
    '20 creates at once, then 10 rm -y alongside 10 more creates',
    async () => {
      const store = await newStore();
      const first = names('m', 0, 20);
      const results = await Promise.all(first.map((n) => create(store, n)));
      results.forEach((r, i) => expect(r.code, `${first[i]}: ${explain(r)}`).toBe(0));
      // The CA was made exactly once: exactly one run reported it.
      expect(results.filter((r) => r.stdout.includes('Creating CA: ')).length).toBe(1);
      expect(results.filter((r) => r.stdout.includes('Creating client certificate: ')).length).toBe(1);
      const ca = await readFile(join(store, 'certs', 'ca.pem'));
      await checkStore(store, first, ca);

      // The client certificate verifies against the CA.
      await promisify(execFile)('openssl', ['verify', '-CAfile', join(store, 'certs', 'ca.pem'), join(store, 'certs', 'cert.pem')]);

      const removed = first.slice(0, 10);
      const added = names('n', 0, 10);
      const mixed = await Promise.all([
        ...removed.map((n) => runBerth(['rm', '-y', n], { store, timeoutMs: 120_000 })),
        ...added.map((n) => create(store, n)),
      ]);
      mixed.forEach((r) => expect(r.code, explain(r)).toBe(0));
      for (const r of mixed.slice(0, 10)) expect(r.stdout).toMatch(/Successfully removed m\d\d\n/);
      for (const r of mixed.slice(10)) expect(r.stdout).not.toContain('Creating CA');
      for (const n of removed) expect(existsSync(join(store, 'machines', n))).toBe(false);
      await checkStore(store, [...first.slice(10), ...added], ca);
    },
    TIMEOUT,
  );

  it(
    '5 creates of the same name: exactly one wins, the others exit 1',
    async () => {
      const store = await newStore();
      const results = await Promise.all(Array.from({ length: 5 }, () => create(store, 'same')));
      const ok = results.filter((r) => r.code === 0);
      const failed = results.filter((r) => r.code !== 0);
      expect(ok, results.map(explain).join('\n---\n')).toHaveLength(1);
      expect(failed).toHaveLength(4);
      for (const r of failed) {
        expect(r.code, explain(r)).toBe(1);
        expect(r.stderr, explain(r)).toMatch(/already exists|lock/i);
        expect(r.stderr).not.toMatch(/^\s+at /m);
      }
      const ca = await readFile(join(store, 'certs', 'ca.pem'));
      await checkStore(store, ['same'], ca);
    },
    TIMEOUT,
  );

  it(
    'read-only commands run concurrently on one machine never rewrite its config.json (docker-machine #2612)',
    async () => {
      const store = await newStore();
      expect((await create(store, 'm1')).code).toBe(0);
      const configPath = join(store, 'machines', 'm1', 'config.json');
      const before = await readFile(configPath, 'utf8');
      const commands = [['ip', 'm1'], ['url', 'm1'], ['status', 'm1'], ['inspect', 'm1'], ['ls', '-q'], ['ls', '-t', '2']];
      const results = await Promise.all(
        Array.from({ length: 24 }, (_, i) => runBerth(commands[i % commands.length]!, { store, timeoutMs: 120_000 })),
      );
      results.forEach((r) => expect(r.code, explain(r)).toBe(0));
      for (const r of results.filter((_, i) => i % commands.length === 0)) expect(r.stdout).toBe('127.0.0.1\n');
      expect(await readFile(configPath, 'utf8')).toBe(before);
    },
    TIMEOUT,
  );

  it(
    'concurrent rm -y of the same machine: it is removed, nothing crashes',
    async () => {
      const store = await newStore();
      expect((await create(store, 'gone')).code).toBe(0);
      const results = await Promise.all(Array.from({ length: 4 }, () => runBerth(['rm', '-y', 'gone'], { store })));
      expect(results.filter((r) => r.code === 0).length).toBeGreaterThanOrEqual(1);
      for (const r of results) {
        expect([0, 1]).toContain(r.code);
        expect(r.stderr).not.toMatch(/^\s+at /m);
      }
      expect(existsSync(join(store, 'machines', 'gone'))).toBe(false);
    },
    TIMEOUT,
  );
});

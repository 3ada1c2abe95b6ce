// regenerate-certs --client-certs: the CA and client certificate are really replaced, and the copies
// in every machine folder using that CA are refreshed (reference §5.3, §10 item 3).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bootstrapCertificates } from '../src/certs/bootstrap.js';
import { copyClientCertsToMachine } from '../src/certs/client-copy.js';
import type { Logger } from '../src/logger.js';
import { createMachineClient, type MachineClient } from '../src/machines/machine-client.js';
import { regenerateMachineCertificates, regenerateStoreClientCertificates, refreshClientCertCopies } from '../src/machines/regenerate-certs.js';
import { newMachineRecord } from '../src/store/new-record.js';
import type { MachineRecord } from '../src/store/record.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

interface Fixture {
  store: string;
  client: MachineClient;
  lines: { info: string[]; warn: string[] };
  records: Record<string, MachineRecord>;
}

const sha = async (path: string) => createHash('sha256').update(await readFile(path)).digest('hex');

/** m1, m2: store CA, with copies; m3: store CA, no copies; other: its own CA (--tls-* flags), with copies. */
async function fixture(): Promise<Fixture> {
  const root = await mkdtemp(join(tmpdir(), 'berth-regen-'));
  dirs.push(root);
  const store = join(root, 'store');
  const lines = { info: [] as string[], warn: [] as string[] };
  const logger: Logger = { info: (m) => lines.info.push(m), warn: (m) => lines.warn.push(m), error() {}, debug() {} };
  const client = createMachineClient({ storePath: store, env: { USER: 'tester' }, logger });
  const otherCerts = join(root, 'other-certs');
  const records: Record<string, MachineRecord> = {};
  for (const name of ['m1', 'm2', 'm3', 'other']) {
    const tls =
      name === 'other'
        ? {
            caCertPath: join(otherCerts, 'ca.pem'),
            caKeyPath: join(otherCerts, 'ca-key.pem'),
            clientCertPath: join(otherCerts, 'cert.pem'),
            clientKeyPath: join(otherCerts, 'key.pem'),
          }
        : {};
    const record = newMachineRecord({ name, storePath: store, driverName: 'none', driverConfig: { URL: 'tcp://127.0.0.1:2376' }, tls });
    const auth = record.HostOptions.AuthOptions;
    await bootstrapCertificates({
      certDir: name === 'other' ? otherCerts : auth.CertDir,
      caCertPath: auth.CaCertPath,
      caKeyPath: auth.CaPrivateKeyPath,
      clientCertPath: auth.ClientCertPath,
      clientKeyPath: auth.ClientKeyPath,
      user: 'tester',
    });
    await client.store.save(record);
    if (name !== 'm3') {
      await copyClientCertsToMachine({
        caCertPath: auth.CaCertPath,
        clientCertPath: auth.ClientCertPath,
        clientKeyPath: auth.ClientKeyPath,
        machineDir: join(store, 'machines', name),
      });
    }
    records[name] = record;
  }
  return { store, client, lines, records };
}

describe('regenerateStoreClientCertificates', () => {
  it('replaces the CA and client cert and refreshes the copies of every machine using that CA', async () => {
    const { store, client, lines, records } = await fixture();
    const certs = join(store, 'certs');
    const before = { ca: await sha(join(certs, 'ca.pem')), cert: await sha(join(certs, 'cert.pem')), key: await sha(join(certs, 'key.pem')) };
    const otherCopy = await sha(join(store, 'machines', 'other', 'ca.pem'));

    await regenerateStoreClientCertificates(client, records.m1!.HostOptions.AuthOptions, ['m1']);

    const after = { ca: await sha(join(certs, 'ca.pem')), cert: await sha(join(certs, 'cert.pem')), key: await sha(join(certs, 'key.pem')) };
    expect(after.ca).not.toBe(before.ca);
    expect(after.cert).not.toBe(before.cert);
    expect(after.key).not.toBe(before.key);
    for (const name of ['m1', 'm2']) {
      const dir = join(store, 'machines', name);
      expect(await sha(join(dir, 'ca.pem'))).toBe(after.ca);
      expect(await sha(join(dir, 'cert.pem'))).toBe(after.cert);
      expect(await sha(join(dir, 'key.pem'))).toBe(after.key);
    }
    expect(existsSync(join(store, 'machines', 'm3', 'ca.pem'))).toBe(false);
    expect(await sha(join(store, 'machines', 'other', 'ca.pem'))).toBe(otherCopy);

    expect(lines.info[0]).toBe('Regenerating local certificates');
    expect(lines.warn).toHaveLength(1);
    expect(lines.warn[0]).toContain('"m2"');
    expect(lines.warn[0]).toContain('berth regenerate-certs m2');
    expect(lines.warn[0]).not.toContain('m1');
    // The store lock was released.
    await (await client.store.lockStore({ timeoutMs: 1_000 })).release();
  });

  it('no warning when every machine with copies is being regenerated', async () => {
    const { client, lines, records } = await fixture();
    await regenerateStoreClientCertificates(client, records.m1!.HostOptions.AuthOptions, ['m1', 'm2']);
    expect(lines.warn).toEqual([]);
  });

  it('refreshClientCertCopies returns the machines it refreshed, in store order', async () => {
    const { client, records } = await fixture();
    expect(await refreshClientCertCopies(client, records.m2!.HostOptions.AuthOptions.CaCertPath)).toEqual(['m1', 'm2']);
    expect(await refreshClientCertCopies(client, records.other!.HostOptions.AuthOptions.CaCertPath)).toEqual(['other']);
  });
});

describe('regenerateMachineCertificates', () => {
  it('an unknown machine stops everything before the CA is touched', async () => {
    const { store, client } = await fixture();
    const ca = await sha(join(store, 'certs', 'ca.pem'));
    await expect(regenerateMachineCertificates(client, ['m1', 'nope'], { clientCerts: true })).rejects.toMatchObject({
      code: 'MACHINE_NOT_FOUND',
    });
    expect(await sha(join(store, 'certs', 'ca.pem'))).toBe(ca);
  });
});

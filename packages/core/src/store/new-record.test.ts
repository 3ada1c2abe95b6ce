import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newMachineRecord, serializeRecord } from './new-record.js';
import type { MachineRecord } from './record.js';

const STORE = join('/', 'home', 'u', '.berth');

/** The fixture none machine, as docker-machine 0.16.2 wrote it, with its store path filled in. */
function fixtureText(name: string, store: string): string {
  const text = readFileSync(
    new URL(`../../test/fixtures/docker-machine-store/machines/${name}/config.json`, import.meta.url),
    'utf8',
  );
  return text.replaceAll('/STORE', store);
}

describe('newMachineRecord', () => {
  it('fills every default exactly as docker-machine create does', () => {
    const driverConfig = {
      IPAddress: '192.168.50.10:2376',
      MachineName: 'none-host',
      SSHUser: '',
      SSHPort: 0,
      SSHKeyPath: '',
      StorePath: '/STORE',
      SwarmMaster: false,
      SwarmHost: '',
      SwarmDiscovery: '',
      URL: 'tcp://192.168.50.10:2376',
    };
    // Store path without separators that differ by platform, so the fixture's "/" paths match.
    const record = newMachineRecord({ name: 'none-host', storePath: '/STORE', driverName: 'none', driverConfig });
    if (process.platform !== 'win32') expect(serializeRecord(record)).toBe(fixtureText('none-host', '/STORE'));
    expect(record.Driver).toBe(driverConfig);
  });

  it('builds the AuthOptions paths from the store and the machine name', () => {
    const auth = newMachineRecord({ name: 'dev', storePath: STORE, driverName: 'generic', driverConfig: {} }).HostOptions
      .AuthOptions;
    expect(auth).toEqual({
      CertDir: join(STORE, 'certs'),
      CaCertPath: join(STORE, 'certs', 'ca.pem'),
      CaPrivateKeyPath: join(STORE, 'certs', 'ca-key.pem'),
      CaCertRemotePath: '',
      ServerCertPath: join(STORE, 'machines', 'dev', 'server.pem'),
      ServerKeyPath: join(STORE, 'machines', 'dev', 'server-key.pem'),
      ClientKeyPath: join(STORE, 'certs', 'key.pem'),
      ServerCertRemotePath: '',
      ServerKeyRemotePath: '',
      ClientCertPath: join(STORE, 'certs', 'cert.pem'),
      ServerCertSANs: [],
      StorePath: join(STORE, 'machines', 'dev'),
    });
  });

  it('takes the --tls-* paths, SANs, engine and swarm options it is given', () => {
    const labels = ['env=test'];
    const record = newMachineRecord({
      name: 'dev',
      storePath: STORE,
      driverName: 'generic',
      driverConfig: {},
      engine: { Labels: labels, StorageDriver: 'overlay2', InstallURL: undefined },
      swarm: { Master: true, Discovery: 'token://abc' },
      tls: { caCertPath: '/pki/ca.pem', caKeyPath: '/pki/ca-key.pem', serverCertSANs: ['dev.example.com'] },
    });
    const { EngineOptions, SwarmOptions, AuthOptions } = record.HostOptions;
    expect(EngineOptions).toMatchObject({ Labels: ['env=test'], StorageDriver: 'overlay2', InstallURL: 'https://get.docker.com' });
    expect(EngineOptions.Labels).not.toBe(labels);
    expect(SwarmOptions).toMatchObject({ IsSwarm: true, Master: true, Agent: false, Discovery: 'token://abc', Image: 'swarm:latest' });
    expect(AuthOptions).toMatchObject({
      CaCertPath: '/pki/ca.pem',
      CaPrivateKeyPath: '/pki/ca-key.pem',
      ClientCertPath: join(STORE, 'certs', 'cert.pem'),
      ServerCertSANs: ['dev.example.com'],
    });
  });

  it('sets IsSwarm for --swarm agents and respects an explicit value', () => {
    const base = { name: 'dev', storePath: STORE, driverName: 'none', driverConfig: {} };
    expect(newMachineRecord({ ...base, swarm: { Agent: true } }).HostOptions.SwarmOptions.IsSwarm).toBe(true);
    expect(newMachineRecord(base).HostOptions.SwarmOptions.IsSwarm).toBe(false);
    expect(newMachineRecord({ ...base, swarm: { Agent: true, IsSwarm: false } }).HostOptions.SwarmOptions.IsSwarm).toBe(false);
  });
});

describe('serializeRecord', () => {
  const record = newMachineRecord({
    name: 'dev',
    storePath: '/s',
    driverName: 'generic',
    driverConfig: { Zeta: 1, Alpha: { b: 1, a: 2 } },
  });

  it('writes 4-space JSON without a trailing newline', () => {
    const text = serializeRecord(record);
    expect(text.startsWith('{\n    "ConfigVersion": 3,\n    "Driver": {\n        "Zeta": 1,\n        "Alpha": {')).toBe(true);
    expect(text.endsWith('\n    "Name": "dev"\n}')).toBe(true);
    expect(JSON.parse(text)).toEqual(record);
  });

  it("puts keys in docker-machine's order whatever order the object was built in", () => {
    const { HostOptions, ...rest } = record;
    const shuffled = {
      Name: rest.Name,
      HostOptions: {
        AuthOptions: { ...HostOptions.AuthOptions },
        EngineOptions: Object.fromEntries(Object.entries(HostOptions.EngineOptions).reverse()),
        SwarmOptions: Object.fromEntries(Object.entries(HostOptions.SwarmOptions).reverse()),
        Disk: 0,
        Memory: 0,
        Driver: '',
      },
      DriverName: rest.DriverName,
      Driver: rest.Driver,
      ConfigVersion: 3,
    } as unknown as MachineRecord;
    expect(serializeRecord(shuffled)).toBe(serializeRecord(record));
  });

  it("escapes like Go's encoding/json", () => {
    const text = serializeRecord({
      ...record,
      Driver: { URL: 'https://x/?a=1&b=<2>', Odd: '\u2028\u2029\b\f\\b\n', Emoji: '🐳' },
    });
    expect(text).toContain('"URL": "https://x/?a=1\\u0026b=\\u003c2\\u003e"');
    expect(text).toContain('"Odd": "\\u2028\\u2029\\u0008\\u000c\\\\b\\n"');
    expect(text).toContain('"Emoji": "🐳"');
    expect(JSON.parse(text).Driver.Odd).toBe('\u2028\u2029\b\f\\b\n');
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrateToLatest, migrateV0ToV1, migrateV1ToV2, migrateV2ToV3, type ConfigDocument } from './migrate.js';

const legacy = (file: string) =>
  JSON.parse(
    readFileSync(new URL(`../../test/fixtures/docker-machine-store/legacy/${file}`, import.meta.url), 'utf8'),
  ) as ConfigDocument;

const STORE = join('/', 'home', 'u', '.docker', 'machine');

/** docker-machine's own v0 test document (libmachine/host/migrate_v0_v3_test.go), trimmed. */
const v0: ConfigDocument = {
  DriverName: 'virtualbox',
  Driver: { IPAddress: '192.168.99.100', SSHUser: 'docker', SSHPort: 53507, MachineName: 'dev', CPU: -1 },
  StorePath: '/old/machine/machines/dev',
  HostOptions: { Driver: '', Memory: 0, Disk: 0, EngineOptions: { InstallURL: '' } },
  CaCertPath: '/old/machine/certs/ca.pem',
  PrivateKeyPath: '/old/machine/certs/ca-key.pem',
  ServerCertPath: '/old/machine/certs/server.pem',
  ServerKeyPath: '/old/machine/certs/server-key.pem',
  ClientCertPath: '/old/machine/certs/cert.pem',
  ClientKeyPath: '/old/machine/certs/key.pem',
  SwarmHost: 'tcp://0.0.0.0:3376',
  SwarmMaster: true,
  SwarmDiscovery: 'token://abc',
};

describe('migrateV0ToV1', () => {
  it('moves the flat fields into HostOptions and drops the old HostOptions', () => {
    expect(migrateV0ToV1(v0)).toEqual({
      ConfigVersion: 1,
      Driver: v0.Driver,
      DriverName: 'virtualbox',
      HostOptions: {
        Driver: '',
        Memory: 0,
        Disk: 0,
        EngineOptions: {
          ArbitraryFlags: null,
          Dns: null,
          GraphDir: '',
          Env: null,
          Ipv6: false,
          InsecureRegistry: null,
          Labels: null,
          LogLevel: '',
          StorageDriver: '',
          SelinuxEnabled: false,
          TlsVerify: true,
          RegistryMirror: null,
          InstallURL: 'https://get.docker.com',
        },
        SwarmOptions: {
          IsSwarm: false,
          Address: '',
          Discovery: 'token://abc',
          Agent: false,
          Master: true,
          Host: 'tcp://0.0.0.0:3376',
          Image: '',
          Strategy: '',
          Heartbeat: 0,
          Overcommit: 0,
          ArbitraryFlags: null,
          ArbitraryJoinFlags: null,
          Env: null,
          IsExperimental: false,
        },
        AuthOptions: {
          StorePath: '/old/machine/machines/dev',
          CaCertPath: '/old/machine/certs/ca.pem',
          CaCertRemotePath: '',
          ServerCertPath: '/old/machine/certs/server.pem',
          ServerKeyPath: '/old/machine/certs/server-key.pem',
          ClientKeyPath: '/old/machine/certs/key.pem',
          ServerCertRemotePath: '',
          ServerKeyRemotePath: '',
          PrivateKeyPath: '/old/machine/certs/ca-key.pem',
          ClientCertPath: '/old/machine/certs/cert.pem',
        },
      },
      StorePath: '/old/machine/machines/dev',
    });
  });
});

describe('migrateV1ToV2', () => {
  it('renames PrivateKeyPath, adds CertDir, points StorePath at the store and takes Name from the driver', () => {
    const v1 = legacy('v1-config.json');
    const v2 = migrateV1ToV2(v1, STORE);
    const hostOptions = v2.HostOptions as ConfigDocument;
    expect(v2).toMatchObject({ ConfigVersion: 2, DriverName: 'virtualbox', Name: 'legacy-v1', Driver: v1.Driver });
    expect(hostOptions.EngineOptions).toBe((v1.HostOptions as ConfigDocument).EngineOptions);
    expect(hostOptions.AuthOptions).toEqual({
      CertDir: join(STORE, 'certs'),
      CaCertPath: '/STORE/certs/ca.pem',
      CaPrivateKeyPath: '/STORE/certs/ca-key.pem',
      CaCertRemotePath: '',
      ServerCertPath: '/STORE/machines/legacy-v1/server.pem',
      ServerKeyPath: '/STORE/machines/legacy-v1/server-key.pem',
      ClientKeyPath: '/STORE/certs/key.pem',
      ServerCertRemotePath: '',
      ServerKeyRemotePath: '',
      ClientCertPath: '/STORE/certs/cert.pem',
      ServerCertSANs: null,
      StorePath: STORE,
    });
  });
});

describe('migrateV2ToV3', () => {
  it('adds StorePath to the driver blob, whose keys come out sorted as from a Go map', () => {
    const v2 = legacy('v2-config.json');
    const v3 = migrateV2ToV3(v2, STORE);
    expect(v3).toMatchObject({ ConfigVersion: 3, DriverName: 'generic', Name: 'legacy-v2', HostOptions: v2.HostOptions });
    expect(Object.keys(v3.Driver as object)).toEqual([
      'IPAddress',
      'MachineName',
      'SSHKey',
      'SSHKeyPath',
      'SSHPort',
      'SSHUser',
      'StorePath',
      'SwarmDiscovery',
      'SwarmHost',
      'SwarmMaster',
    ]);
    expect(v3.Driver).toMatchObject({ StorePath: STORE, SSHKey: '/home/user/.ssh/id_rsa' });
  });
});

describe('migrateToLatest', () => {
  const options = { storePath: STORE, name: 'dir-name' };

  it('runs v0 all the way to a valid v3 record named after the directory', () => {
    const { record, migrated, fromVersion } = migrateToLatest(v0, options);
    expect({ migrated, fromVersion }).toEqual({ migrated: true, fromVersion: 0 });
    expect(record.ConfigVersion).toBe(3);
    expect(record.Name).toBe('dir-name');
    expect(record.Driver).toMatchObject({ MachineName: 'dev', StorePath: STORE });
    expect(record.HostOptions.AuthOptions).toMatchObject({
      CertDir: join(STORE, 'certs'),
      CaPrivateKeyPath: '/old/machine/certs/ca-key.pem',
      StorePath: STORE,
      ServerCertSANs: null,
    });
    expect(record.HostOptions.EngineOptions.TlsVerify).toBe(true);
  });

  it('migrates v1 and v2 files and drops fields docker-machine no longer knows', () => {
    const fromV1 = migrateToLatest(legacy('v1-config.json'), options);
    expect(fromV1).toMatchObject({ migrated: true, fromVersion: 1 });
    expect(fromV1.record.HostOptions.EngineOptions).not.toHaveProperty('TlsCaCert');
    expect(fromV1.record.HostOptions.SwarmOptions).toMatchObject({ ArbitraryJoinFlags: null, IsExperimental: false });
    const fromV2 = migrateToLatest(legacy('v2-config.json'), options);
    expect(fromV2).toMatchObject({ migrated: true, fromVersion: 2 });
    expect(fromV2.record.HostOptions.AuthOptions.StorePath).toBe('/STORE/machines/legacy-v2');
  });

  it('leaves a v3 document as it is, keeping the driver blob and its key order', () => {
    const driver = { Zeta: 1, Alpha: 2 };
    const { record, migrated } = migrateToLatest({ ConfigVersion: 3, Driver: driver, DriverName: 'x', Name: 'other' }, options);
    expect(migrated).toBe(false);
    expect(record.Driver).toBe(driver);
    expect(record.Name).toBe('dir-name');
    expect(record.HostOptions.EngineOptions.Dns).toBeNull();
    expect(record.HostOptions.Memory).toBe(0);
  });

  it('refuses configs from the future', () => {
    expect(() => migrateToLatest({ ConfigVersion: 4, Driver: {} }, { ...options, file: '/s/config.json' })).toThrow(
      expect.objectContaining({
        code: 'CONFIG_FROM_FUTURE',
        message: 'Error getting migrated host: config version is from the future -- you should upgrade your Docker Machine client',
        hint: '/s/config.json has config version 4; this berth reads versions 0 to 3. Upgrade berth, or manage this machine with the tool that wrote it.',
      }),
    );
  });

  it.each([
    [[], 'expected a JSON object'],
    [null, 'expected a JSON object'],
    [{ ConfigVersion: '3', Driver: {} }, 'ConfigVersion must be a whole number, got "3"'],
    [{ ConfigVersion: -1, Driver: {} }, 'ConfigVersion must be a whole number, got -1'],
    [{ ConfigVersion: 3 }, 'Driver: missing'],
    [{ ConfigVersion: 3, Driver: [] }, 'Driver: Invalid type: Expected a JSON object but received Array'],
    [{ ConfigVersion: 3, Driver: {}, HostOptions: { Memory: '1G' } }, 'HostOptions.Memory: Invalid type'],
    [{ ConfigVersion: 3, Driver: {}, HostOptions: { EngineOptions: { Labels: [1] } } }, 'HostOptions.EngineOptions.Labels.0'],
  ])('reports %j as STORE_CORRUPT', (raw, expected) => {
    expect(() => migrateToLatest(raw, { ...options, file: '/s/config.json' })).toThrow(
      expect.objectContaining({ code: 'STORE_CORRUPT', message: expect.stringContaining(expected) }),
    );
    expect(() => migrateToLatest(raw, { ...options, file: '/s/config.json' })).toThrow(/^\/s\/config\.json is not a valid/);
  });
});

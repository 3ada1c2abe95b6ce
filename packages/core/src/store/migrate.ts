import { join } from 'node:path';
import * as v from 'valibot';
import { BerthError } from '../errors.js';
import { compareBytes } from './machine-name.js';
import { CONFIG_VERSION, DEFAULT_ENGINE_INSTALL_URL, type MachineRecord } from './record.js';
import { EngineOptionsSchema, isPlainObject, parseMachineRecord, SwarmOptionsSchema } from './record-schema.js';

/*
 * Forward migrations of config.json, ported from docker-machine's libmachine/host/migrate*.go
 * (reference §4.4). Each step is pure: JSON document in, JSON document out. One deliberate change:
 * the global store path is the store the file was loaded from, not one derived from paths inside the
 * file. docker-machine derived it from the v1 top-level StorePath (so a v0 file, which has none, got
 * ".") and pointed migrated machines at the store's old location when the store had been moved.
 */

export type ConfigDocument = Record<string, unknown>;

/** docker-machine's prefix for a config.json it cannot read or migrate (reference §4.2, §4.4). */
export const MIGRATED_HOST_ERROR = 'Error getting migrated host: ';

export interface MigrateOptions {
  /** The store the file was loaded from. */
  storePath: string;
  /** The machine's directory name; it always wins over any name inside the file. */
  name: string;
  /** The file, for error messages. */
  file?: string;
}

export interface MigrateResult {
  record: MachineRecord;
  /** True when the file was older than ConfigVersion 3 and should be backed up and saved. */
  migrated: boolean;
  fromVersion: number;
}

export function migrateToLatest(raw: unknown, options: MigrateOptions): MigrateResult {
  const where = options.file ?? `The config of machine "${options.name}"`;
  if (!isPlainObject(raw)) {
    throw new BerthError('STORE_CORRUPT', `${where} is not a valid machine config: expected a JSON object`, {
      hint: 'Restore config.json.bak if there is one, or remove the machine with `berth rm -f`.',
    });
  }
  const fromVersion = readConfigVersion(raw, where);
  let doc: ConfigDocument = raw;
  if (fromVersion < 1) doc = migrateV0ToV1(doc);
  if (fromVersion < 2) doc = migrateV1ToV2(doc, options.storePath);
  if (fromVersion < 3) doc = migrateV2ToV3(doc, options.storePath);
  const record = parseMachineRecord({ ...doc, Name: options.name }, where);
  return { record, migrated: fromVersion < CONFIG_VERSION, fromVersion };
}

/** ConfigVersion as Go's first pass reads it: missing or null is 0. */
export function readConfigVersion(doc: ConfigDocument, where: string): number {
  const version = doc.ConfigVersion ?? 0;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new BerthError(
      'STORE_CORRUPT',
      `${where} is not a valid machine config: ConfigVersion must be a whole number, got ${JSON.stringify(version)}`,
    );
  }
  if (version > CONFIG_VERSION) {
    throw new BerthError(
      'CONFIG_FROM_FUTURE',
      `${MIGRATED_HOST_ERROR}config version is from the future -- you should upgrade your Docker Machine client`,
      {
        hint:
          `${where} has config version ${version}; this berth reads versions 0 to ${CONFIG_VERSION}. ` +
          'Upgrade berth, or manage this machine with the tool that wrote it.',
      },
    );
  }
  return version;
}

/**
 * v0 → v1 (docker-machine 0.1 → 0.2): the flat top-level TLS and swarm fields move into HostOptions.
 * Whatever HostOptions a v0 file had is discarded, as docker-machine did.
 */
export function migrateV0ToV1(doc: ConfigDocument): ConfigDocument {
  return {
    ConfigVersion: 1,
    Driver: doc.Driver,
    DriverName: doc.DriverName,
    HostOptions: {
      Driver: '',
      Memory: 0,
      Disk: 0,
      EngineOptions: { ...zeroValue(EngineOptionsSchema), TlsVerify: true, InstallURL: DEFAULT_ENGINE_INSTALL_URL },
      SwarmOptions: {
        ...zeroValue(SwarmOptionsSchema),
        Address: '',
        Discovery: doc.SwarmDiscovery,
        Host: doc.SwarmHost,
        Master: doc.SwarmMaster,
      },
      AuthOptions: {
        StorePath: doc.StorePath,
        CaCertPath: doc.CaCertPath,
        CaCertRemotePath: '',
        ServerCertPath: doc.ServerCertPath,
        ServerKeyPath: doc.ServerKeyPath,
        ClientKeyPath: doc.ClientKeyPath,
        ServerCertRemotePath: '',
        ServerKeyRemotePath: '',
        PrivateKeyPath: doc.PrivateKeyPath,
        ClientCertPath: doc.ClientCertPath,
      },
    },
    StorePath: doc.StorePath,
  };
}

/**
 * v1 → v2: AuthOptions.PrivateKeyPath becomes CaPrivateKeyPath, CertDir is added, AuthOptions.StorePath
 * becomes the global store, and Name is taken from the driver's MachineName.
 */
export function migrateV1ToV2(doc: ConfigDocument, storePath: string): ConfigDocument {
  const hostOptions = objectOrEmpty(doc.HostOptions);
  const auth = objectOrEmpty(hostOptions.AuthOptions);
  return {
    ConfigVersion: 2,
    Driver: doc.Driver,
    DriverName: doc.DriverName,
    HostOptions: {
      Driver: hostOptions.Driver,
      Memory: hostOptions.Memory,
      Disk: hostOptions.Disk,
      EngineOptions: hostOptions.EngineOptions,
      SwarmOptions: hostOptions.SwarmOptions,
      AuthOptions: {
        CertDir: join(storePath, 'certs'),
        CaCertPath: auth.CaCertPath,
        CaPrivateKeyPath: auth.PrivateKeyPath,
        CaCertRemotePath: auth.CaCertRemotePath,
        ServerCertPath: auth.ServerCertPath,
        ServerKeyPath: auth.ServerKeyPath,
        ClientKeyPath: auth.ClientKeyPath,
        ServerCertRemotePath: auth.ServerCertRemotePath,
        ServerKeyRemotePath: auth.ServerKeyRemotePath,
        ClientCertPath: auth.ClientCertPath,
        ServerCertSANs: null,
        StorePath: storePath,
      },
    },
    Name: objectOrEmpty(doc.Driver).MachineName,
  };
}

/**
 * v2 → v3: the driver blob gets `StorePath` (plugins need it). docker-machine round-tripped the blob
 * through a Go map, so its keys come out sorted; so do they here.
 */
export function migrateV2ToV3(doc: ConfigDocument, storePath: string): ConfigDocument {
  return {
    ConfigVersion: 3,
    Driver: sortKeysDeep({ ...objectOrEmpty(doc.Driver), StorePath: storePath }),
    DriverName: doc.DriverName,
    HostOptions: doc.HostOptions,
    Name: doc.Name,
  };
}

function zeroValue<S extends v.GenericSchema>(schema: S): v.InferOutput<S> {
  return v.parse(schema, {});
}

function objectOrEmpty(value: unknown): ConfigDocument {
  return isPlainObject(value) ? value : {};
}

/** Go's json.Marshal of a map[string]interface{}: keys in byte order, at every depth. */
function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value).sort(compareBytes);
  return Object.fromEntries(keys.map((key) => [key, sortKeysDeep(value[key])]));
}

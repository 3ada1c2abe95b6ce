import type { DriverConfig } from '@berth/driver-sdk';
import { join } from 'node:path';
import { storeLayout } from '../paths.js';
import {
  CONFIG_VERSION,
  DEFAULT_ENGINE_INSTALL_URL,
  DEFAULT_SWARM_HOST,
  DEFAULT_SWARM_IMAGE,
  DEFAULT_SWARM_STRATEGY,
  type AuthOptions,
  type EngineOptions,
  type MachineRecord,
  type SwarmOptions,
} from './record.js';
import {
  AuthOptionsSchema,
  EngineOptionsSchema,
  HostOptionsSchema,
  MachineRecordSchema,
  SwarmOptionsSchema,
} from './record-schema.js';

export interface NewMachineRecordOptions {
  name: string;
  storePath: string;
  driverName: string;
  driverConfig: DriverConfig;
  engine?: Partial<EngineOptions>;
  swarm?: Partial<SwarmOptions>;
  /** The global `--tls-*` flags and `--tls-san`; unset paths default to `<store>/certs/...`. */
  tls?: {
    caCertPath?: string;
    caKeyPath?: string;
    clientCertPath?: string;
    clientKeyPath?: string;
    serverCertSANs?: string[];
  };
}

/**
 * The record `create` saves, with every default docker-machine 0.16 writes (reference §1.5 step 5 and
 * §4.3): unset repeatable flags are `[]`, the never-set `Dns` and swarm `Env` are `null`.
 */
export function newMachineRecord(options: NewMachineRecordOptions): MachineRecord {
  const { name, storePath } = options;
  const layout = storeLayout(storePath);
  const machineDir = layout.machineDir(name);
  const tls = options.tls ?? {};

  const engine = merge<EngineOptions>(
    {
      ArbitraryFlags: [],
      Dns: null,
      GraphDir: '',
      Env: [],
      Ipv6: false,
      InsecureRegistry: [],
      Labels: [],
      LogLevel: '',
      StorageDriver: '',
      SelinuxEnabled: false,
      TlsVerify: true,
      RegistryMirror: [],
      InstallURL: DEFAULT_ENGINE_INSTALL_URL,
    },
    options.engine,
  );

  const swarm = merge<SwarmOptions>(
    {
      IsSwarm: false,
      Address: '',
      Discovery: '',
      Agent: false,
      Master: false,
      Host: DEFAULT_SWARM_HOST,
      Image: DEFAULT_SWARM_IMAGE,
      Strategy: DEFAULT_SWARM_STRATEGY,
      Heartbeat: 0,
      Overcommit: 0,
      ArbitraryFlags: [],
      ArbitraryJoinFlags: [],
      Env: null,
      IsExperimental: false,
    },
    options.swarm,
  );
  // docker-machine: IsSwarm = --swarm || --swarm-master.
  if (options.swarm?.IsSwarm === undefined) swarm.IsSwarm = swarm.Agent || swarm.Master;

  const auth: AuthOptions = {
    CertDir: layout.certsDir,
    CaCertPath: tls.caCertPath ?? join(layout.certsDir, 'ca.pem'),
    CaPrivateKeyPath: tls.caKeyPath ?? join(layout.certsDir, 'ca-key.pem'),
    CaCertRemotePath: '',
    ServerCertPath: join(machineDir, 'server.pem'),
    ServerKeyPath: join(machineDir, 'server-key.pem'),
    ClientKeyPath: tls.clientKeyPath ?? join(layout.certsDir, 'key.pem'),
    ServerCertRemotePath: '',
    ServerKeyRemotePath: '',
    ClientCertPath: tls.clientCertPath ?? join(layout.certsDir, 'cert.pem'),
    ServerCertSANs: [...(tls.serverCertSANs ?? [])],
    StorePath: machineDir,
  };

  return {
    ConfigVersion: CONFIG_VERSION,
    Driver: options.driverConfig,
    DriverName: options.driverName,
    HostOptions: {
      Driver: '',
      Memory: 0,
      Disk: 0,
      EngineOptions: engine,
      SwarmOptions: swarm,
      AuthOptions: auth,
    },
    Name: name,
  };
}

/** Defaults overridden by the given fields; `undefined` means "not given". Arrays are copied. */
function merge<T extends object>(defaults: T, given: Partial<T> | undefined): T {
  const result = { ...defaults } as Record<string, unknown>;
  for (const [key, value] of Object.entries(given ?? {})) {
    if (value !== undefined) result[key] = Array.isArray(value) ? [...value] : value;
  }
  return result as T;
}

/**
 * config.json text exactly as docker-machine's `json.MarshalIndent(host, "", "    ")` writes it: keys
 * in docker-machine's struct order (the Driver blob keeps its own order), 4-space indent, no trailing
 * newline, and Go's HTML-safe escapes so files round-trip byte for byte.
 */
export function serializeRecord(record: MachineRecord): string {
  const hostOptions = record.HostOptions;
  const ordered = orderKeys(record, MachineRecordSchema.entries, {
    HostOptions: orderKeys(hostOptions, HostOptionsSchema.entries, {
      EngineOptions: orderKeys(hostOptions.EngineOptions, EngineOptionsSchema.entries),
      SwarmOptions: orderKeys(hostOptions.SwarmOptions, SwarmOptionsSchema.entries),
      AuthOptions: orderKeys(hostOptions.AuthOptions, AuthOptionsSchema.entries),
    }),
  });
  return escapeLikeGo(JSON.stringify(ordered, null, 4));
}

/** The known keys in schema order (with `replaced` values), then any others in their own order. */
function orderKeys(value: object, order: object, replaced: Record<string, unknown> = {}): Record<string, unknown> {
  const source = value as Record<string, unknown>;
  const entries: Array<[string, unknown]> = [];
  for (const key of Object.keys(order)) {
    if (key in replaced) entries.push([key, replaced[key]]);
    else if (Object.hasOwn(source, key)) entries.push([key, source[key]]);
  }
  for (const key of Object.keys(source)) {
    if (!Object.hasOwn(order, key)) entries.push([key, source[key]]);
  }
  return Object.fromEntries(entries);
}

/**
 * Where Go's encoding/json (the releases before Go 1.22 that built docker-machine) and JSON.stringify
 * differ: Go escapes <, > and & and U+2028/U+2029, and writes backspace and form feed as \u0008 and
 * \u000c. None of these characters can occur in JSON outside strings, and existing escape pairs are
 * matched first, so the rewrite never touches anything but string contents.
 */
function escapeLikeGo(json: string): string {
  return json.replace(/\\[\s\S]|[<>&\u2028\u2029]/g, (match) => {
    if (match === '\\b') return '\\u0008';
    if (match === '\\f') return '\\u000c';
    if (match.length === 2) return match;
    return `\\u${match.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

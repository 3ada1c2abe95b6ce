import type { DriverConfig } from '@berth/driver-sdk';
import * as v from 'valibot';
import { BerthError } from '../errors.js';
import { CONFIG_VERSION, type MachineRecord } from './record.js';

/*
 * The schema of config.json after migration (ConfigVersion 3). Entries are listed in docker-machine's
 * field order, which serializeRecord also uses. Like Go's encoding/json, a missing or null field takes
 * its zero value ("", 0, false, null slice, empty struct) and unknown fields are dropped, so files
 * written by older 0.x releases (no ServerCertSANs, IsExperimental, ...) still load.
 */

const text = () => v.nullish(v.string(), '');
const flag = () => v.nullish(v.boolean(), false);
const int = () => v.nullish(v.pipe(v.number(), v.integer()), 0);
const float = () => v.nullish(v.number(), 0);
const strings = () => v.nullish(v.array(v.string()), null);

export const EngineOptionsSchema = v.object({
  ArbitraryFlags: strings(),
  Dns: strings(),
  GraphDir: text(),
  Env: strings(),
  Ipv6: flag(),
  InsecureRegistry: strings(),
  Labels: strings(),
  LogLevel: text(),
  StorageDriver: text(),
  SelinuxEnabled: flag(),
  TlsVerify: flag(),
  RegistryMirror: strings(),
  InstallURL: text(),
});

export const SwarmOptionsSchema = v.object({
  IsSwarm: flag(),
  Address: text(),
  Discovery: text(),
  Agent: flag(),
  Master: flag(),
  Host: text(),
  Image: text(),
  Strategy: text(),
  Heartbeat: int(),
  Overcommit: float(),
  ArbitraryFlags: strings(),
  ArbitraryJoinFlags: strings(),
  Env: strings(),
  IsExperimental: flag(),
});

export const AuthOptionsSchema = v.object({
  CertDir: text(),
  CaCertPath: text(),
  CaPrivateKeyPath: text(),
  CaCertRemotePath: text(),
  ServerCertPath: text(),
  ServerKeyPath: text(),
  ClientKeyPath: text(),
  ServerCertRemotePath: text(),
  ServerKeyRemotePath: text(),
  ClientCertPath: text(),
  ServerCertSANs: strings(),
  StorePath: text(),
});

export const HostOptionsSchema = v.object({
  Driver: text(),
  Memory: int(),
  Disk: int(),
  EngineOptions: v.nullish(EngineOptionsSchema, {}),
  SwarmOptions: v.nullish(SwarmOptionsSchema, {}),
  AuthOptions: v.nullish(AuthOptionsSchema, {}),
});

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const MachineRecordSchema = v.object({
  ConfigVersion: v.literal(CONFIG_VERSION),
  // Opaque to the core: the driver's own blob, kept as is (same object, same key order).
  Driver: v.custom<DriverConfig>(isPlainObject, (issue) => `Invalid type: Expected a JSON object but received ${issue.received}`),
  DriverName: text(),
  HostOptions: v.nullish(HostOptionsSchema, {}),
  Name: text(),
});

/** Compile-time check that the schema's output is exactly what the rest of berth calls a MachineRecord. */
type SchemaOutput = v.InferOutput<typeof MachineRecordSchema>;
const _outputIsRecord = (output: SchemaOutput): MachineRecord => output;
const _recordIsOutput = (record: MachineRecord): Omit<SchemaOutput, 'ConfigVersion'> => record;
void _outputIsRecord;
void _recordIsOutput;

/**
 * Validates a migrated record. `where` names the file for the error; STORE_CORRUPT names the first
 * offending field by its dotted path.
 */
export function parseMachineRecord(value: unknown, where: string): MachineRecord {
  const result = v.safeParse(MachineRecordSchema, value);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const field = v.getDotPath(issue) ?? 'the top level';
  const problem = issue.input === undefined ? 'missing' : issue.message;
  throw new BerthError('STORE_CORRUPT', `${where} is not a valid machine config: ${field}: ${problem}`, {
    hint: 'Fix the file by hand, restore config.json.bak if there is one, or remove the machine with `berth rm -f`.',
  });
}

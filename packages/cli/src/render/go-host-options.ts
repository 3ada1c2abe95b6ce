// The `ls` template's EngineOptions and SwarmOptions as docker-machine has them: *engine.Options and
// *swarm.Options structs with their Go field names (DNS and TLSVerify, whose JSON keys are Dns and
// TlsVerify, reference §4.3) in Go field order, and a nil pointer where the row has none.
import type { EngineOptions, SwarmOptions } from '@berth/core';
import { asGoStruct, goNilPointer } from './go-fmt.js';

/** [Go field name, JSON key, zero value]: a nil slice prints `[]` as an empty one does. */
type Field = readonly [string, string, unknown];

/** libmachine/engine.Options */
const ENGINE_FIELDS: readonly Field[] = [
  ['ArbitraryFlags', 'ArbitraryFlags', []], ['DNS', 'Dns', []], ['GraphDir', 'GraphDir', ''], ['Env', 'Env', []],
  ['Ipv6', 'Ipv6', false], ['InsecureRegistry', 'InsecureRegistry', []], ['Labels', 'Labels', []],
  ['LogLevel', 'LogLevel', ''], ['StorageDriver', 'StorageDriver', ''], ['SelinuxEnabled', 'SelinuxEnabled', false],
  ['TLSVerify', 'TlsVerify', false], ['RegistryMirror', 'RegistryMirror', []], ['InstallURL', 'InstallURL', ''],
];

/** libmachine/swarm.Options */
const SWARM_FIELDS: readonly Field[] = [
  ['IsSwarm', 'IsSwarm', false], ['Address', 'Address', ''], ['Discovery', 'Discovery', ''], ['Agent', 'Agent', false],
  ['Master', 'Master', false], ['Host', 'Host', ''], ['Image', 'Image', ''], ['Strategy', 'Strategy', ''],
  ['Heartbeat', 'Heartbeat', 0], ['Overcommit', 'Overcommit', 0], ['ArbitraryFlags', 'ArbitraryFlags', []],
  ['ArbitraryJoinFlags', 'ArbitraryJoinFlags', []], ['Env', 'Env', []], ['IsExperimental', 'IsExperimental', false],
];

export function goEngineOptions(options: EngineOptions | null): object {
  return goStructPointer(options, ENGINE_FIELDS, '*engine.Options');
}

export function goSwarmOptions(options: SwarmOptions | null): object {
  return goStructPointer(options, SWARM_FIELDS, '*swarm.Options');
}

function goStructPointer(options: object | null, fields: readonly Field[], typeName: string): object {
  if (!options) return goNilPointer(typeName);
  const json = options as Record<string, unknown>;
  const struct: Record<string, unknown> = {};
  for (const [goName, jsonKey, zero] of fields) struct[goName] = json[jsonKey] ?? zero;
  return asGoStruct(struct, typeName);
}

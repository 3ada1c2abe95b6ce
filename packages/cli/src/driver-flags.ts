import type { Flag, FlagValue } from '@berth/driver-sdk';
import { Option, type Command } from 'commander';
import { UsageError } from './cli-error.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * Phase 2 of `create` parsing: the chosen driver's flags become options of the command, sorted by
 * name as docker-machine sorted its help lines, so `create -d X --help` lists X's flags.
 */
export function addDriverFlags(cmd: Command, flags: readonly Flag[]): void {
  for (const flag of [...flags].sort((a, b) => a.name.localeCompare(b.name))) {
    const envNote = flag.envVar ? ` [$${flag.envVar}]` : '';
    const shown = flag.default === undefined || flag.default === '' || flag.type === 'bool' ? '' : ` (default: ${String(flag.default)})`;
    const option = new Option(`--${flag.name}${flag.type === 'bool' ? '' : ' <value>'}`, `${flag.usage}${shown}${envNote}`);
    if (flag.type === 'stringSlice') option.argParser(collect);
    if (flag.type === 'int') option.argParser((v: string) => parseIntFlag(flag.name, v));
    cmd.addOption(option);
  }
}

function parseIntFlag(name: string, value: string): number {
  if (!/^[-+]?\d+$/.test(value.trim())) {
    throw new UsageError(`Invalid value "${value}" for flag --${name}: expected a whole number`);
  }
  return Number.parseInt(value, 10);
}

/**
 * Every driver flag's value: the command line, else its env var (slices comma-separated — docker-machine
 * ignored env vars for slice flags, issue #3958), else the default (bool: false).
 */
export function driverFlagValues(
  flags: readonly Flag[],
  parsed: Record<string, unknown>,
  env: Record<string, string | undefined>,
): Record<string, FlagValue> {
  const values: Record<string, FlagValue> = {};
  for (const flag of flags) {
    const given = parsed[new Option(`--${flag.name}`).attributeName()];
    const fromEnv = flag.envVar ? env[flag.envVar] : undefined;
    values[flag.name] = valueOf(flag, given, fromEnv);
  }
  return values;
}

function valueOf(flag: Flag, given: unknown, fromEnv: string | undefined): FlagValue {
  switch (flag.type) {
    case 'bool':
      if (given === true) return true;
      if (fromEnv !== undefined && fromEnv !== '') return /^(1|t|true)$/i.test(fromEnv);
      return flag.default === true;
    case 'int':
      if (typeof given === 'number') return given;
      if (fromEnv !== undefined && fromEnv !== '') return parseIntFlag(flag.name, fromEnv);
      return typeof flag.default === 'number' ? flag.default : 0;
    case 'stringSlice':
      if (Array.isArray(given) && given.length) return given as string[];
      if (fromEnv) return fromEnv.split(',').filter(Boolean);
      return Array.isArray(flag.default) ? flag.default : [];
    default:
      if (typeof given === 'string') return given;
      if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
      return typeof flag.default === 'string' ? flag.default : '';
  }
}

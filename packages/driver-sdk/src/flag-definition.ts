/** Checking Flag declarations (what `initialize` sends as `createFlags`) and the values of each type. */
import { FLAG_TYPES } from './flags.js';
import type { Flag, FlagType, FlagValue } from './flags.js';

/** kebab-case, as docker-machine's flags: `generic-ssh-port`, `url`. */
const FLAG_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** True when `value` is a value of a flag of `type` as it travels on the wire (int: an integer number). */
export function isFlagValueOfType(type: FlagType, value: unknown): value is FlagValue {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'int':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'bool':
      return typeof value === 'boolean';
    case 'stringSlice':
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
  }
}

/** What a flag is worth when neither given, nor in its env var, nor defaulted: `''`, `0`, `false`, `[]`. */
export function zeroFlagValue(type: FlagType): FlagValue {
  switch (type) {
    case 'string':
      return '';
    case 'int':
      return 0;
    case 'bool':
      return false;
    case 'stringSlice':
      return [];
  }
}

/**
 * Everything wrong with a flag declaration, one sentence each (empty when it is valid): name not
 * kebab-case, unknown type, usage or envVar not strings, a default not of the flag's type.
 */
export function describeFlagProblems(flag: unknown): string[] {
  if (typeof flag !== 'object' || flag === null || Array.isArray(flag)) return [`a flag must be an object, not ${JSON.stringify(flag)}`];
  const { name, type, usage, envVar } = flag as Partial<Record<keyof Flag, unknown>>;
  const label = typeof name === 'string' ? `flag "${name}"` : 'a flag';
  const problems: string[] = [];
  if (typeof name !== 'string' || !FLAG_NAME.test(name)) {
    problems.push(`${label}: name must be kebab-case without leading dashes (e.g. "mydriver-disk-size"), got ${JSON.stringify(name)}`);
  }
  if (typeof type !== 'string' || !(FLAG_TYPES as readonly string[]).includes(type)) {
    problems.push(`${label}: type must be one of ${FLAG_TYPES.join(', ')}, got ${JSON.stringify(type)}`);
  } else if ('default' in flag && !isFlagValueOfType(type as FlagType, (flag as { default: unknown }).default)) {
    problems.push(`${label}: default ${JSON.stringify((flag as { default: unknown }).default)} is not of type ${type}`);
  }
  if (typeof usage !== 'string') problems.push(`${label}: usage must be a string, got ${JSON.stringify(usage)}`);
  if (envVar !== undefined && (typeof envVar !== 'string' || envVar === '')) {
    problems.push(`${label}: envVar must be a non-empty string when present, got ${JSON.stringify(envVar)}`);
  }
  return problems;
}

/**
 * Reading typed values out of `machine/configFromFlags`'s `flags` (docker-machine's `DriverOptions`):
 * the given value, else the flag's env var, else its declared default, else the type's zero value.
 */
import { DriverError, ErrorCodes } from './error-codes.js';
import { isFlagValueOfType, zeroFlagValue } from './flag-definition.js';
import type { Flag, FlagType, FlagValue } from './flags.js';

export interface ReadFlagOptions {
  /** Missing, `''` and `[]` are INVALID_CONFIG errors ("--name is required"). */
  required?: boolean;
  /** Sent with the INVALID_CONFIG error when a required flag is missing. */
  hint?: string;
}

export interface FlagReader {
  /** A `string` flag's value. */
  string(name: string, options?: ReadFlagOptions): string;
  /** An `int` flag's value (an integer). */
  int(name: string, options?: ReadFlagOptions): number;
  /** A `bool` flag's value. */
  bool(name: string): boolean;
  /** A `stringSlice` flag's value (from the env var: comma-separated). */
  stringSlice(name: string, options?: ReadFlagOptions): string[];
}

export interface ReadFlagsOptions {
  /** Where env var fallbacks are read (default `process.env`; pass `{}` to turn them off). */
  env?: Record<string, string | undefined>;
}

/**
 * A typed view of the flags the host sent, for `configFromFlags`. Each getter resolves the value in
 * docker-machine's order (given, env var, declared default, zero value) and throws DriverError
 * `INVALID_CONFIG` naming the flag when the value has the wrong type or a required flag is missing.
 * Asking for a flag that is not in `definitions`, or with the wrong getter, is a bug: a plain Error.
 *
 * @example
 * async configFromFlags(machine, flags) {
 *   const read = readFlags(CREATE_FLAGS, flags);
 *   return { DiskSize: read.int('mydriver-disk-size'), Region: read.string('mydriver-region', { required: true }) };
 * }
 */
export function readFlags(
  definitions: readonly Flag[],
  flags: Record<string, FlagValue>,
  options: ReadFlagsOptions = {},
): FlagReader {
  const env = options.env ?? process.env;
  const read = (name: string, type: FlagType, readOptions: ReadFlagOptions = {}): FlagValue => {
    const definition = definitions.find((flag) => flag.name === name);
    if (definition === undefined) throw new Error(`readFlags: flag "${name}" is not among the declared flags`);
    if (definition.type !== type) throw new Error(`readFlags: flag "${name}" is declared as ${definition.type}, not ${type}`);
    const value = resolveValue(definition, flags, env);
    if (readOptions.required === true && isEmpty(value)) {
      throw new DriverError(ErrorCodes.INVALID_CONFIG, `--${name} is required`, {
        hint: readOptions.hint ?? `Give --${name}${definition.envVar === undefined ? '' : ` or set ${definition.envVar}`}.`,
      });
    }
    return value ?? zeroFlagValue(type);
  };
  return {
    string: (name, readOptions) => read(name, 'string', readOptions) as string,
    int: (name, readOptions) => read(name, 'int', readOptions) as number,
    bool: (name) => read(name, 'bool') as boolean,
    stringSlice: (name, readOptions) => read(name, 'stringSlice', readOptions) as string[],
  };
}

function resolveValue(definition: Flag, flags: Record<string, FlagValue>, env: Record<string, string | undefined>): FlagValue | undefined {
  const { name, type } = definition;
  if (Object.hasOwn(flags, name) && flags[name] !== undefined) {
    const given = flags[name];
    if (!isFlagValueOfType(type, given)) {
      throw new DriverError(ErrorCodes.INVALID_CONFIG, `--${name} must be ${describeType(type)}, got ${JSON.stringify(given)}`);
    }
    return given;
  }
  const fromEnv = definition.envVar === undefined ? undefined : env[definition.envVar];
  if (fromEnv !== undefined && fromEnv !== '') return parseEnvValue(definition, fromEnv);
  if (definition.default !== undefined) {
    if (!isFlagValueOfType(type, definition.default)) throw new Error(`readFlags: the default of flag "${name}" is not of type ${type}`);
    return definition.default;
  }
  return undefined;
}

function parseEnvValue(definition: Flag, text: string): FlagValue {
  const invalid = (): DriverError =>
    new DriverError(ErrorCodes.INVALID_CONFIG, `${definition.envVar ?? ''}=${JSON.stringify(text)} is not ${describeType(definition.type)} (for --${definition.name})`);
  switch (definition.type) {
    case 'string':
      return text;
    case 'int':
      if (!/^[-+]?\d+$/.test(text.trim()) || !Number.isSafeInteger(Number(text))) throw invalid();
      return Number.parseInt(text, 10);
    case 'bool':
      if (/^(1|t|true)$/i.test(text.trim())) return true;
      if (/^(0|f|false)$/i.test(text.trim())) return false;
      throw invalid();
    case 'stringSlice':
      return text.split(',').map((item) => item.trim()).filter((item) => item !== '');
  }
}

/** undefined stands for "not given and no default"; it reads as the zero value. */
function isEmpty(value: FlagValue | undefined): boolean {
  return value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

function describeType(type: FlagType): string {
  return { string: 'a string', int: 'a whole number', bool: 'true or false', stringSlice: 'a list of strings' }[type];
}

/** The `flags` of `machine/configFromFlags` as the host builds them from the driver's declared flags. */
import { describeFlagProblems, isFlagValueOfType, zeroFlagValue } from '../flag-definition.js';
import type { Flag, FlagValue } from '../flags.js';
import { fail, preview } from './conformance-failure.js';

/**
 * Every valid declared flag with its value (given, else declared default, else zero value), as
 * berth's CLI sends them; given values for undeclared flags pass through (docker-machine passed its
 * swarm flags the same way). Strings given for int, bool and stringSlice flags are converted.
 */
export function hostFlagValues(declared: readonly unknown[], given: Record<string, FlagValue>): Record<string, FlagValue> {
  const values: Record<string, FlagValue> = { ...given };
  for (const flag of declared) {
    if (describeFlagProblems(flag).length > 0) continue;
    const { name, type, default: fallback } = flag as Flag;
    values[name] = Object.hasOwn(given, name) ? convert(flag as Flag, given[name] as FlagValue) : (fallback ?? zeroFlagValue(type));
  }
  return values;
}

function convert(flag: Flag, value: FlagValue): FlagValue {
  const given: unknown = value;
  if (isFlagValueOfType(flag.type, given) || typeof given !== 'string') return value;
  const text = given.trim();
  switch (flag.type) {
    case 'int':
      if (/^[-+]?\d+$/.test(text)) return Number.parseInt(text, 10);
      break;
    case 'bool':
      if (/^(1|t|true)$/i.test(text)) return true;
      if (/^(0|f|false)$/i.test(text)) return false;
      break;
    case 'stringSlice':
      return text.split(',').map((item) => item.trim()).filter((item) => item !== '');
    default:
      break;
  }
  return fail(`createFlags: ${preview(value)} is not a value of the ${flag.type} flag "${flag.name}"`);
}

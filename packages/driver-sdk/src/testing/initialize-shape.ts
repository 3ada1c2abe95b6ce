/** Judging an `initialize` answer against protocol v1. */
import { describeFlagProblems } from '../flag-definition.js';
import { isPlainObject, preview } from './conformance-failure.js';

const CAPABILITIES = ['provision', 'start', 'stop', 'restart', 'kill'] as const;

/** Everything wrong with an answer to `initialize` offering [1] (empty when it is right). */
export function describeInitializeProblems(result: unknown, driverName: string): string[] {
  if (!isPlainObject(result)) return [`the result ${preview(result)} is not an object`];
  const problems: string[] = [];
  if (result['protocolVersion'] !== 1) problems.push(`protocolVersion is ${preview(result['protocolVersion'])}, but the host offered [1]`);
  const driver = result['driver'];
  if (!isPlainObject(driver)) {
    problems.push(`driver is ${preview(driver)}, not {name, version}`);
  } else {
    if (driver['name'] !== driverName) {
      problems.push(`driver.name is ${preview(driver['name'])}, but the driver was started as "${driverName}" (BERTH_DRIVER_NAME)`);
    }
    if (typeof driver['version'] !== 'string' || driver['version'] === '') problems.push(`driver.version is ${preview(driver['version'])}, not a non-empty string`);
  }
  const capabilities = result['capabilities'];
  if (!isPlainObject(capabilities)) {
    problems.push(`capabilities is ${preview(capabilities)}, not {${CAPABILITIES.join(', ')}}`);
  } else {
    const missing = CAPABILITIES.filter((name) => typeof capabilities[name] !== 'boolean');
    if (missing.length > 0) problems.push(`capabilities ${missing.join(', ')} must be true or false (got ${preview(capabilities)})`);
  }
  const flags = result['createFlags'];
  if (!Array.isArray(flags)) {
    problems.push(`createFlags is ${preview(flags)}, not an array of flags`);
  } else {
    problems.push(...flags.flatMap((flag) => describeFlagProblems(flag)).map((problem) => `createFlags: ${problem}`));
    const names = flags.map((flag: unknown) => (isPlainObject(flag) ? flag['name'] : undefined)).filter((name) => typeof name === 'string');
    const duplicates = [...new Set(names.filter((name, i) => names.indexOf(name) !== i))];
    if (duplicates.length > 0) problems.push(`createFlags declares ${duplicates.map((name) => `"${name}"`).join(', ')} more than once`);
  }
  return problems;
}

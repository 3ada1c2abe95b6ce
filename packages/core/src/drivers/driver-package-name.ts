/**
 * The naming rule between driver names and npm packages (ARCHITECTURE "Finding drivers"), as ESLint's
 * and Babel's plugin names work: `foo` → `berth-driver-foo`, `@acme/foo` → `@acme/berth-driver-foo`.
 * Pure: no file or network access.
 */
import { BerthError } from '../errors.js';

/** What a driver name looks like: lowercase letters and digits in dash-separated words (`virtualbox`, `my-cloud`). */
export const DRIVER_NAME_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Every driver package name's last part starts with this. */
export const DRIVER_PACKAGE_PREFIX = 'berth-driver-';
/** npm's own limit on a package name's length. */
const MAX_PACKAGE_NAME_LENGTH = 214;
/** An npm scope without its `@`: what npm accepts in a scope. */
const SCOPE_PATTERN = /^[a-z0-9][a-z0-9._~-]*$/;

export interface DriverPackageSpec {
  /** The npm package: `berth-driver-foo` or `@acme/berth-driver-foo`. */
  packageName: string;
  /** The driver name the package is expected to serve: `foo`. */
  driverName: string;
  /** `acme` for `@acme/...`. */
  scope?: string;
  /** The version range or tag after `@` (`^1.2`, `latest`), when one was given. */
  range?: string;
}

/**
 * Parses `NAME[@RANGE]` where NAME is a driver name, a scoped one (`@acme/foo`) or a full package name
 * (`berth-driver-foo`, `@acme/berth-driver-foo`). Throws INVALID_DRIVER_NAME naming the input.
 */
export function parseDriverPackageSpec(spec: string): DriverPackageSpec {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  const name = at === -1 ? spec : spec.slice(0, at);
  const range = at === -1 ? undefined : spec.slice(at + 1);
  if (range !== undefined && !isValidRange(range)) {
    throw invalidSpec(spec, `"${range}" is not a version range or tag`);
  }
  let scope: string | undefined;
  let bare = name;
  if (name.startsWith('@')) {
    const slash = name.indexOf('/');
    scope = slash === -1 ? name.slice(1) : name.slice(1, slash);
    bare = slash === -1 ? '' : name.slice(slash + 1);
    if (!SCOPE_PATTERN.test(scope)) throw invalidSpec(spec, `"@${scope}" is not a valid npm scope`);
  }
  const driverName = bare.startsWith(DRIVER_PACKAGE_PREFIX) ? bare.slice(DRIVER_PACKAGE_PREFIX.length) : bare;
  if (!DRIVER_NAME_PATTERN.test(driverName)) {
    throw invalidSpec(spec, 'a driver name is lowercase letters and digits in dash-separated words');
  }
  const packageName = `${scope === undefined ? '' : `@${scope}/`}${DRIVER_PACKAGE_PREFIX}${driverName}`;
  if (packageName.length > MAX_PACKAGE_NAME_LENGTH) throw invalidSpec(spec, `npm package names are at most ${MAX_PACKAGE_NAME_LENGTH} characters`);
  return { packageName, driverName, ...(scope === undefined ? {} : { scope }), ...(range === undefined ? {} : { range }) };
}

/** `foo` → `berth-driver-foo`; `@acme/foo` → `@acme/berth-driver-foo`; a full package name is kept. */
export function driverPackageName(name: string): string {
  const parsed = parseDriverPackageSpec(name);
  if (parsed.range !== undefined) throw invalidSpec(name, 'expected a name without a version range');
  return parsed.packageName;
}

/** The unscoped package looked for first for driver `name` (`berth-driver-<name>`); also the PATH executable's name. */
export function driverExecutableName(name: string): string {
  return `${DRIVER_PACKAGE_PREFIX}${name}`;
}

/** Whether `packageName` is a driver package for `driverName` under some scope: `@x/berth-driver-foo` for `foo`. */
export function isScopedPackageFor(packageName: string, driverName: string): boolean {
  const match = /^@([^/]+)\/(.+)$/.exec(packageName);
  return match !== null && match[2] === driverExecutableName(driverName);
}

/** npm accepts many range forms (`^1.2`, `1.x || 2`, `latest`); refuse only what can never be one. */
function isValidRange(range: string): boolean {
  return range.trim() !== '' && !/[\u0000-\u001f@]/.test(range) && !range.startsWith('-');
}

function invalidSpec(spec: string, why: string): BerthError {
  return new BerthError('INVALID_DRIVER_NAME', `"${spec}" is not a valid driver name: ${why}`, {
    hint: 'Use NAME, @SCOPE/NAME or a package name like berth-driver-NAME, optionally with @RANGE, e.g. `example` or `@acme/cloud@^1.2`.',
  });
}

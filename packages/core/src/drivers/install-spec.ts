/**
 * What `berth driver install SPEC` was given: a registry package (`NAME[@RANGE]`, through the naming
 * rule), a tarball (`.tgz`), or a package directory. A path is anything that starts with `.`, `/` or `~`,
 * holds a path separator outside a `@scope/`, or ends in `.tgz`/`.tar.gz`; `foo` is always a registry name.
 */
import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { BerthError, isErrnoException } from '../errors.js';
import { parseDriverPackageSpec, type DriverPackageSpec } from './driver-package-name.js';

export type InstallSpec =
  | ({ kind: 'registry'; input: string } & DriverPackageSpec)
  | { kind: 'tarball'; input: string; path: string }
  | { kind: 'directory'; input: string; path: string };

const TARBALL_PATTERN = /\.(?:tgz|tar\.gz)$/i;

export async function parseInstallSpec(input: string, cwd: string): Promise<InstallSpec> {
  if (!isPathSpec(input)) return { kind: 'registry', input, ...parseDriverPackageSpec(input) };
  const path = resolve(cwd, input);
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (err) {
    if (!isErrnoException(err, 'ENOENT') && !isErrnoException(err, 'ENOTDIR')) throw err;
    throw new BerthError('DRIVER_INSTALL_FAILED', `Cannot install "${input}": ${path} does not exist`, {
      hint: 'Give a driver name (`berth driver install example`), a .tgz made by `npm pack`, or a package directory.',
      cause: err,
    });
  }
  return isDirectory ? { kind: 'directory', input, path } : { kind: 'tarball', input, path };
}

function isPathSpec(input: string): boolean {
  if (input.startsWith('.') || input.startsWith('~') || isAbsolute(input) || TARBALL_PATTERN.test(input)) return true;
  const rest = input.startsWith('@') ? input.slice(input.indexOf('/') + 1) : input;
  return rest.includes('/') || rest.includes('\\') || /^[a-zA-Z]:/.test(input);
}

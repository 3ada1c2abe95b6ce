/**
 * A driver package's manifest: the `berth` field of its package.json, read without running any of
 * its code (ARCHITECTURE "Finding drivers"):
 *   "berth": { "protocol": [1], "drivers": { "foo": "./dist/main.js" } }
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import * as v from 'valibot';
import { PROTOCOL_VERSIONS } from '@berth/driver-sdk';
import { BerthError, isErrnoException } from '../errors.js';
import { DRIVER_NAME_PATTERN } from './driver-package-name.js';

export interface DriverManifest {
  /** The package's directory (absolute). */
  dir: string;
  packageName: string;
  version: string;
  /** Driver protocol versions the package speaks. */
  protocol: number[];
  /** Driver name → absolute entry path (a JS file or an executable inside the package). */
  drivers: Record<string, string>;
}

const MANIFEST_EXAMPLE = '"berth": {"protocol": [1], "drivers": {"NAME": "./dist/main.js"}}';

const PackageJsonSchema = v.object({
  name: v.pipe(v.string(), v.nonEmpty('"name" is empty')),
  version: v.optional(v.string(), ''),
  berth: v.optional(v.unknown()),
});

const BerthFieldSchema = v.object({
  protocol: v.pipe(v.array(v.pipe(v.number(), v.integer(), v.minValue(1))), v.nonEmpty('"protocol" lists no version')),
  drivers: v.pipe(
    v.record(v.pipe(v.string(), v.regex(DRIVER_NAME_PATTERN, 'a driver name is lowercase words joined by dashes')), v.pipe(v.string(), v.nonEmpty())),
    v.check((drivers) => Object.keys(drivers).length > 0, '"drivers" declares no driver'),
  ),
});

/** Reads and checks `<dir>/package.json`'s berth manifest; entry paths must stay inside the package. */
export async function readDriverManifest(dir: string): Promise<DriverManifest> {
  const file = join(dir, 'package.json');
  const pkg = parseOrThrow(PackageJsonSchema, await readJSONFile(file), file, 'is not a valid package.json');
  if (pkg.berth === undefined) {
    throw new BerthError('DRIVER_MANIFEST_INVALID', `${pkg.name} (${file}) is not a berth driver package: its package.json has no "berth" field`, {
      hint: `A driver package declares ${MANIFEST_EXAMPLE} in its package.json.`,
    });
  }
  const berth = parseOrThrow(BerthFieldSchema, pkg.berth, file, `(${pkg.name}) has an invalid "berth" field`);
  const drivers: Record<string, string> = {};
  for (const [name, entry] of Object.entries(berth.drivers)) {
    const absolute = resolve(dir, entry);
    const inside = relative(dir, absolute);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
      throw new BerthError('DRIVER_MANIFEST_INVALID', `${file} (${pkg.name}): the entry of driver "${name}" ("${entry}") is outside the package`, {
        hint: 'Point each driver at a file inside the package, e.g. "./dist/main.js".',
      });
    }
    drivers[name] = absolute;
  }
  return { dir, packageName: pkg.name, version: pkg.version, protocol: berth.protocol, drivers };
}

/** Refuses a package that speaks none of the protocol versions berth speaks, before any process starts. */
export function checkManifestProtocol(manifest: DriverManifest, supported: readonly number[] = PROTOCOL_VERSIONS): void {
  if (manifest.protocol.some((version) => supported.includes(version))) return;
  throw new BerthError(
    'PROTOCOL_MISMATCH',
    `${manifest.packageName} ${manifest.version} speaks driver protocol ${manifest.protocol.join(', ')}, but berth speaks ${supported.join(', ')}`,
    {
      hint: `Install a version of ${manifest.packageName} made for driver protocol ${supported.join(' or ')}, or upgrade berth.`,
      details: { package: manifest.packageName, driverProtocol: manifest.protocol, berthProtocol: [...supported] },
    },
  );
}

/** The JSON in `file`; ENOENT becomes DRIVER_MANIFEST_NOT_FOUND, bad JSON DRIVER_MANIFEST_INVALID. */
export async function readJSONFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (isErrnoException(err, 'ENOENT') || isErrnoException(err, 'ENOTDIR')) {
      throw new BerthError('DRIVER_MANIFEST_NOT_FOUND', `${file} does not exist`, { cause: err });
    }
    throw err;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    throw new BerthError('DRIVER_MANIFEST_INVALID', `${file} is not valid JSON: ${err.message}`, { cause: err });
  }
}

function parseOrThrow<T>(schema: v.GenericSchema<unknown, T>, value: unknown, file: string, what: string): T {
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  const problem = v.summarize(result.issues).replaceAll('\n', '; ');
  throw new BerthError('DRIVER_MANIFEST_INVALID', `${file} ${what}: ${problem}`, {
    hint: `A driver package declares ${MANIFEST_EXAMPLE} in its package.json.`,
  });
}

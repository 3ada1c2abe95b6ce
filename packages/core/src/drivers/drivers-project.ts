/**
 * `<store>/drivers/package.json`: the private npm project that `berth driver install` installs into
 * (its `dependencies`), and where `berth driver link` records linked drivers (`berth.linked`).
 */
import { mkdir } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import * as v from 'valibot';
import { BerthError, isBerthError } from '../errors.js';
import { storeLayout } from '../paths.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import { readJSONFile } from './driver-manifest.js';

export interface DriversProject {
  /** `<store>/drivers`. */
  dir: string;
  /** `<store>/drivers/package.json`. */
  file: string;
  /** Package name → the spec npm saved (`^1.0.0`, `file:...tgz`). */
  dependencies: Record<string, string>;
  /** Driver name → absolute directory of the linked package. */
  linked: Record<string, string>;
}

/** valibot's record() would read an array as an object; a JSON array here is a broken file. */
const notArray = v.custom<unknown>((value) => !Array.isArray(value), 'expected an object, not an array');

const ProjectSchema = v.object({
  dependencies: v.optional(v.pipe(notArray, v.record(v.string(), v.string())), {}),
  berth: v.optional(
    v.object({
      linked: v.optional(v.record(v.string(), v.pipe(v.string(), v.check(isAbsolute, 'a linked directory must be an absolute path'))), {}),
    }),
    {},
  ),
});

/** What a new drivers project starts as (npm fills in `dependencies`). */
const NEW_PROJECT = {
  private: true,
  name: 'berth-drivers',
  description: 'Driver packages installed by `berth driver install` and linked by `berth driver link`; managed by berth.',
  dependencies: {},
};

export function driversProjectFile(storePath: string): string {
  return join(storeLayout(storePath).driversDir, 'package.json');
}

/** The project as it is on disk; an empty one when the file does not exist yet. */
export async function readDriversProject(storePath: string): Promise<DriversProject> {
  const dir = storeLayout(storePath).driversDir;
  const file = driversProjectFile(storePath);
  const raw = await readRawProject(file);
  if (raw === undefined) return { dir, file, dependencies: {}, linked: {} };
  const result = v.safeParse(ProjectSchema, raw);
  if (!result.success) throw corruptError(file, v.summarize(result.issues).replaceAll('\n', '; '));
  return { dir, file, dependencies: result.output.dependencies, linked: result.output.berth.linked };
}

/** Creates `<store>/drivers/package.json` if it is missing. */
export async function ensureDriversProject(storePath: string): Promise<void> {
  const file = driversProjectFile(storePath);
  if ((await readRawProject(file)) !== undefined) return;
  await mkdir(storeLayout(storePath).driversDir, { recursive: true });
  await writeFileAtomic(file, `${JSON.stringify(NEW_PROJECT, null, 2)}\n`);
}

/** Replaces `berth.linked`, keeping every other field of the file (npm's among them) as it was. */
export async function writeLinkedDrivers(storePath: string, linked: Record<string, string>): Promise<void> {
  await ensureDriversProject(storePath);
  const file = driversProjectFile(storePath);
  const raw = (await readRawProject(file)) ?? {};
  const berth = isRecord(raw.berth) ? raw.berth : {};
  const sorted = Object.fromEntries(Object.entries(linked).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  await writeFileAtomic(file, `${JSON.stringify({ ...raw, berth: { ...berth, linked: sorted } }, null, 2)}\n`);
}

async function readRawProject(file: string): Promise<Record<string, unknown> | undefined> {
  let raw: unknown;
  try {
    raw = await readJSONFile(file);
  } catch (err) {
    if (isBerthError(err, 'DRIVER_MANIFEST_NOT_FOUND')) return undefined;
    if (isBerthError(err, 'DRIVER_MANIFEST_INVALID')) throw corruptError(file, err.message.replace(`${file} `, ''));
    throw err;
  }
  if (!isRecord(raw)) throw corruptError(file, 'it is not a JSON object');
  return raw;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function corruptError(file: string, problem: string): BerthError {
  return new BerthError('DRIVERS_PROJECT_CORRUPT', `${file} is broken: ${problem}`, {
    hint: `Fix the file by hand, or move it away and install the drivers again with \`berth driver install NAME\`.`,
  });
}

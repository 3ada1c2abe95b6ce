/**
 * What `berth driver install` puts back when it fails: `<store>/drivers/package.json` and
 * `package-lock.json` to their previous bytes, and the package's folder in node_modules to what it
 * was (gone for a new package; the old version for an upgrade). Files that did not exist are removed.
 */
import { cp, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BerthError, isErrnoException } from '../errors.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import { installedPackageDir } from './find-packaged-driver.js';

export interface SnapshotOptions {
  /** `<store>/drivers`. */
  driversDir: string;
  packageName: string;
  /** An empty directory for the copy of the package's current folder (an upgrade's old version). */
  backupDir: string;
  /** Removes a package npm's way (folder, bin links, orphaned dependencies); the files are restored after it anyway. */
  uninstall(packageName: string): Promise<void>;
}

export interface DriversSnapshot {
  /** Puts everything back; throws DRIVER_ROLLBACK_FAILED naming what could not be restored, after trying it all. */
  restore(): Promise<void>;
}

const TRACKED_FILES = ['package.json', 'package-lock.json'];
/** npm's record of node_modules; removed after a manual restore so npm reads the real tree next time. */
const HIDDEN_LOCKFILE = join('node_modules', '.package-lock.json');

export async function snapshotDrivers(options: SnapshotOptions): Promise<DriversSnapshot> {
  const { driversDir, packageName } = options;
  const packageDir = installedPackageDir({ dir: driversDir }, packageName);
  const backup = join(options.backupDir, 'package');
  const hadDriversDir = await exists(driversDir);
  const hadNodeModules = await exists(join(driversDir, 'node_modules'));
  const files = new Map<string, Buffer | undefined>();
  for (const name of TRACKED_FILES) files.set(name, await readIfExists(join(driversDir, name)));
  const hadPackage = await exists(packageDir);
  if (hadPackage) await cp(packageDir, backup, { recursive: true, verbatimSymlinks: true });

  async function restorePackage(): Promise<void> {
    if (hadPackage) {
      await rm(packageDir, { recursive: true, force: true });
      await cp(backup, packageDir, { recursive: true, verbatimSymlinks: true });
      await rm(join(driversDir, HIDDEN_LOCKFILE), { force: true });
      return;
    }
    if (!(await exists(packageDir))) return;
    try {
      await options.uninstall(packageName);
    } finally {
      await rm(packageDir, { recursive: true, force: true });
    }
  }

  return {
    async restore() {
      const problems: string[] = [];
      const attempt = async (what: string, step: () => Promise<void>) => {
        try {
          await step();
        } catch (err) {
          problems.push(`${what}: ${err instanceof Error ? err.message : String(err)}`);
        }
      };
      await attempt(`restoring ${packageDir}`, restorePackage);
      for (const [name, bytes] of files) {
        const file = join(driversDir, name);
        await attempt(`restoring ${file}`, () => (bytes === undefined ? rm(file, { force: true }) : writeFileAtomic(file, bytes)));
      }
      if (!hadNodeModules) await attempt('removing node_modules', () => rm(join(driversDir, 'node_modules'), { recursive: true, force: true }));
      if (!hadDriversDir) await attempt(`removing ${driversDir}`, () => rm(driversDir, { recursive: true, force: true }));
      if (problems.length > 0) {
        throw new BerthError('DRIVER_ROLLBACK_FAILED', `could not undo everything: ${problems.join('; ')}`, {
          hint: `Check ${driversDir} by hand.`,
        });
      }
    },
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    if (isErrnoException(err, 'ENOENT') || isErrnoException(err, 'ENOTDIR')) return false;
    throw err;
  }
}

async function readIfExists(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (err) {
    if (isErrnoException(err, 'ENOENT')) return undefined;
    throw err;
  }
}

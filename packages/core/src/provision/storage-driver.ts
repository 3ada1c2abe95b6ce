/** The engine's storage driver (reference §6.2 "Storage driver choice"). */
import { BerthError } from '../errors.js';
import type { StorageDriverRule } from './provisioners.js';
import { runRemote, type RemoteContext } from './remote-commands.js';

export const DEFAULT_STORAGE_DRIVER = 'overlay2';
const RANCHEROS_STORAGE_DRIVERS = ['overlay', 'overlay2'];

/**
 * `--engine-storage-driver` when given, else overlay2; SUSE picks btrfs when /var/lib/docker (or
 * /var/lib) is on btrfs; RancherOS accepts only overlay and overlay2.
 */
export async function chooseStorageDriver(ctx: RemoteContext, rule: StorageDriverRule, requested: string): Promise<string> {
  if (rule === 'overlay-only') {
    const driver = requested || DEFAULT_STORAGE_DRIVER;
    if (!RANCHEROS_STORAGE_DRIVERS.includes(driver)) {
      throw new BerthError('INVALID_CONFIG', `Unsupported storage driver: ${driver}`, {
        hint: 'RancherOS supports --engine-storage-driver overlay or overlay2 only.',
      });
    }
    return driver;
  }
  if (requested) return requested;
  if (rule === 'btrfs-if-btrfs') {
    const result = await runRemote(ctx, 'stat -f -c %T /var/lib/docker 2>/dev/null || stat -f -c %T /var/lib');
    if (result.exitCode === 0 && result.stdout.trim() === 'btrfs') return 'btrfs';
  }
  return DEFAULT_STORAGE_DRIVER;
}

import { createHash } from 'node:crypto';
import { readFileSync, promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { MachineRecord } from '../store/record.js';

/**
 * The last engine URL the driver reported for a machine, so `env` and `config` (run at shell
 * prompts) can skip starting the driver. An entry is only used while the driver's config is
 * unchanged, and only after the engine at that URL has proved over TLS that it is this machine:
 * it must present exactly this machine's server certificate (server.pem), or, for machines berth
 * did not provision (`none`), the URL must come from the unchanged config. Any doubt → ask the driver.
 */
const CACHE_FILE = '.berth-url.json';

interface CachedURL {
  url: string;
  configHash: string;
}

export function driverConfigHash(record: MachineRecord): string {
  return createHash('sha256').update(JSON.stringify(record.Driver)).digest('hex');
}

export async function readCachedURL(machineDir: string, record: MachineRecord): Promise<string | undefined> {
  try {
    // Synchronous, like the other small per-machine reads on the `ls` path.
    const cached = JSON.parse(readFileSync(join(machineDir, CACHE_FILE), 'utf8')) as Partial<CachedURL>;
    if (typeof cached.url === 'string' && cached.url && cached.configHash === driverConfigHash(record)) return cached.url;
  } catch {
    // no entry, or an unreadable one: the driver answers instead
  }
  return undefined;
}

/** Best effort: a failed write only costs the next command a driver start. */
export async function writeCachedURL(machineDir: string, record: MachineRecord, url: string): Promise<void> {
  const entry: CachedURL = { url, configHash: driverConfigHash(record) };
  await fsp.writeFile(join(machineDir, CACHE_FILE), JSON.stringify(entry), { mode: 0o600 }).catch(() => undefined);
}

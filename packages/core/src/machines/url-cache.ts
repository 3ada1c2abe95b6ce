import { readFileSync, rmSync, promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from '../sha256-hex.js';
import type { MachineRecord } from '../store/record.js';

/**
 * The last engine URL the driver reported for a running machine, so the commands a shell prompt runs
 * (`env`, `config`, `ls`, `active`) can skip starting the driver. An entry is only used while the
 * driver's config is unchanged, and only after the engine at that URL has proved over TLS that it is
 * this machine: it must present exactly this machine's server certificate (server.pem), or, for
 * machines berth did not provision (`none`), the URL must come from the unchanged config. Any doubt,
 * or no answer → ask the driver. The entry is dropped when the driver says the host is not running.
 */
const CACHE_FILE = '.berth-url.json';

interface CachedURL {
  url: string;
  configHash: string;
}

/** A cached URL, and what an answer from the engine there proves. */
export interface CachedEngine {
  url: string;
  /** The machine's server.pem: the engine at `url` must present exactly this certificate. */
  serverCertPem?: string;
  /**
   * An engine answering at `url` (with `serverCertPem` when set) proves the machine is running there:
   * the answer stands for the driver's (state Running, URL `url`). False: the URL is only a guess to
   * start the engine query early, and the driver must confirm it.
   */
  standsForDriver: boolean;
}

export function driverConfigHash(record: MachineRecord): string {
  return sha256Hex(JSON.stringify(record.Driver));
}

/** Synchronous, like the other small per-machine reads on the `ls` and `env` paths. */
export function readCachedEngine(machineDir: string, record: MachineRecord): CachedEngine | undefined {
  const url = readCachedURL(machineDir, record);
  if (url === undefined) return undefined;
  // berth provisions no `none` machine, so it has no server.pem to look for (a failed read costs ~15 µs).
  if (record.DriverName === 'none') return { url, standsForDriver: true };
  const serverCertPem = readServerCert(machineDir);
  return serverCertPem === undefined ? { url, standsForDriver: false } : { url, serverCertPem, standsForDriver: true };
}

function readCachedURL(machineDir: string, record: MachineRecord): string | undefined {
  try {
    const cached = JSON.parse(readFileSync(join(machineDir, CACHE_FILE), 'utf8')) as Partial<CachedURL>;
    if (typeof cached.url === 'string' && cached.url && cached.configHash === driverConfigHash(record)) return cached.url;
  } catch {
    // no entry, or an unreadable one: the driver answers instead
  }
  return undefined;
}

function readServerCert(machineDir: string): string | undefined {
  try {
    return readFileSync(join(machineDir, 'server.pem'), 'utf8');
  } catch {
    return undefined;
  }
}

/** Best effort: a failed write only costs the next command a driver start. */
export async function writeCachedURL(machineDir: string, record: MachineRecord, url: string): Promise<void> {
  const entry: CachedURL = { url, configHash: driverConfigHash(record) };
  await fsp.writeFile(join(machineDir, CACHE_FILE), JSON.stringify(entry), { mode: 0o600 }).catch(() => undefined);
}

/** The driver says the host is not running (or it was stopped): the next command asks the driver first. */
export function forgetCachedURL(machineDir: string): void {
  try {
    rmSync(join(machineDir, CACHE_FILE), { force: true });
  } catch {
    // best effort: a stale entry only costs the next command a failed early query
  }
}

import { readFileSync, promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { BerthError, isBerthError, isErrnoException } from '../errors.js';
import { storeLayout } from '../paths.js';
import { writeFileAtomic } from './atomic-write.js';
import type { FileLock } from './lock.js';
import { compareBytes, validateMachineName } from './machine-name.js';
import { MIGRATED_HOST_ERROR, migrateToLatest } from './migrate.js';
import { serializeRecord } from './new-record.js';
import type { MachineRecord } from './record.js';

/**
 * How long a command waits for another berth process to finish with a machine (or with the CA
 * bootstrap) before failing with STORE_LOCKED. Saves and short operations (ip, start/stop of a VM)
 * finish well inside a minute; a create or upgrade can hold the lock for many minutes, and then
 * failing with the owner's pid after a minute is better than hanging without a word.
 */
export const DEFAULT_LOCK_TIMEOUT_MS = 60_000;

/** At most this many config files are read at once by loadAll (1000 machines must not hit EMFILE). */
const LOAD_CONCURRENCY = 32;

export const CONFIG_FILE = 'config.json';
export const CONFIG_BACKUP_FILE = 'config.json.bak';

export interface LoadedMachine {
  name: string;
  record?: MachineRecord;
  error?: BerthError;
}

export interface LockWaitOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** docker-machine's store layout (reference §4.1), with atomic writes, locks and validated loads. */
export interface FileStore {
  readonly path: string;
  /** Machine directory names (not starting with `.`), in byte order like a directory listing. */
  listNames(): Promise<string[]>;
  exists(name: string): Promise<boolean>;
  /** Loads, migrates (keeping `config.json.bak`) and validates one record. */
  load(name: string): Promise<MachineRecord>;
  /** Every machine; a broken one comes back with `error` and does not stop the rest. */
  loadAll(): Promise<LoadedMachine[]>;
  save(record: MachineRecord): Promise<void>;
  remove(name: string): Promise<void>;
  /** Serialises mutating commands on one machine across processes. */
  lockMachine(name: string, options?: LockWaitOptions): Promise<FileLock>;
  /** Serialises the CA and client certificate bootstrap across processes. */
  lockStore(options?: LockWaitOptions): Promise<FileLock>;
}

export function createFileStore(storePath: string): FileStore {
  const layout = storeLayout(storePath);

  const configFile = (name: string) => join(layout.machineDir(name), CONFIG_FILE);

  async function exists(name: string): Promise<boolean> {
    validateMachineName(name);
    try {
      await fsp.stat(layout.machineDir(name));
      return true;
    } catch (err) {
      if (isErrnoException(err, 'ENOENT') || isErrnoException(err, 'ENOTDIR')) return false;
      throw err;
    }
  }

  async function save(record: MachineRecord): Promise<void> {
    validateMachineName(record.Name);
    await fsp.mkdir(layout.machineDir(record.Name), { recursive: true, mode: 0o700 });
    await writeFileAtomic(configFile(record.Name), serializeRecord(record), { mode: 0o600 });
  }

  async function load(name: string): Promise<MachineRecord> {
    validateMachineName(name);
    const file = configFile(name);
    const bytes = await readConfig(name, file);
    let raw: unknown;
    try {
      raw = JSON.parse(bytes.toString('utf8'));
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
      throw new BerthError('STORE_CORRUPT', `${MIGRATED_HOST_ERROR}${jsonErrorText(err, bytes.toString('utf8'))}`, {
        hint: `${file} is not valid JSON. Restore ${CONFIG_BACKUP_FILE} if there is one, or remove the machine with \`berth rm -f ${name}\`.`,
        cause: err,
      });
    }
    const { record, migrated } = migrateToLatest(raw, { storePath, name, file });
    if (migrated) await saveMigrated(record, bytes);
    return record;
  }

  async function readConfig(name: string, file: string): Promise<Buffer> {
    try {
      // Synchronous: a few KiB in the page cache, and `ls` reads one per machine; the promise-based
      // read costs several thread-pool round trips each.
      return readFileSync(file);
    } catch (err) {
      if (!isErrnoException(err)) throw err;
      if ((err.code === 'ENOENT' || err.code === 'ENOTDIR') && !(await exists(name))) {
        throw new BerthError(
          'MACHINE_NOT_FOUND',
          `Docker machine "${name}" does not exist. Use "berth ls" to list machines. Use "berth create" to add a new one.`,
          { cause: err },
        );
      }
      throw new BerthError('STORE_CORRUPT', `The config of machine "${name}" cannot be read: ${file}: ${err.message}`, {
        hint: `Check the file's permissions, or remove the machine with \`berth rm -f ${name}\`.`,
        cause: err,
      });
    }
  }

  /** The original bytes go to config.json.bak before the migrated record replaces config.json. */
  async function saveMigrated(record: MachineRecord, original: Buffer): Promise<void> {
    const backup = join(layout.machineDir(record.Name), CONFIG_BACKUP_FILE);
    try {
      await writeFileAtomic(backup, original, { mode: 0o600 });
      await save(record);
    } catch (err) {
      if (!isErrnoException(err)) throw err;
      throw new BerthError(
        'STORE_MIGRATION_FAILED',
        `Could not save the migrated config of machine "${record.Name}" (${configFile(record.Name)}): ${err.message}`,
        { hint: 'Check that the store is writable; the old file is left as it was.', cause: err },
      );
    }
  }

  async function loadOne(name: string): Promise<LoadedMachine> {
    try {
      return { name, record: await load(name) };
    } catch (err) {
      if (isBerthError(err)) return { name, error: err };
      const message = err instanceof Error ? err.message : String(err);
      return {
        name,
        error: new BerthError('STORE_READ_FAILED', `Could not load machine "${name}": ${message}`, { cause: err }),
      };
    }
  }

  async function listNames(): Promise<string[]> {
    let entries;
    try {
      entries = await fsp.readdir(layout.machinesDir, { withFileTypes: true });
    } catch (err) {
      if (isErrnoException(err, 'ENOENT')) return [];
      throw err;
    }
    return entries
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
      .map((entry) => entry.name)
      .sort(compareBytes);
  }

  return {
    path: storePath,
    listNames,
    exists,
    load,
    async loadAll() {
      return mapWithLimit(await listNames(), LOAD_CONCURRENCY, loadOne);
    },
    save,
    async remove(name) {
      validateMachineName(name);
      await fsp.rm(layout.machineDir(name), { recursive: true, force: true });
    },
    async lockMachine(name, options = {}) {
      validateMachineName(name);
      const { acquireLock } = await import('./lock.js');
      return acquireLock(join(layout.locksDir, 'machines', name), {
        timeoutMs: options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
        subject: `Machine "${name}"`,
        ...(options.signal ? { signal: options.signal } : {}),
      });
    },
    async lockStore(options = {}) {
      const { acquireLock } = await import('./lock.js');
      return acquireLock(join(layout.locksDir, 'store'), {
        timeoutMs: options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
        subject: `The store "${storePath}"`,
        ...(options.signal ? { signal: options.signal } : {}),
      });
    },
  };
}

/**
 * A JSON.parse error in docker-machine's words where Go's differ: a truncated or empty file (the
 * usual result of a full disk) is Go's `unexpected end of JSON input`; other errors keep Node's text.
 */
export function jsonErrorText(err: SyntaxError, text: string): string {
  const position = /at position (\d+)/.exec(err.message)?.[1];
  const atEnd = /end of JSON input/i.test(err.message) || (position !== undefined && Number(position) >= text.length);
  return atEnd ? 'unexpected end of JSON input' : err.message;
}

async function mapWithLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

import type { MachineRecord } from '../store/record.js';
import { queryEngineVersion } from './engine-connection.js';
import { readCachedURL, writeCachedURL } from './url-cache.js';

/**
 * `ls` asks the driver for a machine's URL and only then the engine for its version: two round trips
 * in a row, and the first waits for the driver process to start. This starts the engine query at
 * once with the URL the driver gave last time (url-cache.ts, valid only while the driver config is
 * unchanged), and the answer is used only if the driver then reports the same URL; otherwise it is
 * aborted and thrown away. The result is exactly what the sequential order gives, sooner.
 */
export interface EarlyEngineQuery {
  /** The engine version for `url`: the early answer if it was for this URL, else a fresh query. */
  versionFor(url: string): Promise<string>;
  /** The driver had no URL (stopped, error): drop the early query. */
  cancel(): void;
}

export function startEarlyEngineQuery(
  record: MachineRecord,
  machineDir: string,
  options: { timeoutMs: number; signal: AbortSignal },
): EarlyEngineQuery {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(options.signal.reason);
  options.signal.addEventListener('abort', onAbort, { once: true });
  const query = { timeoutMs: options.timeoutMs, signal: controller.signal };
  const cachedURL = readCachedURL(machineDir, record);
  const early = cachedURL.then((url) =>
    url === undefined ? undefined : { url, version: settle(queryEngineVersion(record, machineDir, url, query)) },
  );
  const done = (): void => options.signal.removeEventListener('abort', onAbort);
  return {
    async versionFor(url) {
      const started = await early;
      try {
        if (started?.url === url) return unwrap(await started.version);
        controller.abort();
        await writeCachedURL(machineDir, record, url);
        return await queryEngineVersion(record, machineDir, url, { timeoutMs: options.timeoutMs, signal: options.signal });
      } finally {
        done();
      }
    },
    cancel() {
      controller.abort();
      done();
    },
  };
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Holds a rejection until asked, so an early query nobody waits for is never an unhandled rejection. */
function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

function unwrap<T>(result: Settled<T>): T {
  if (result.ok) return result.value;
  throw result.error;
}

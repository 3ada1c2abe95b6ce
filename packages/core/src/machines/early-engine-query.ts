import { isBerthError } from '../errors.js';
import type { MachineRecord } from '../store/record.js';
import { queryEngineVersion } from './engine-connection.js';
import { writeCachedURL, type CachedEngine } from './url-cache.js';

/**
 * `ls` asks the driver for a machine's URL and only then the engine for its version: two round trips
 * in a row, and the first waits for the driver process to start. This starts the engine query at
 * once with the URL the driver gave last time (url-cache.ts, valid only while the driver config is
 * unchanged). Where that cache stands for the driver (the engine must prove to be this machine's, as
 * for `env`), a proven answer is the row's and the driver is never asked (`proven`); otherwise the
 * answer is used only if the driver then reports the same URL, and is aborted and thrown away if it
 * reports another. The result is what the sequential order gives, sooner.
 */
export interface EarlyEngineQuery {
  /**
   * The engine's version if the cached URL stands for the driver and the engine there answered, and
   * proved to be this machine's, within `graceMs`; else undefined (ask the driver). The query goes on
   * after the grace for versionFor().
   */
  proven(graceMs: number): Promise<string | undefined>;
  /** The engine version for `url`: the early answer if it was for this URL, else a fresh query. */
  versionFor(url: string): Promise<string>;
  /** The driver had no URL (stopped, error): drop the early query. */
  cancel(): void;
}

export function startEarlyEngineQuery(
  record: MachineRecord,
  machineDir: string,
  cached: CachedEngine | undefined,
  options: { timeoutMs: number; signal: AbortSignal },
): EarlyEngineQuery {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(options.signal.reason);
  options.signal.addEventListener('abort', onAbort, { once: true });
  const done = (): void => options.signal.removeEventListener('abort', onAbort);
  const early =
    cached &&
    settle(queryEngineVersion(record, machineDir, cached.url, { timeoutMs: options.timeoutMs, signal: controller.signal, expectedServerCertPem: cached.serverCertPem }));
  return {
    async proven(graceMs) {
      if (!early || !cached?.standsForDriver) return undefined;
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), graceMs)));
      const answer = await Promise.race([early, grace]).finally(() => clearTimeout(timer));
      if (!answer?.ok) return undefined;
      done();
      return answer.value;
    },
    async versionFor(url) {
      try {
        if (early && cached?.url === url) {
          const answer = await early;
          if (answer.ok) return answer.value;
          // The early query also checked the engine's identity: a mismatch is for the query below to judge.
          if (!isBerthError(answer.error, 'ENGINE_IDENTITY_MISMATCH')) throw answer.error;
        } else {
          controller.abort();
          await writeCachedURL(machineDir, record, url);
        }
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

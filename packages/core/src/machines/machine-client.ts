import type { ProgressParams } from '@berth/driver-sdk';
import { createDriverHost, type DriverHost } from '../drivers/driver-host.js';
import { silentLogger, type Logger } from '../logger.js';
import type { Env } from '../paths.js';
import { createFileStore, type FileStore } from '../store/file-store.js';

export interface MachineClientOptions {
  storePath: string;
  /** Environment for driver resolution (BERTH_DRIVER_<NAME>_PATH, PATH) and DOCKER_HOST (ls ACTIVE). */
  env: Env;
  /**
   * Built-in driver name → entry path (the CLI locates them), or a function that locates them when
   * the first driver is needed: `env` with a cached URL never starts one.
   */
  builtins?: Record<string, string> | (() => Record<string, string>);
  logger?: Logger;
  hostInfo?: { name: string; version: string };
  debug?: boolean;
  onProgress?: (progress: ProgressParams) => void;
}

/**
 * The handle every machine operation takes: the store, plus a driver host started on first use (so
 * `ls -q` or `env` never launch a driver they do not need). Dispose it when the command ends.
 */
export interface MachineClient {
  readonly storePath: string;
  readonly store: FileStore;
  readonly env: Env;
  readonly logger: Logger;
  drivers(): DriverHost;
  dispose(): Promise<void>;
  /** For signal handlers: kill every driver process now. */
  killDriversSync(): void;
}

export function createMachineClient(options: MachineClientOptions): MachineClient {
  const logger = options.logger ?? silentLogger;
  const store = createFileStore(options.storePath);
  let host: DriverHost | undefined;
  return {
    storePath: options.storePath,
    store,
    env: options.env,
    logger,
    drivers() {
      host ??= createDriverHost({
        storePath: options.storePath,
        builtins: typeof options.builtins === 'function' ? options.builtins() : (options.builtins ?? {}),
        env: options.env,
        logger,
        hostInfo: options.hostInfo ?? { name: 'berth', version: '0.0.0' },
        logLevel: options.debug ? 'debug' : 'info',
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
      return host;
    },
    async dispose() {
      await host?.dispose();
    },
    killDriversSync() {
      host?.disposeSync();
    },
  };
}

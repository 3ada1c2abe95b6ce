/**
 * The pool of driver processes for one berth run: one process per driver name, started on first use and
 * shared by every machine and every concurrent caller. A driver that crashes stays crashed for the rest
 * of the run (later calls get the crash error); dispose() ends them all. Driver lookup, spawning
 * (child_process) and the protocol code (vscode-jsonrpc) load with the first driver, so commands that
 * need no driver never load them, and the protocol code loads while the child boots.
 */
import type { LogLevel } from '@berth/driver-sdk';
import { BerthError } from '../errors.js';
import { silentLogger, type Logger } from '../logger.js';
import type { Env } from '../paths.js';
import type { DriverProcess, DriverProgress } from './driver-process.js';
import { driverProcessSettings } from './driver-process-options.js';
import type { RemoteDriver } from './remote-driver.js';
import type { DriverChild } from './spawn-driver.js';

export interface DriverHostOptions {
  /** Driver name → absolute entry path of the built-in drivers (the CLI locates them). */
  builtins?: Record<string, string>;
  /** The store, for linked drivers and installed packages (`<store>/drivers`); without it those are not looked at. */
  storePath?: string;
  /** For BERTH_DRIVER_<NAME>_PATH and PATH, and the drivers' whole environment. Defaults to empty. */
  env?: Env;
  logger?: Logger;
  /** Sent to drivers in `initialize`. */
  hostInfo: { name: string; version: string };
  logLevel?: LogLevel;
  startTimeoutMs?: number;
  readTimeoutMs?: number;
  /** Each step of a driver's shutdown (answer shutdown, exit on stdin close, exit on SIGTERM). */
  shutdownStepMs?: number;
  onProgress?: (progress: DriverProgress) => void;
}

export class DriverHost {
  private readonly options: DriverHostOptions;
  private readonly logger: Logger;
  private readonly drivers = new Map<string, Promise<RemoteDriver>>();
  private readonly launches = new Map<string, Promise<void>>();
  private readonly processes = new Set<DriverProcess>();
  /** Children spawned while the protocol code is still loading (not yet in `processes`). */
  private readonly unwrapped = new Map<DriverChild, Promise<unknown>>();
  private disposed = false;
  private disposing: Promise<void> | undefined;

  constructor(options: DriverHostOptions) {
    this.options = options;
    this.logger = options.logger ?? silentLogger;
  }

  /** The driver named `name`, started once however many callers ask at the same time. */
  get(name: string): Promise<RemoteDriver> {
    if (this.disposed) return Promise.reject(this.shuttingDownError(name));
    let driver = this.drivers.get(name);
    if (driver === undefined) {
      let launched!: () => void;
      this.launches.set(name, new Promise<void>((resolve) => (launched = resolve)));
      driver = this.start(name, launched);
      driver.then(() => launched(), () => launched());
      this.drivers.set(name, driver);
    }
    return driver;
  }

  /**
   * Starts the driver (as get() does) and resolves once its process is spawned, before the protocol
   * code has loaded and long before the driver answers; never rejects (get() reports failures). `ls`
   * launches its drivers first, so their start-up runs on the other core while this process does its
   * CPU-bound engine queries.
   */
  launch(name: string): Promise<void> {
    this.get(name).catch(() => {});
    return this.launches.get(name) ?? Promise.resolve();
  }

  /** Ends every driver in parallel (shutdown, then SIGTERM, then SIGKILL); resolves when all are gone. */
  dispose(): Promise<void> {
    this.disposed = true;
    this.disposing ??= this.disposeAll();
    return this.disposing;
  }

  /**
   * For signal handlers, where nothing can be awaited: SIGKILLs every driver at once. Calls in flight
   * reject with DRIVER_CANCELLED; dispose() may still be awaited afterwards.
   */
  disposeSync(): void {
    this.disposed = true;
    for (const child of this.unwrapped.keys()) child.kill('SIGKILL');
    for (const driverProcess of this.processes) driverProcess.killSync();
  }

  private async start(name: string, launched: () => void): Promise<RemoteDriver> {
    const { options } = this;
    const [{ resolveDriver }, { spawnDriver }] = await Promise.all([import('./resolve-driver.js'), import('./spawn-driver.js')]);
    const resolved = await resolveDriver(name, {
      builtins: options.builtins ?? {},
      env: options.env ?? {},
      ...(options.storePath === undefined ? {} : { storePath: options.storePath }),
    });
    if (this.disposed) throw this.shuttingDownError(name);
    const spawned = spawnDriver(resolved, options.env ?? {});
    // The protocol code loads only now, while the child boots: loading it takes this thread ~20 ms.
    const protocol = Promise.all([import('./driver-process.js'), import('./remote-driver.js')]);
    protocol.catch(() => {});
    this.unwrapped.set(spawned.child, protocol);
    // The child boots on its own from here: callers need not wait for the protocol code to load.
    launched();
    let loaded: Awaited<typeof protocol>;
    try {
      loaded = await protocol;
    } catch (err) {
      spawned.child.kill('SIGKILL');
      throw err;
    } finally {
      this.unwrapped.delete(spawned.child);
    }
    const [{ DriverProcess }, { createRemoteDriver }] = loaded;
    const driverProcess = new DriverProcess(spawned, {
      hostInfo: options.hostInfo,
      ...driverProcessSettings({ ...options, logger: this.logger }),
    });
    this.processes.add(driverProcess);
    if (this.disposed) void driverProcess.dispose();
    try {
      const info = await driverProcess.initialize();
      this.logger.debug(
        `(${name}) started ${[resolved.command, ...resolved.args].join(' ')} from ${resolved.source}: ` +
          `pid ${driverProcess.pid}, ${info.driver.name} ${info.driver.version}, protocol ${info.protocolVersion}`,
      );
      return createRemoteDriver(driverProcess);
    } catch (err) {
      await driverProcess.dispose();
      throw err;
    }
  }

  private async disposeAll(): Promise<void> {
    // A driver still starting is in `processes` already (its initialize is cancelled); one still being
    // resolved sees `disposed` before it spawns anything; one spawned while the protocol code loads is
    // in `processes` (and disposed there) once that code has loaded.
    await Promise.allSettled([...this.unwrapped.values()]);
    await Promise.all([...this.processes].map((driverProcess) => driverProcess.dispose()));
  }

  private shuttingDownError(name: string): BerthError {
    return new BerthError('DRIVER_CANCELLED', `Driver "${name}" was not started: berth is shutting down`);
  }
}

export function createDriverHost(options: DriverHostOptions): DriverHost {
  return new DriverHost(options);
}

/**
 * Proves a driver package works before berth relies on it (install, link): each driver it declares is
 * started, answers `initialize`, and is shut down. A failure comes back as one line saying why.
 */
import type { InitializeResult, LogLevel } from '@berth/driver-sdk';
import { isBerthError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Env } from '../paths.js';
import type { DriverManifest } from './driver-manifest.js';
import { describeDuration } from './driver-errors.js';
import { launchDriver } from './driver-process.js';
import { driverProcessSettings } from './driver-process-options.js';
import { resolvedFromPackage, type ResolvedDriver } from './resolve-driver.js';

export interface ValidateDriverOptions {
  hostInfo: { name: string; version: string };
  /** The drivers' whole environment. */
  env: Env;
  logger?: Logger;
  logLevel?: LogLevel;
  startTimeoutMs?: number;
  shutdownStepMs?: number;
}

export interface ValidatedDriver {
  resolved: ResolvedDriver;
  info: InitializeResult;
}

/** Starts and initializes every driver of `manifest`, one after the other; throws the first failure. */
export async function validateDriverPackage(
  manifest: DriverManifest,
  source: 'linked' | 'installed',
  options: ValidateDriverOptions,
): Promise<ValidatedDriver[]> {
  const validated: ValidatedDriver[] = [];
  for (const [name, entry] of Object.entries(manifest.drivers)) {
    const resolved = resolvedFromPackage(name, { manifest, entry }, source);
    const driver = await launchDriver(resolved, {
      hostInfo: options.hostInfo,
      ...driverProcessSettings({
        env: options.env,
        logger: options.logger,
        logLevel: options.logLevel,
        startTimeoutMs: options.startTimeoutMs,
        shutdownStepMs: options.shutdownStepMs,
      }),
    });
    try {
      validated.push({ resolved, info: driver.info });
    } finally {
      await driver.dispose();
    }
  }
  return validated;
}

/** One line for why driver `name` failed its start: `driver "bad" crashed at start (exit code 3): boom`. */
export function describeStartFailure(name: string, err: unknown): string {
  const subject = `driver "${name}"`;
  if (!isBerthError(err)) return `${subject} could not be started: ${firstLine(err instanceof Error ? err.message : String(err))}`;
  const details = err.details ?? {};
  const lastLine = typeof details.stderrTail === 'string' ? details.stderrTail.split('\n').filter(Boolean).at(-1) : undefined;
  const withTail = (text: string) => (lastLine === undefined ? text : `${text}: ${lastLine}`);
  switch (err.code) {
    case 'DRIVER_START_FAILED':
      if (err.cause instanceof Error) return `${subject} could not be started: ${firstLine(err.cause.message)}`;
      return withTail(`${subject} crashed at start (${exitText(details)})`);
    case 'DRIVER_CRASHED':
      return withTail(`${subject} crashed (${exitText(details)})`);
    case 'DRIVER_PROTOCOL_ERROR':
      return `${subject} broke the driver protocol: ${firstLine(String(details.problem ?? err.message))}`;
    case 'DRIVER_TIMEOUT':
      return `${subject} did not answer initialize within ${describeDuration(Number(details.timeoutMs))}`;
    case 'PROTOCOL_MISMATCH':
      return firstLine(err.message).replace(/^Driver "/, 'driver "');
    default:
      return `${subject} failed to initialize: ${firstLine(err.message)}`;
  }
}

/** Like describeStartFailure, for whichever of the package's drivers failed (errors name it in their details). */
export function describePackageStartFailure(manifest: DriverManifest, err: unknown): string {
  const named = isBerthError(err) && typeof err.details?.driver === 'string' ? err.details.driver : undefined;
  return describeStartFailure(named ?? Object.keys(manifest.drivers)[0] ?? manifest.packageName, err);
}

function exitText(details: Record<string, unknown>): string {
  if (typeof details.signal === 'string') return `signal ${details.signal}`;
  if (typeof details.exitCode === 'number') return `exit code ${details.exitCode}`;
  return 'no exit status';
}

function firstLine(text: string): string {
  return text.split(/\r?\n/)[0] ?? '';
}

import type { DriverProcessOptions } from './driver-process.js';

/** The optional DriverProcess settings a caller passes through as they are. */
const PASSED_THROUGH = ['env', 'logger', 'logLevel', 'startTimeoutMs', 'readTimeoutMs', 'shutdownStepMs', 'onProgress'] as const;
type PassedThrough = Pick<DriverProcessOptions, (typeof PASSED_THROUGH)[number]>;

/**
 * The DriverProcess settings among `options`, without the ones left undefined (exactOptionalPropertyTypes
 * refuses an explicit undefined), so the driver host and `berth driver install` hand on the same set.
 */
export function driverProcessSettings(options: { [K in keyof PassedThrough]?: PassedThrough[K] | undefined }): PassedThrough {
  const settings: Record<string, unknown> = {};
  for (const key of PASSED_THROUGH) {
    if (options[key] !== undefined) settings[key] = options[key];
  }
  return settings as PassedThrough;
}

/** The `initialize` handshake, driver side: version negotiation and the capabilities a driver declares. */
import type { Driver } from './driver.js';
import { DriverError, ErrorCodes } from './error-codes.js';
import { isLogLevel } from './logger.js';
import { PROTOCOL_VERSIONS } from './protocol.js';
import type { DriverCapabilities, InitializeParams, InitializeResult } from './protocol.js';
import { invalidParams } from './response-errors.js';

/** The highest version both sides speak (go-plugin's rule), or undefined when they share none. */
export function negotiateProtocolVersion(
  offered: readonly number[],
  supported: readonly number[] = PROTOCOL_VERSIONS,
): number | undefined {
  const shared = offered.filter((version) => supported.includes(version));
  return shared.length === 0 ? undefined : Math.max(...shared);
}

/** `provision: true` and start/stop/restart/kill = "the method exists", then whatever the driver declares. */
export function resolveCapabilities(driver: Driver): DriverCapabilities {
  return {
    provision: true,
    start: typeof driver.start === 'function',
    stop: typeof driver.stop === 'function',
    restart: typeof driver.restart === 'function',
    kill: typeof driver.kill === 'function',
    ...driver.capabilities,
  };
}

/** Checks the shape the host sent; a bad one is a protocol fault (INVALID_PARAMS), not a driver error. */
export function parseInitializeParams(params: unknown): InitializeParams {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw invalidParams('initialize: params must be an object');
  }
  const { protocolVersions, host, logLevel } = params as Partial<Record<keyof InitializeParams, unknown>>;
  if (!Array.isArray(protocolVersions) || !protocolVersions.every((v) => Number.isInteger(v))) {
    throw invalidParams('initialize: params.protocolVersions must be an array of integers');
  }
  const hostInfo = typeof host === 'object' && host !== null ? (host as Partial<Record<'name' | 'version', unknown>>) : {};
  return {
    protocolVersions: protocolVersions as number[],
    host: {
      name: typeof hostInfo.name === 'string' ? hostInfo.name : 'unknown',
      version: typeof hostInfo.version === 'string' ? hostInfo.version : 'unknown',
    },
    logLevel: isLogLevel(logLevel) ? logLevel : 'info',
  };
}

export function answerInitialize(driver: Driver, params: InitializeParams): InitializeResult {
  const protocolVersion = negotiateProtocolVersion(params.protocolVersions);
  if (protocolVersion === undefined) {
    throw new DriverError(
      ErrorCodes.PROTOCOL_MISMATCH,
      `${params.host.name} ${params.host.version} speaks driver protocol versions [${params.protocolVersions.join(', ')}], ` +
        `but the ${driver.name} driver ${driver.version} speaks [${PROTOCOL_VERSIONS.join(', ')}]: they share none`,
      { hint: `Install a version of the ${driver.name} driver that matches this berth, or upgrade berth.` },
    );
  }
  return {
    protocolVersion,
    driver: { name: driver.name, version: driver.version },
    capabilities: resolveCapabilities(driver),
    createFlags: driver.createFlags,
  };
}

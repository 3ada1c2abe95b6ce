/**
 * The protocol's plain constants, in a module of their own with no imports, so that a host can find
 * and start a driver without loading the JSON-RPC library (protocol.ts re-exports them).
 */

/** Protocol versions this SDK speaks, newest last. */
export const PROTOCOL_VERSIONS: readonly number[] = [1];

/** The host puts this variable in the driver's environment; a driver started without it refuses to run. */
export const DRIVER_COOKIE_ENV = 'BERTH_DRIVER_COOKIE';
/** Not a secret, a UX guard (as go-plugin's magic cookie): "this executable is meant to be run by berth". Never change it. */
export const DRIVER_COOKIE_VALUE = 'b3rth-driver-7d1c4f0e';
/** The driver name the host asked for (one executable may serve several, e.g. generic and none). */
export const DRIVER_NAME_ENV = 'BERTH_DRIVER_NAME';

/** JSON-RPC error code for every driver-level error; `data.code` carries the stable string code. */
export const DRIVER_ERROR_CODE = 1000;

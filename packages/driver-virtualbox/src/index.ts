/**
 * The virtualbox driver package. Only the package skeleton exists so far; until it declares
 * `"berth": {"drivers": {...}}` in its package.json, berth reports the driver as not found.
 */
export const DRIVER_NAME = 'virtualbox';
